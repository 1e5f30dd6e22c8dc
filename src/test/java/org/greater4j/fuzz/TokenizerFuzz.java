package org.greater4j.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.greater4j.fuzz.Fuzz.FuzzClass;
import org.greater4j.fuzz.Fuzz.Mutation;
import org.greater4j.io.ModelFormatException;
import org.greater4j.text.Tokenizer;

/**
 * The fuzz class of {@code tokenizer.json}: the toy model's tokenizer (a WordLevel vocabulary of 84
 * tokens, six of them special, a TemplateProcessing post-processor adding BOS) with its
 * {@code tokenizer_config.json}. The result of a load is everything a caller can observe: the
 * vocabulary size, BOS and EOS, every token's string, and the encoding (with and without specials)
 * and decoding of probe texts. Mutations that leave a valid but different tokenizer (a token
 * renamed, the last token dropped) are not made: no loader can tell them from a real tokenizer.
 */
final class TokenizerFuzz {
    private TokenizerFuzz() {}

    static final ObjectMapper OM = new ObjectMapper();
    static final String FILE = "tokenizer.json";
    static final List<String> PROBES = List.of("what is 3 + 4 ? think step by step .", "Compute the value of 12-7, slowly!",
            "<bos> answer <eos> <user> x <assistant>", "", "unknown words é 中 and 99");

    /** What a loaded tokenizer shows. */
    record Result(int vocab, int bos, int eos, List<String> strings, List<String> encodings) {}

