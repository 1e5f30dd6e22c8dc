package org.greater4j.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.greater4j.io.ModelFormatException;

/**
 * What the text layer needs from a HuggingFace model or tokenizer directory: the chat template, the
 * special tokens a template may refer to, the tokenizer class, the model type and the context length.
 * Read by {@link #read(Path)} from {@code tokenizer_config.json} (and {@code chat_template.jinja},
 * {@code config.json}, {@code tokenizer.json} when present); immutable.
 *
 * @param dir             the directory read (for error messages); may be null for a config built in code
 * @param chatTemplate    the Jinja chat template, or null when the directory has none
 * @param specialTokens   {@code bos_token}, {@code eos_token}, {@code unk_token}, {@code sep_token},
 *                        {@code pad_token}, {@code cls_token}, {@code mask_token}: those that are set, as text
 * @param additionalSpecialTokens {@code additional_special_tokens}, as text
 * @param tokenizerClass  {@code tokenizer_class} (e.g. {@code GemmaTokenizer}), or null
 * @param modelType       {@code model_type} from {@code config.json} (e.g. {@code gemma2}), or null
 * @param addedTokens     the contents of the tokenizer's added (special) tokens, from
 *                        {@code added_tokens_decoder} and {@code tokenizer.json}'s {@code added_tokens};
 *                        empty when neither file is there (then nothing is known about them)
 * @param contextLength   the model's context in tokens ({@code max_position_embeddings}, else a sane
 *                        {@code model_max_length}), or {@link Integer#MAX_VALUE} when unknown
 */
