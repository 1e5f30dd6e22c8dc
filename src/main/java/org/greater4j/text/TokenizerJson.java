package org.greater4j.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.greater4j.io.StrictJson;

/**
 * The vocabulary of a HuggingFace {@code tokenizer.json}, read by streaming and checked before DJL's
 * native library is given the file, so that a corrupt file fails at once with a message instead of
 * costing seconds and gigabytes (an id of 1e9) or a native error text. The rules:
 * <ul>
 *   <li>strict JSON: no repeated key, nothing after the top-level object;</li>
 *   <li>{@code model.vocab} is an object {@code {"token": id}} (BPE, WordPiece, WordLevel) or, for
 *       Unigram, a list of {@code [piece, score]};</li>
 *   <li>every id is an integer in {@code [0, }{@link #MAX_VOCAB}{@code )}; the vocab's ids are
 *       distinct; an added token already in the vocab has the vocab's id; no two tokens share an id;</li>
 *   <li>the ids of the vocab and the added tokens together cover {@code 0 .. max} without a gap, as
 *       every file the tokenizers library writes does;</li>
 *   <li>the model's {@code unk_token} (or Unigram's {@code unk_id}) is a token of the vocabulary, and
 *       every special token of the post-processor has the id the vocabulary gives it.</li>
 * </ul>
 */
final class TokenizerJson {
    /**
     * Largest vocabulary accepted: 2^22 = 4,194,304 ids, 16 times the largest in use (Gemma's
     * 262,144); an id above it is corruption, and an array that large still costs only 32 MB.
     */
    static final int MAX_VOCAB = 1 << 22;

    /** The vocabulary: token string by id (index = id) and id by token string. */
    record Vocab(String[] byId, Map<String, Integer> ids) {}

    private final Path file;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> byId = new ArrayList<>();
    private final BitSet seen = new BitSet();
    private String modelType;
    private String vocabKind; // "object" or "list"
    private int vocabCount;
    private boolean hasModel;
    private JsonNode postProcessor;
    private JsonNode unkToken;
    private JsonNode unkId;

    private TokenizerJson(Path file) {
        this.file = file;
    }

