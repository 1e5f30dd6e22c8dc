package org.greater4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.greater4j.model.ModelConfig.LayerAttention;

/**
 * config.json to {@link ModelConfig}, for every family, in the spellings of transformers 5 and
 * older: every value read is checked against its allowed range, and a setting that changes the
 * math but that the engine does not implement is an error naming its key. Missing keys take the
 * family's transformers default ({@link Family#defaults()}).
 */
final class ConfigReader {
    /** More layers than any real model; keeps per-layer tables bounded before the memory check. */
    static final int MAX_LAYERS = 65_536;
    private static final int MAX = Integer.MAX_VALUE;

    private ConfigReader() {}

    /** Reads a parsed config.json; {@code extraEos} holds generation_config.json's EOS ids. */
    static ModelConfig read(JsonNode root, List<Integer> extraEos) {
        if (!root.isObject()) throw new IllegalArgumentException("is not a JSON object");
        ConfigValues top = new ConfigValues(root, "", Map.of());
        String type = top.string("model_type", null);
        if (type == null) throw new IllegalArgumentException("missing key \"model_type\"");
        ConfigValues c = top;
        boolean wrapped = type.equals("gemma3");
        if (wrapped) {
            // multimodal Gemma-3 (4B and larger): its language model is text_config; the vision tower is not read
            JsonNode text = top.raw("text_config");
            if (text == null || !text.isObject()) throw new IllegalArgumentException("model_type gemma3 needs a text_config object");
            c = new ConfigValues(text, "text_config.", Map.of());
            type = c.string("model_type", Family.GEMMA3.modelType);
            if (!type.equals(Family.GEMMA3.modelType)) {
                throw new IllegalArgumentException("text_config.model_type = \"" + type + "\" (allowed: gemma3_text)");
            }
        }
        Family family = Family.of(type);
        c = new ConfigValues(c.node(), c.name(""), family.defaults());
        rejectUnsupported(c, family);

        int hidden = c.integer("hidden_size", 1, MAX);
        int heads = c.integer("num_attention_heads", 1, MAX);
        int layers = c.integer("num_hidden_layers", 1, MAX_LAYERS);
        int kv = c.integer("num_key_value_heads", 1, heads, heads);
        if (heads % kv != 0) {
            throw new IllegalArgumentException(c.name("num_key_value_heads") + " = " + kv + " does not divide num_attention_heads "
                    + heads + " (allowed: a divisor of it)");
        }
        int headDim;
        if (c.hasOrDefault("head_dim")) {
            headDim = c.integer("head_dim", 2, MAX);
            if (headDim % 2 != 0) throw new IllegalArgumentException(c.name("head_dim") + " = " + headDim + " is odd (allowed: an even integer >= 2)");
        } else {
            if (hidden % heads != 0) {
                throw new IllegalArgumentException("hidden_size " + hidden + " is not divisible by num_attention_heads " + heads
                        + " and there is no head_dim key");
            }
            headDim = hidden / heads;
        }
        int vocab = c.integer("vocab_size", 1, MAX);
        int inter = c.integer("intermediate_size", 1, MAX / 2);
        int maxPos = c.integer("max_position_embeddings", 1, MAX, 2048);
        double eps = c.number("rms_norm_eps", 0, true, 0.1, 1e-6);
        boolean tie = wrapped && top.has("tie_word_embeddings") ? top.bool("tie_word_embeddings", true)
                : c.bool("tie_word_embeddings", false);
        String actKey = family.gemmaActivationKey() ? "hidden_activation" : "hidden_act";
        String act = c.string(actKey, "silu");
        if (!ModelConfig.ACTIVATIONS.contains(act)) {
            throw new IllegalArgumentException(c.name(actKey) + " = \"" + act + "\" is not supported (allowed: "
                    + String.join(", ", ModelConfig.ACTIVATIONS) + ")");
        }
        double qScalar = 0;
        double attnCap = 0;
        double finalCap = 0;
        if (family == Family.GEMMA2 || family == Family.GEMMA3) {
            qScalar = c.positive("query_pre_attn_scalar", null);
            finalCap = c.hasOrDefault("final_logit_softcapping") ? c.positive("final_logit_softcapping", null) : 0;
        }
        if (family == Family.GEMMA2) {
            attnCap = c.hasOrDefault("attn_logit_softcapping") ? c.positive("attn_logit_softcapping", null) : 0;
        }
        List<LayerAttention> attention = layerAttention(c, family, layers, headDim, maxPos);
        int bos = c.hasOrDefault("bos_token_id") ? c.integer("bos_token_id", 0, vocab - 1, -1) : -1;
        List<Integer> eos = new ArrayList<>();
        addIds(eos, c.value("eos_token_id"), c.name("eos_token_id"));
        if (wrapped) addIds(eos, top.raw("eos_token_id"), "eos_token_id");
        for (int id : extraEos) if (!eos.contains(id)) eos.add(id);
        for (int id : eos) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException(c.name("eos_token_id") + " = " + id + " is out of range (allowed: an integer in [0, "
                        + (vocab - 1) + "])");
            }
        }
        String dtype = c.has("dtype") ? c.string("dtype", "float32") : top.has("dtype") ? top.string("dtype", "float32")
                : c.has("torch_dtype") ? c.string("torch_dtype", "float32") : top.string("torch_dtype", "float32");
        return new ModelConfig(family, hidden, inter, layers, heads, kv, headDim, vocab, maxPos, eps, tie, attention,
                qScalar, attnCap, finalCap, act, bos, eos.stream().mapToInt(Integer::intValue).toArray(), dtype);
    }

    /** Settings a family's transformers class implements and the engine does not: an error unless off. */
    private static void rejectUnsupported(ConfigValues c, Family f) {
        if (f != Family.QWEN2 && f != Family.MISTRAL && f != Family.PHI3) {
            c.unsupportedUnless("attention_bias", false, "greater4j implements no attention biases for " + f.modelType);
        }
        if (f == Family.LLAMA || f == Family.SMOLLM3) c.unsupportedUnless("mlp_bias", false, "greater4j implements no MLP biases");
        if (f == Family.GEMMA2 || f == Family.GEMMA3) {
            c.unsupportedUnless("use_bidirectional_attention", false, "greater4j runs causal attention only");
        }
        if (f == Family.GEMMA3) {
            c.unsupportedUnless("attn_logit_softcapping", "null", "transformers' Gemma-3 attention does not apply it, so "
                    + "its meaning is unclear; set it to null");
        }
    }

    /** Attention type, sliding window and RoPE of every layer. */
    private static List<LayerAttention> layerAttention(ConfigValues c, Family f, int layers, int headDim, int maxPos) {
        // which layers use RoPE (SmolLM3's no_rope_layers: 1 = RoPE, 0 = none)
        boolean[] rope = new boolean[layers];
        java.util.Arrays.fill(rope, true);
        if (f == Family.SMOLLM3) {
            JsonNode nr = c.raw("no_rope_layers");
            if (nr != null) {
                if (!nr.isArray() || nr.size() != layers) {
                    throw new IllegalArgumentException(c.name("no_rope_layers") + " = " + nr + " is out of range (allowed: a list of "
                            + layers + " values 0 or 1, one per layer)");
                }
                for (int i = 0; i < layers; i++) {
                    JsonNode v = nr.get(i);
                    if (!v.isIntegralNumber() || (v.asInt() != 0 && v.asInt() != 1)) {
                        throw new IllegalArgumentException(c.name("no_rope_layers") + "[" + i + "] = " + v
                                + " is out of range (allowed: 1 = RoPE, 0 = none)");
                    }
                    rope[i] = v.asInt() == 1;
                }
            } else {
                int interval = c.integer("no_rope_layer_interval", 1, MAX);
                for (int i = 0; i < layers; i++) rope[i] = (i + 1) % interval != 0;
            }
        }
        // the window, when the family's config has one in force
        boolean windowOn = switch (f) {
            case QWEN2, QWEN3, SMOLLM3 -> c.bool("use_sliding_window", false);
            case GEMMA2, GEMMA3, MISTRAL, PHI3 -> true;
            default -> false;
        };
        int window = windowOn && c.hasOrDefault("sliding_window") ? c.integer("sliding_window", 1, MAX) : 0;
        // layer types: layer_types where the family reads it, else the family's rule
        String[] types = new String[layers];
        boolean readsTypes = f == Family.QWEN2 || f == Family.QWEN3 || f == Family.GEMMA2 || f == Family.GEMMA3 || f == Family.SMOLLM3;
        JsonNode lt = readsTypes ? c.raw("layer_types") : null;
        if (lt != null) {
            if (!lt.isArray() || lt.size() != layers) {
                throw new IllegalArgumentException(c.name("layer_types") + " = " + lt + " is out of range (allowed: a list of "
                        + layers + " layer types, one per layer)");
            }
            for (int i = 0; i < layers; i++) {
                String t = lt.get(i).asText();
                if (!t.equals(LayerAttention.FULL) && !t.equals(LayerAttention.SLIDING)) {
                    throw new IllegalArgumentException(c.name("layer_types") + "[" + i + "] = " + lt.get(i)
                            + " is not supported (supported: " + LayerAttention.FULL + ", " + LayerAttention.SLIDING + ")");
                }
                types[i] = t;
            }
        } else {
            int pattern = f == Family.GEMMA3 ? gemma3Pattern(c) : 0;
            int maxWindowLayers = f == Family.QWEN2 || f == Family.QWEN3 ? c.integer("max_window_layers", 0, MAX) : 0;
            for (int i = 0; i < layers; i++) {
                boolean sliding = switch (f) {
                    case GEMMA2 -> i % 2 == 0;
                    case GEMMA3 -> (i + 1) % pattern != 0;
                    case QWEN2, QWEN3 -> window > 0 && i >= maxWindowLayers;
                    case SMOLLM3 -> window > 0 && !rope[i];
                    case MISTRAL, PHI3 -> window > 0;
                    default -> false;
                };
                types[i] = sliding ? LayerAttention.SLIDING : LayerAttention.FULL;
            }
        }
        Set<String> used = new LinkedHashSet<>(List.of(types));
        if (used.contains(LayerAttention.SLIDING) && window == 0) {
            throw new IllegalArgumentException(c.name("layer_types") + " has sliding_attention layers but there is no sliding window ("
                    + c.name("sliding_window") + " = " + c.raw("sliding_window")
                    + (windowOn ? "" : ", use_sliding_window false") + "); allowed: sliding_window >= 1 with use_sliding_window true");
        }
        Map<String, Rope> ropes = RopeReader.read(c, f, headDim, maxPos, used);
        List<LayerAttention> out = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            boolean sliding = types[i].equals(LayerAttention.SLIDING);
            out.add(new LayerAttention(types[i], sliding ? window : 0, rope[i] ? ropes.get(types[i]) : null));
        }
        return out;
    }

    private static int gemma3Pattern(ConfigValues c) {
        String key = c.has("sliding_window_pattern") || !c.has("_sliding_window_pattern") ? "sliding_window_pattern" : "_sliding_window_pattern";
        return c.integer(key, 1, MAX);
    }

    /** Adds an id or a list of ids (null: nothing), each an integer. */
    static void addIds(List<Integer> out, JsonNode n, String key) {
        if (n == null || n.isNull()) return;
        for (JsonNode x : n.isArray() ? n : List.of(n)) {
            if (!x.isIntegralNumber() || !x.canConvertToInt()) {
                throw new IllegalArgumentException(key + " = " + n + " is out of range (allowed: a token id or a list of token ids)");
            }
            if (!out.contains(x.asInt())) out.add(x.asInt());
        }
    }
}