public record TokenizerConfig(Path dir, String chatTemplate, Map<String, String> specialTokens,
                              List<String> additionalSpecialTokens, String tokenizerClass, String modelType,
                              Set<String> addedTokens, int contextLength) {

    /** The special-token keys HuggingFace passes to chat templates (its {@code special_tokens_map}). */
    public static final List<String> SPECIAL_TOKEN_KEYS =
            List.of("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token");

    /** Copies the collections; checks that the context length is positive. */
    public TokenizerConfig {
        specialTokens = Collections.unmodifiableMap(new LinkedHashMap<>(specialTokens));
        additionalSpecialTokens = List.copyOf(additionalSpecialTokens);
        addedTokens = Collections.unmodifiableSet(new LinkedHashSet<>(addedTokens));
        if (contextLength <= 0) {
            throw new IllegalArgumentException("contextLength must be positive, got " + contextLength);
        }
    }

    /** A config with no template, no special tokens and unknown context: what a base model without files has. */
    public static TokenizerConfig empty() {
        return new TokenizerConfig(null, null, Map.of(), List.of(), null, null, Set.of(), Integer.MAX_VALUE);
    }

    /** This config with another chat template (e.g. from {@code --chat-template FILE}); null removes it. */
    public TokenizerConfig withChatTemplate(String template) {
        return new TokenizerConfig(dir, template, specialTokens, additionalSpecialTokens, tokenizerClass, modelType,
                addedTokens, contextLength);
    }

    /** True when every one of {@code tokens} is an added token of the tokenizer (false when none are known). */
    public boolean hasTokens(String... tokens) {
        return !addedTokens.isEmpty() && addedTokens.containsAll(Arrays.asList(tokens));
    }

    /** The family these files belong to; see {@link ChatFamily#detect}. */
    public ChatFamily family() {
        return ChatFamily.detect(this);
    }

    /**
     * The variables HuggingFace's {@code apply_chat_template} passes to a template besides
     * {@code messages} and {@code add_generation_prompt}: each special token that is set, and
     * {@code additional_special_tokens}. Returns a new mutable map.
     */
    public Map<String, Object> templateVariables() {
        Map<String, Object> vars = new LinkedHashMap<>(specialTokens);
        if (!additionalSpecialTokens.isEmpty()) vars.put("additional_special_tokens", additionalSpecialTokens);
        return vars;
    }

    /**
     * Reads a model or tokenizer directory: {@code tokenizer_config.json} (chat template, special
     * tokens, tokenizer class, {@code added_tokens_decoder}, {@code model_max_length}),
     * {@code chat_template.jinja} when the config has no template, {@code config.json}
     * ({@code model_type}, {@code max_position_embeddings}) and the {@code added_tokens} of
     * {@code tokenizer.json}. Each file is optional, but at least one must be there.
     *
     * @throws ModelFormatException naming the file when it is not valid JSON or has an unexpected shape
     */
    public static TokenizerConfig read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelFormatException(dir, "is not a directory; pass a model or tokenizer directory holding "
                    + "tokenizer_config.json (and tokenizer.json)");
        }
        Path tc = dir.resolve("tokenizer_config.json");
        Path mc = dir.resolve("config.json");
        Path tj = dir.resolve("tokenizer.json");
        Path jinja = dir.resolve("chat_template.jinja");
        if (!Files.exists(tc) && !Files.exists(mc) && !Files.exists(tj) && !Files.exists(jinja)) {
            throw new ModelFormatException(dir, "has none of tokenizer_config.json, config.json, tokenizer.json: "
                    + "not a HuggingFace model or tokenizer directory");
        }
        String template = null;
        Map<String, String> specials = new LinkedHashMap<>();
        List<String> additional = new ArrayList<>();
        String tokenizerClass = null;
        String modelType = null;
        Set<String> added = new LinkedHashSet<>();
        long maxLength = Long.MAX_VALUE;
        if (Files.exists(tc)) {
            JsonNode c = readJson(tc);
            template = chatTemplate(tc, c.get("chat_template"));
            for (String key : SPECIAL_TOKEN_KEYS) {
                String s = tokenText(c.get(key));
                if (s != null) specials.put(key, s);
            }
            for (JsonNode t : c.path("additional_special_tokens")) {
                String s = tokenText(t);
                if (s != null) additional.add(s);
            }
            c.path("added_tokens_decoder").forEach(t -> {
                String s = tokenText(t);
                if (s != null) added.add(s);
            });
            if (c.path("tokenizer_class").isTextual()) tokenizerClass = c.get("tokenizer_class").asText();
            if (c.path("model_max_length").isNumber()) maxLength = saneLength(c.get("model_max_length").asDouble());
        }
        if (template == null && Files.exists(jinja)) {
            try {
                template = Files.readString(jinja);
            } catch (IOException e) {
                throw new ModelFormatException(jinja, "cannot be read: " + e.getMessage(), e);
            }
        }
        if (Files.exists(mc)) {
            JsonNode c = readJson(mc);
            if (c.path("model_type").isTextual()) modelType = c.get("model_type").asText();
            if (c.path("max_position_embeddings").isNumber()) {
                maxLength = saneLength(c.get("max_position_embeddings").asDouble());
            }
        }
        if (Files.exists(tj)) added.addAll(addedTokensOf(tj));
        int context = maxLength >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) maxLength;
        return new TokenizerConfig(dir, template, specials, additional, tokenizerClass, modelType, added, context);
    }

    private static long saneLength(double v) {
        // HF writes 1e30 ("VERY_LARGE_INTEGER") when a tokenizer has no limit.
        return v > 0 && v < 1e9 ? (long) v : Long.MAX_VALUE;
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            if (n == null || !n.isObject()) throw new ModelFormatException(file, "is not a JSON object");
            return n;
        } catch (IOException e) {
            throw new ModelFormatException(file, "is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A chat_template entry: a string, or HF's list of {"name", "template"} (the "default" one is used). */
    private static String chatTemplate(Path file, JsonNode t) {
        if (t == null || t.isNull()) return null;
        if (t.isTextual()) return t.asText();
        if (t.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode e : t) {
                String name = e.path("name").asText();
                names.add(name);
                if ("default".equals(name)) return e.path("template").asText();
            }
            throw new ModelFormatException(file, "has named chat templates " + names + " but none called \"default\"; "
                    + "pass the one you want with --chat-template FILE");
        }
        throw new ModelFormatException(file, "\"chat_template\" is neither a string nor a list of named templates");
    }

    /** A special-token entry: a string or {"content": ...}; null when absent or null. */
    static String tokenText(JsonNode tok) {
        if (tok == null || tok.isNull()) return null;
        if (tok.isObject()) return tok.path("content").isTextual() ? tok.get("content").asText() : null;
        return tok.isTextual() ? tok.asText() : null;
    }

    /** The contents of tokenizer.json's top-level "added_tokens", streamed (the file can be tens of MB). */
    private static List<String> addedTokensOf(Path json) {
        List<String> out = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (JsonParser p = new JsonFactory(mapper).createParser(json.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ModelFormatException(json, "is not a JSON object: not a HuggingFace tokenizer.json");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("added_tokens".equals(field)) {
                    JsonNode arr = mapper.readTree(p);
                    for (JsonNode t : arr) {
                        String s = tokenText(t);
                        if (s != null) out.add(s);
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new ModelFormatException(json, "is not valid JSON: " + e.getMessage(), e);
        }
        return out;
    }
}