    /**
     * Reads and checks the vocabulary of {@code file}.
     *
     * @throws TokenizerFormatException naming the file, the entry, the value and the fix
     */
    static Vocab read(Path file) {
        TokenizerJson t = new TokenizerJson(file);
        try (JsonParser p = StrictJson.MAPPER.createParser(file.toFile())) {
            t.top(p);
        } catch (StrictJson.Invalid e) {
            throw t.error(e.getMessage(), "fetch the tokenizer.json again", e);
        } catch (JsonProcessingException e) {
            throw t.error(StrictJson.describe(e).getMessage(), "fetch the tokenizer.json again", e);
        } catch (IOException e) {
            throw new TokenizerFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        return t.finish();
    }

    private TokenizerFormatException error(String what, String fix, Throwable cause) {
        return new TokenizerFormatException(file, what + "; " + fix, cause);
    }

    private TokenizerFormatException error(String what) {
        return error(what, "fetch the tokenizer.json that belongs to the model again", null);
    }

    private void top(JsonParser p) throws IOException, StrictJson.Invalid {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw error("is not a JSON object: not a HuggingFace tokenizer.json");
        }
        List<JsonNode> added = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("model")) {
                model(p);
            } else if (field.equals("post_processor")) {
                postProcessor = StrictJson.readValue(p);
            } else if (field.equals("added_tokens")) {
                JsonNode a = StrictJson.readValue(p);
                if (!a.isArray() && !a.isNull()) throw error("\"added_tokens\" is not a list (" + abbreviate(a) + ")");
                added = new ArrayList<>();
                a.forEach(added::add);
            } else {
                p.skipChildren();
            }
        }
        JsonToken after;
        try {
            after = p.nextToken();
        } catch (JsonProcessingException e) {
            after = JsonToken.NOT_AVAILABLE;
        }
        if (after != null) {
            var at = p.currentTokenLocation();
            throw error("has content after its JSON object (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        if (!hasModel) throw error("has no \"model\" section: not a HuggingFace tokenizer.json");
        if (vocabKind == null) throw error("has no \"model.vocab\": not a HuggingFace tokenizer.json");
        String type = modelType == null ? "" : modelType;
        if (vocabKind.equals("list") && !type.isEmpty() && !type.equals("Unigram")) throw listForType(type);
        if (vocabKind.equals("object") && type.equals("Unigram")) {
            throw error("the model's \"vocab\" is an object, but a Unigram vocab must be a list of [piece, score]");
        }
        int max = seen.length() - 1;
        if (vocabCount > 0 && max != vocabCount - 1) {
            throw error("the vocab's " + vocabCount + " ids are not 0.." + (vocabCount - 1) + ": no token has id "
                    + seen.nextClearBit(0) + " (largest id " + max + ")");
        }
        if (added != null) for (int i = 0; i < added.size(); i++) addedToken(i, added.get(i));
    }

    private TokenizerFormatException listForType(String type) {
        return error("the model's \"vocab\" is a list, but a " + type + " vocab must be an object "
                + "{\"token\": id, ...} (only Unigram models have a list of [piece, score])");
    }

    private void model(JsonParser p) throws IOException, StrictJson.Invalid {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw error("\"model\" is not an object: not a HuggingFace tokenizer.json");
        }
        hasModel = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("type")) {
                if (v != JsonToken.VALUE_STRING) throw error("\"model.type\" is not a string (" + p.getText() + ")");
                modelType = p.getText();
            } else if (field.equals("vocab") && v == JsonToken.START_OBJECT) {
                vocabKind = "object";
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String token = p.currentName();
                    p.nextToken();
                    vocabEntry(token, p);
                }
            } else if (field.equals("vocab") && v == JsonToken.START_ARRAY) {
                vocabKind = "list";
                if (modelType != null && !modelType.equals("Unigram")) throw listForType(modelType);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    JsonNode e = StrictJson.readValue(p);
                    int id = vocabCount;
                    if (!e.isArray() || e.size() != 2 || !e.get(0).isTextual() || !e.get(1).isNumber()) {
                        throw error("\"model.vocab[" + id + "]\" is " + abbreviate(e) + ", not a [piece, score] pair");
                    }
                    put(e.get(0).asText(), id, "model.vocab[" + id + "]");
                }
            } else if (field.equals("unk_token")) {
                unkToken = StrictJson.readValue(p);
            } else if (field.equals("unk_id")) {
                unkId = StrictJson.readValue(p);
            } else if (field.equals("vocab")) {
                throw error("\"model.vocab\" is " + p.getText() + ", neither an object {\"token\": id} nor a list of "
                        + "[piece, score]");
            } else {
                p.skipChildren();
            }
        }
    }

    private void vocabEntry(String token, JsonParser p) throws IOException {
        String where = "vocab entry \"" + abbreviate(token) + "\"";
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT) {
            String shown = t == JsonToken.START_ARRAY ? "a list" : t == JsonToken.START_OBJECT ? "an object"
                    : t == JsonToken.VALUE_STRING ? "\"" + abbreviate(p.getText()) + "\"" : abbreviate(p.getText());
            throw error(where + " has the id " + shown + ", which is not an integer");
        }
        put(token, checkedId(p.getText(), where), where);
    }

    private int checkedId(String text, String where) {
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            id = Long.MAX_VALUE;
        }
        if (id < 0 || id >= MAX_VOCAB) {
            throw error(where + " has the id " + text + ", outside 0.." + (MAX_VOCAB - 1) + " (no tokenizer has more than "
                    + MAX_VOCAB + " tokens)");
        }
        return (int) id;
    }

    private void put(String token, int id, String where) {
        Integer before = ids.putIfAbsent(token, id);
        if (before != null) throw error(where + " repeats the token \"" + abbreviate(token) + "\" (id " + before + " before)");
        if (seen.get(id)) {
            throw error("id " + id + " is given to both \"" + abbreviate(byId.get(id)) + "\" and \"" + abbreviate(token)
                    + "\" (" + where + ")");
        }
        seen.set(id);
        while (byId.size() <= id) byId.add(null);
        byId.set(id, token);
        vocabCount++;
    }

    private void addedToken(int i, JsonNode t) {
        String where = "added_tokens[" + i + "]";
        JsonNode c = t.get("content");
        JsonNode id = t.get("id");
        if (!t.isObject() || c == null || !c.isTextual() || id == null) {
            throw error(where + " is " + abbreviate(t) + ", not an object with an \"id\" and a \"content\" string");
        }
        String content = c.asText();
        if (!id.isIntegralNumber()) {
            throw error(where + " (\"" + abbreviate(content) + "\") has the id " + abbreviate(id) + ", which is not an integer");
        }
        int n = checkedId(id.asText(), where + " (\"" + abbreviate(content) + "\")");
        Integer inVocab = ids.get(content);
        if (inVocab != null && inVocab != n) {
            throw error(where + " gives \"" + abbreviate(content) + "\" the id " + n + " but it already has the id "
                    + inVocab + "; a token has one id");
        }
        if (inVocab != null) return;
        if (seen.get(n)) {
            throw error(where + " gives the id " + n + " to \"" + abbreviate(content) + "\" but it already belongs to \""
                    + abbreviate(byId.get(n)) + "\"; a token renamed in added_tokens must be renamed in the vocab too");
        }
        ids.put(content, n);
        seen.set(n);
        while (byId.size() <= n) byId.add(null);
        byId.set(n, content);
    }

    private Vocab finish() {
        if (unkToken != null && !unkToken.isNull() && (!unkToken.isTextual() || !ids.containsKey(unkToken.asText()))) {
            throw error("\"model.unk_token\" is " + abbreviate(unkToken) + ", which is not a token of the vocabulary");
        }
        if (unkId != null && !unkId.isNull() && (!unkId.isIntegralNumber() || unkId.asLong() < 0 || unkId.asLong() >= vocabCount)) {
            throw error("\"model.unk_id\" is " + abbreviate(unkId) + ", not an id of the vocabulary 0.." + (vocabCount - 1));
        }
        if (postProcessor != null) checkPostProcessor(postProcessor, "post_processor");
        int max = seen.length() - 1;
        int gap = seen.nextClearBit(0);
        if (gap < max) {
            throw error("no token has id " + gap + ", but ids go up to " + max + " (vocab 0.." + (vocabCount - 1)
                    + ", then added tokens); a tokenizer.json gives every id up to the largest a token");
        }
        return new Vocab(byId.toArray(new String[0]), java.util.Collections.unmodifiableMap(ids));
    }

    /**
     * The special tokens a post-processor adds must carry the ids the vocabulary gives them:
     * TemplateProcessing's {@code special_tokens} ({@code {"ids": [...], "tokens": [...]}}), Bert's and
     * Roberta's {@code sep}/{@code cls} ({@code [token, id]}), inside Sequence processors too.
     */
    private void checkPostProcessor(JsonNode pp, String where) {
        if (pp.isArray()) {
            for (int i = 0; i < pp.size(); i++) checkPostProcessor(pp.get(i), where + "[" + i + "]");
            return;
        }
        if (!pp.isObject()) return;
        JsonNode specials = pp.get("special_tokens");
        if (specials != null && specials.isObject()) {
            specials.fields().forEachRemaining(e -> {
                JsonNode ids = e.getValue().path("ids");
                JsonNode toks = e.getValue().path("tokens");
                if (!ids.isArray() || !toks.isArray() || ids.size() != toks.size()) {
                    throw error(where + ".special_tokens \"" + abbreviate(e.getKey()) + "\" needs lists \"ids\" and \"tokens\" "
                            + "of one length (" + abbreviate(e.getValue()) + ")");
                }
                for (int i = 0; i < ids.size(); i++) special(where + ".special_tokens \"" + e.getKey() + "\"", toks.get(i), ids.get(i));
            });
        }
        for (String k : new String[] {"sep", "cls"}) {
            JsonNode pair = pp.get(k);
            if (pair != null && pair.isArray() && pair.size() == 2) special(where + "." + k, pair.get(0), pair.get(1));
        }
        JsonNode inner = pp.get("processors");
        if (inner != null) checkPostProcessor(inner, where + ".processors");
    }

    private void special(String where, JsonNode token, JsonNode id) {
        Integer known = token.isTextual() ? ids.get(token.asText()) : null;
        if (known == null || !id.isIntegralNumber() || id.asLong() != known) {
            throw error(where + " gives the token " + abbreviate(token) + " the id " + abbreviate(id) + ", but the vocabulary "
                    + (known == null ? "has no such token" : "gives it the id " + known));
        }
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