    static Result load(Path dir) {
        try (Tokenizer t = Tokenizer.load(dir.resolve(FILE))) {
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < t.vocabSize(); i++) strings.add(t.tokenString(i));
            List<String> enc = new ArrayList<>();
            for (String p : PROBES) {
                int[] ids = t.encode(p);
                enc.add(Arrays.toString(ids) + " " + Arrays.toString(t.encodeWithSpecials(p)) + " " + t.decode(ids)
                        + " " + t.decode(ids, true));
            }
            return new Result(t.vocabSize(), t.bosId(), t.eosId(), strings, enc);
        }
    }

    static FuzzClass<Result> tokenizerJson() {
        return new FuzzClass<>("tokenizer.json", FILE, dir -> {
            for (String f : new String[] {FILE, "tokenizer_config.json"}) {
                try (InputStream in = TokenizerFuzz.class.getResourceAsStream("/toy/toy-v1/" + f)) {
                    Files.write(dir.resolve(f), in.readAllBytes());
                }
            }
        }, TokenizerFuzz::load, Result::equals, t -> t instanceof ModelFormatException, false, TokenizerFuzz::mutations);
    }

    static Mutation bad(ObjectNode root, String name, Fuzz.JsonEdit e) {
        return Fuzz.json(FILE, root, name, false, e);
    }

    static ObjectNode vocab(ObjectNode root) {
        return (ObjectNode) root.get("model").get("vocab");
    }

    static List<Mutation> mutations(byte[] original, Random rnd) throws IOException {
        ObjectNode root = (ObjectNode) OM.readTree(original);
        String text = new String(original, StandardCharsets.UTF_8);
        List<String> tokens = new ArrayList<>();
        vocab(root).fieldNames().forEachRemaining(tokens::add);
        int n = tokens.size();
        List<Mutation> ms = new ArrayList<>();
        // the shape of the vocabulary
        ms.add(bad(root, "vocab a list of tokens", j -> {
            ArrayNode a = OM.createArrayNode();
            tokens.forEach(a::add);
            ((ObjectNode) j.get("model")).set("vocab", a);
        }));
        ms.add(bad(root, "vocab a list of [token, 0.0]", j -> {
            ArrayNode a = OM.createArrayNode();
            tokens.forEach(t -> a.addArray().add(t).add(0.0));
            ((ObjectNode) j.get("model")).set("vocab", a);
        }));
        for (String v : new String[] {"\"x\"", "5", "null", "true"}) {
            ms.add(bad(root, "vocab " + v, j -> ((ObjectNode) j.get("model")).set("vocab", OM.readTree(v))));
        }
        ms.add(bad(root, "vocab missing", j -> ((ObjectNode) j.get("model")).remove("vocab")));
        ms.add(bad(root, "model missing", j -> j.remove("model")));
        ms.add(bad(root, "model a list", j -> j.putArray("model")));
        ms.add(bad(root, "model type Unigram", j -> ((ObjectNode) j.get("model")).put("type", "Unigram")));
        ms.add(bad(root, "model type BPE", j -> ((ObjectNode) j.get("model")).put("type", "BPE")));
        ms.add(bad(root, "model type 5", j -> ((ObjectNode) j.get("model")).put("type", 5)));
        ms.add(bad(root, "unk_token not in the vocab", j -> ((ObjectNode) j.get("model")).put("unk_token", "<nope>")));
        ms.add(bad(root, "unk_token 5", j -> ((ObjectNode) j.get("model")).put("unk_token", 5)));
        // ids of vocabulary entries
        String[] ids = {"-1", "-5", "1e9", "1000000000", "2147483648", "9223372036854775808", "2.5", "\"7\"", "null", "[3]",
            String.valueOf(n), String.valueOf(n + 100)};
        for (String v : ids) {
            String t = tokens.get(1 + rnd.nextInt(n - 1));
            ms.add(bad(root, "vocab \"" + t + "\" -> " + v, j -> vocab(j).set(t, OM.readTree(v))));
        }
        for (int k = 0; k < 4; k++) {
            String t = tokens.get(rnd.nextInt(n));
            String u = tokens.get(rnd.nextInt(n));
            if (t.equals(u)) continue;
            ms.add(bad(root, "vocab \"" + t + "\" takes the id of \"" + u + "\"", j -> vocab(j).set(t, vocab(j).get(u))));
        }
        for (int k = 0; k < 12; k++) { // one digit of an id changed: a collision or a gap
            String t = tokens.get(rnd.nextInt(n));
            int id = root.get("model").get("vocab").get(t).asInt();
            char[] digits = Integer.toString(id).toCharArray();
            int at = rnd.nextInt(digits.length);
            char d = (char) ('0' + rnd.nextInt(10));
            if (d == digits[at]) d = (char) ('0' + (d - '0' + 1) % 10);
            digits[at] = d;
            int changed = Integer.parseInt(new String(digits));
            ms.add(bad(root, "vocab \"" + t + "\" id " + id + " -> " + changed, j -> vocab(j).put(t, changed)));
        }
        String middle = tokens.get(n / 2);
        ms.add(bad(root, "vocab entry \"" + middle + "\" removed (a gap)", j -> vocab(j).remove(middle)));
        ms.add(Mutation.bad("vocab key repeated", Fuzz.write(FILE, Fuzz.replaceFirst(text, "\"vocab\" : {",
                "\"vocab\" : {\n      \"what\" : 70,"))));
        ms.add(Mutation.bad("model key repeated", Fuzz.write(FILE, Fuzz.replaceFirst(text, "\"model\" : {",
                "\"model\" : {\n    \"type\" : \"WordLevel\","))));
        // added tokens
        JsonNode added = root.get("added_tokens");
        for (String v : new String[] {"1000000000", "-1", "1e9", "\"2\"", "5", String.valueOf(n), "null"}) {
            int i = rnd.nextInt(added.size());
            ms.add(bad(root, "added_tokens[" + i + "] id -> " + v, j -> ((ObjectNode) j.get("added_tokens").get(i)).set("id", OM.readTree(v))));
        }
        ms.add(bad(root, "added token with a new id 1000000000", j -> ((ArrayNode) j.get("added_tokens")).addObject()
                .put("id", 1_000_000_000).put("content", "<x>").put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true)));
        ms.add(bad(root, "two added tokens with one id", j -> ((ArrayNode) j.get("added_tokens")).addObject()
                .put("id", 2).put("content", "<other>").put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true)));
        ms.add(bad(root, "added token without content", j -> ((ObjectNode) j.get("added_tokens").get(1)).remove("content")));
        ms.add(bad(root, "added token content 5", j -> ((ObjectNode) j.get("added_tokens").get(1)).put("content", 5)));
        ms.add(bad(root, "added_tokens an object", j -> j.putObject("added_tokens")));
        ms.add(bad(root, "added_tokens a list of strings", j -> j.putArray("added_tokens").add("<bos>")));
        // the post-processor's special token ids
        for (String v : new String[] {"[3]", "[200]", "[-1]", "[\"2\"]", "[]", "[2, 2]"}) {
            ms.add(bad(root, "post_processor <bos> ids " + v, j -> ((ObjectNode) j.get("post_processor").get("special_tokens")
                    .get("<bos>")).set("ids", OM.readTree(v))));
        }
        ms.add(bad(root, "post_processor <bos> tokens [<nope>]", j -> ((ObjectNode) j.get("post_processor").get("special_tokens")
                .get("<bos>")).putArray("tokens").add("<nope>")));
        // the text itself
        ms.add(Mutation.bad("followed by x", Fuzz.write(FILE, text + "x")));
        ms.add(Mutation.bad("followed by {}", Fuzz.write(FILE, text + "{}")));
        ms.add(Mutation.bad("empty", Fuzz.write(FILE, "")));
        ms.add(Mutation.bad("a list", Fuzz.write(FILE, "[]")));
        ms.add(Mutation.bad("not UTF-8 in a token", Fuzz.write(FILE, Fuzz.insert(original, text.indexOf("\"what\"") + 2, (byte) 0xE9))));
        ms.add(Mutation.bad("NUL in a token", Fuzz.write(FILE, Fuzz.insert(original, text.indexOf("\"what\"") + 2, (byte) 0))));
        ms.add(Mutation.bad("nesting 100000 deep", Fuzz.write(FILE, Fuzz.replaceFirst(text, "\"truncation\" : null",
                "\"truncation\" : " + "[".repeat(100_000) + "]".repeat(100_000)))));
        ms.add(Mutation.bad("a 2000-digit number", Fuzz.write(FILE, Fuzz.replaceFirst(text, "\"truncation\" : null",
                "\"truncation\" : 1" + "0".repeat(2000)))));
        for (int k = 0; k < 8; k++) {
            int cut = 1 + rnd.nextInt(original.length - 2);
            ms.add(Mutation.bad("truncated at byte " + cut, Fuzz.write(FILE, Arrays.copyOf(original, cut))));
        }
        for (int k = 0; k < 12; k++) { // a structural character removed
            int at;
            do {
                at = rnd.nextInt(original.length);
            } while ("{}[]:,\"".indexOf(original[at]) < 0);
            byte[] x = new byte[original.length - 1];
            System.arraycopy(original, 0, x, 0, at);
            System.arraycopy(original, at + 1, x, at, original.length - at - 1);
            ms.add(Mutation.bad("'" + (char) original[at] + "' at byte " + at + " removed", Fuzz.write(FILE, x)));
        }
        // changes the format allows
        ms.add(Mutation.benign("compact", Fuzz.write(FILE, OM.writeValueAsString(root))));
        ms.add(Fuzz.json(FILE, root, "vocab in reverse order", true, j -> {
            List<Map.Entry<String, JsonNode>> es = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab(j).fields(); it.hasNext(); ) es.add(it.next());
            ObjectNode r = OM.createObjectNode();
            for (int i = es.size() - 1; i >= 0; i--) r.set(es.get(i).getKey(), es.get(i).getValue());
            ((ObjectNode) j.get("model")).set("vocab", r);
        }));
        ms.add(Fuzz.json(FILE, root, "top-level keys in reverse order", true, j -> {
            List<String> keys = new ArrayList<>();
            j.fieldNames().forEachRemaining(keys::add);
            ObjectNode r = OM.createObjectNode();
            for (int i = keys.size() - 1; i >= 0; i--) r.set(keys.get(i), j.get(keys.get(i)));
            j.removeAll();
            j.setAll(r);
        }));
        ms.add(Mutation.benign("trailing newlines added", Fuzz.write(FILE, text + "\n\n")));
        return ms;
    }
}
