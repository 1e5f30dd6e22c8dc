package org.greater4j.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.greater4j.fuzz.Fuzz.FuzzClass;
import org.greater4j.fuzz.Fuzz.Mutation;
import org.greater4j.io.DType;
import org.greater4j.io.ModelFormatException;
import org.greater4j.model.TinyModels;

/**
 * The fuzz class of {@code config.json}: a tiny Llama-3 model (llama3 RoPE scaling, tied embeddings) whose config is
 * mutated; the result of a load is the model's logits for a fixed sequence. Keys transformers fills with a default when
 * they are missing (rope_theta, rms_norm_eps, num_key_value_heads, ...) are not removed: a config without them is a valid
 * config of another model, which no loader can tell from a corrupt one. Required keys are removed, and every value is
 * replaced by ones of the wrong type or out of range.
 */
final class ConfigFuzz {
    private ConfigFuzz() {}

    static final ObjectMapper OM = new ObjectMapper();
    static final String FILE = "config.json";
    static final List<String> REQUIRED = List.of("model_type", "hidden_size", "intermediate_size", "num_hidden_layers",
            "num_attention_heads", "vocab_size");

    static FuzzClass<float[][]> configJson() {
        return new FuzzClass<>("config.json", FILE, dir -> TinyModels.write(TinyModels.config("llama3_rope"), dir, DType.F32, 1),
                ModelFuzz::logits, ModelFuzz::sameLogits, t -> t instanceof ModelFormatException, true, ConfigFuzz::mutations);
    }

    static List<Mutation> mutations(byte[] original, Random rnd) throws IOException {
        ObjectNode root = (ObjectNode) OM.readTree(original);
        String text = new String(original, StandardCharsets.UTF_8);
        List<Mutation> ms = new ArrayList<>();
        // the file as a whole
        ms.add(Mutation.bad("empty file", Fuzz.write(FILE, "")));
        for (String v : new String[] {"null", "[]", "5", "\"config\"", "{}"}) ms.add(Mutation.bad("the file is " + v, Fuzz.write(FILE, v)));
        for (int i = 0; i < 8; i++) {
            int cut = 1 + rnd.nextInt(text.length() - 2);
            ms.add(Mutation.bad("truncated at byte " + cut, Fuzz.write(FILE, Arrays.copyOf(original, cut))));
        }
        ms.add(Mutation.bad("trailing garbage", Fuzz.write(FILE, text + "}")));
        ms.add(Mutation.bad("invalid UTF-8 in a key", Fuzz.write(FILE, Fuzz.insert(original, text.indexOf("\"hidden_size") + 1, (byte) 0xff))));
        ms.add(Mutation.bad("a duplicate key with another value", Fuzz.write(FILE,
                Fuzz.replaceFirst(text, "{", "{\n  \"hidden_size\" : 48,"))));
        ms.add(Mutation.benign("compact, no whitespace", Fuzz.write(FILE, OM.writeValueAsString(root))));
        ms.add(Fuzz.json(FILE, root, "an unknown key added", true, j -> j.put("greater4j_fuzz_unknown", 1)));
        ms.add(Fuzz.json(FILE, root, "keys in reverse order", true, j -> {
            List<String> names = new ArrayList<>();
            j.fieldNames().forEachRemaining(names::add);
            ObjectNode copy = j.deepCopy();
            j.removeAll();
            for (int i = names.size() - 1; i >= 0; i--) j.set(names.get(i), copy.get(names.get(i)));
        }));
        // required keys
        for (String k : REQUIRED) ms.add(Fuzz.json(FILE, root, k + " removed", false, j -> j.remove(k)));
        // every value of the wrong type or out of range
        List<String> ints = List.of("hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
                "vocab_size", "max_position_embeddings", "bos_token_id", "eos_token_id");
        for (String k : ints) {
            for (String v : new String[] {"-1", "0", "2.5", "\"32\"", "null", "true", "[]", "{}", "1e12", "9223372036854775808"}) {
                if (k.endsWith("_token_id") && (v.equals("null") || v.equals("[]"))) continue; // HF allows no id / a list
                ms.add(Fuzz.json(FILE, root, k + " -> " + v, false, j -> j.set(k, OM.readTree(v))));
            }
        }
        ms.add(Fuzz.json(FILE, root, "num_attention_heads 5 (does not divide hidden_size 64)", false, j -> j.put("num_attention_heads", 5)));
        ms.add(Fuzz.json(FILE, root, "num_key_value_heads 3 (does not divide 4 heads)", false, j -> j.put("num_key_value_heads", 3)));
        ms.add(Fuzz.json(FILE, root, "vocab_size one more than the embedding's rows", false, j -> j.put("vocab_size", j.get("vocab_size").asInt() + 1)));
        ms.add(Fuzz.json(FILE, root, "hidden_size twice the weights'", false, j -> j.put("hidden_size", 128)));
        ms.add(Fuzz.json(FILE, root, "num_hidden_layers one more than the weights hold", false, j -> j.put("num_hidden_layers", 3)));
        for (String k : new String[] {"rms_norm_eps", "rope_theta"}) {
            for (String v : new String[] {"-1", "0", "\"1e-5\"", "null", "true", "1e400"}) {
                ms.add(Fuzz.json(FILE, root, k + " -> " + v, false, j -> j.set(k, OM.readTree(v))));
            }
        }
        for (String v : new String[] {"\"gpt2\"", "\"\"", "5", "null", "\"LLAMA \""}) {
            ms.add(Fuzz.json(FILE, root, "model_type -> " + v, false, j -> j.set("model_type", OM.readTree(v))));
        }
        ms.add(Fuzz.json(FILE, root, "hidden_act -> \"relu_cubed\"", false, j -> j.put("hidden_act", "relu_cubed")));
        ms.add(Fuzz.json(FILE, root, "tie_word_embeddings -> \"yes\"", false, j -> j.put("tie_word_embeddings", "yes")));
        ms.add(Fuzz.json(FILE, root, "tie_word_embeddings false (no lm_head weights)", false, j -> j.put("tie_word_embeddings", false)));
        // RoPE scaling
        for (String v : new String[] {"\"llama3\"", "[]", "5", "{\"rope_type\": \"nope\"}", "{\"rope_type\": \"linear\"}",
            "{\"rope_type\": \"linear\", \"factor\": -2}", "{\"rope_type\": \"yarn\", \"factor\": \"4\"}", "{\"type\": 7}"}) {
            ms.add(Fuzz.json(FILE, root, "rope_scaling -> " + v, false, j -> j.set("rope_scaling", OM.readTree(v))));
        }
        JsonNode rs = root.get("rope_scaling");
        List<String> rsKeys = new ArrayList<>();
        rs.fieldNames().forEachRemaining(rsKeys::add);
        for (String k : rsKeys) {
            ms.add(Fuzz.json(FILE, root, "rope_scaling." + k + " removed", false, j -> ((ObjectNode) j.get("rope_scaling")).remove(k)));
            if (!k.equals("rope_type")) {
                for (String v : new String[] {"-1", "0", "\"8\"", "null"}) {
                    ms.add(Fuzz.json(FILE, root, "rope_scaling." + k + " -> " + v, false, j -> ((ObjectNode) j.get("rope_scaling")).set(k, OM.readTree(v))));
                }
            }
        }
        return ms;
    }
}
