package org.greater4j.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.greater4j.io.ModelFormatException;

/**
 * A HuggingFace {@code tokenizer.json} run by DJL's native tokenizers library, with truncation and
 * padding off (DJL truncates to 512 tokens by default). The vocabulary is also read with Jackson so
 * that token strings can be looked up by id. Special ids come from {@code tokenizer_config.json}
 * beside the file when present.
 */
public final class HfTokenizer implements Tokenizer {
    private final HuggingFaceTokenizer plain;
    private final HuggingFaceTokenizer withSpecials;
    private final Path source;
    private final String[] vocab;
    private final Map<String, Integer> ids;
    private final int bos;
    private final int eos;

    private HfTokenizer(Path source, HuggingFaceTokenizer plain, HuggingFaceTokenizer withSpecials,
                        String[] vocab, Map<String, Integer> ids, int bos, int eos) {
        this.source = source;
        this.plain = plain;
        this.withSpecials = withSpecials;
        this.vocab = vocab;
        this.ids = ids;
        this.bos = bos;
        this.eos = eos;
    }

    /** Loads {@code tokenizer.json}; reads {@code tokenizer_config.json} beside it for BOS/EOS when present. */
    public static HfTokenizer load(Path json) {
        if (!Files.isRegularFile(json)) {
            throw new ModelFormatException(json, "tokenizer.json not found; pass --tokenizer PATH");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new ModelFormatException(json, "is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode model = root.path("model");
        if (model.isMissingNode()) {
            throw new ModelFormatException(json, "has no \"model\" section: not a HuggingFace tokenizer.json");
        }
        Map<String, Integer> ids = new HashMap<>();
        JsonNode v = model.path("vocab");
        if (v.isObject()) {
            v.fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().asInt()));
        } else if (v.isArray()) { // Unigram: [[piece, score], ...]
            for (int i = 0; i < v.size(); i++) ids.put(v.get(i).get(0).asText(), i);
        }
        for (JsonNode t : root.path("added_tokens")) {
            ids.put(t.path("content").asText(), t.path("id").asInt());
        }
        int max = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        String[] vocab = new String[max + 1];
        ids.forEach((k, id) -> vocab[id] = k);

        HuggingFaceTokenizer plain;
        HuggingFaceTokenizer specials;
        try {
            Map<String, String> opts = new HashMap<>();
            opts.put("truncation", "false");
            opts.put("padding", "false");
            opts.put("addSpecialTokens", "false");
            plain = HuggingFaceTokenizer.newInstance(json, opts);
            opts.put("addSpecialTokens", "true");
            specials = HuggingFaceTokenizer.newInstance(json, opts);
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(json, "cannot be loaded by the tokenizers library: " + e.getMessage(), e);
        }
        int bos = -1;
        int eos = -1;
        Path cfg = json.resolveSibling("tokenizer_config.json");
        if (Files.exists(cfg)) {
            try {
                JsonNode c = new ObjectMapper().readTree(cfg.toFile());
                bos = idOf(ids, c.get("bos_token"));
                eos = idOf(ids, c.get("eos_token"));
            } catch (IOException e) {
                throw new ModelFormatException(cfg, "is not valid JSON: " + e.getMessage(), e);
            }
        }
        return new HfTokenizer(json, plain, specials, vocab, ids, bos, eos);
    }

    /** A special-token entry of tokenizer_config.json (a string or {"content": ...}) to its id, or -1. */
    static int idOf(Map<String, Integer> ids, JsonNode tok) {
        if (tok == null || tok.isNull()) return -1;
        String s = tok.isObject() ? tok.path("content").asText() : tok.asText();
        return ids.getOrDefault(s, -1);
    }

    @Override
    public int[] encode(String text) {
        return toInt(plain.encode(text, false, false).getIds());
    }

    @Override
    public int[] encodeWithSpecials(String text) {
        return toInt(withSpecials.encode(text, true, false).getIds());
    }

    @Override
    public String decode(int[] ids, boolean skipSpecial) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) l[i] = ids[i];
        return plain.decode(l, skipSpecial);
    }

    @Override
    public String tokenString(int id) {
        return id >= 0 && id < vocab.length ? vocab[id] : null;
    }

    @Override
    public int tokenId(String token) {
        return ids.getOrDefault(token, -1);
    }

    @Override
    public int vocabSize() {
        return vocab.length;
    }

    @Override
    public int bosId() {
        return bos;
    }

    @Override
    public int eosId() {
        return eos;
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public void close() {
        plain.close();
        withSpecials.close();
    }

    private static int[] toInt(long[] l) {
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) out[i] = (int) l[i];
        return out;
    }
}
