package org.greater4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.greater4j.io.DType;
import org.greater4j.io.SafeTensors;

/**
 * Tiny deterministic models of every family, written to a directory as a real HF checkpoint. The
 * weight generator is the one of src/test/resources/golden/make_golden.py (splitmix64 of the
 * tensor name's FNV-1a hash and the element index), so the same configs reproduce the goldens.
 */
public final class TinyModels {
    private TinyModels() {}

    static final String[] FAMILIES = {"llama", "llama3_rope", "qwen2", "gemma2", "mistral"};

    /** The config.json of a named tiny case (the same as the golden cases). */
    public static ObjectNode config(String name) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode c = om.createObjectNode();
        c.put("hidden_size", 32).put("intermediate_size", 48).put("num_hidden_layers", 2).put("num_attention_heads", 4)
                .put("num_key_value_heads", 2).put("vocab_size", 64).put("max_position_embeddings", 128)
                .put("rms_norm_eps", 1e-5).put("rope_theta", 10000.0).put("tie_word_embeddings", false)
                .put("bos_token_id", 1).put("eos_token_id", 2);
        switch (name) {
            case "llama" -> c.put("model_type", "llama").put("hidden_act", "silu");
            case "llama3_rope" -> {
                c.put("model_type", "llama").put("hidden_act", "silu").put("hidden_size", 64).put("intermediate_size", 96)
                        .put("max_position_embeddings", 256).put("rope_theta", 500000.0).put("tie_word_embeddings", true);
                ObjectNode rs = c.putObject("rope_scaling");
                rs.put("rope_type", "llama3").put("factor", 8.0).put("low_freq_factor", 1.0).put("high_freq_factor", 4.0)
                        .put("original_max_position_embeddings", 16);
            }
            case "qwen2" -> c.put("model_type", "qwen2").put("hidden_act", "silu").put("rope_theta", 1000000.0).put("rms_norm_eps", 1e-6)
                    .put("tie_word_embeddings", true).put("use_sliding_window", false).put("sliding_window", 4).put("max_window_layers", 1);
            case "gemma2" -> c.put("model_type", "gemma2").put("head_dim", 16).put("num_hidden_layers", 3).put("rms_norm_eps", 1e-6)
                    .put("tie_word_embeddings", true).put("hidden_activation", "gelu_pytorch_tanh").put("query_pre_attn_scalar", 24)
                    .put("attn_logit_softcapping", 5.0).put("final_logit_softcapping", 3.0).put("sliding_window", 4)
                    .put("cache_implementation", "hybrid");
            case "mistral" -> c.put("model_type", "mistral").put("hidden_act", "silu").put("sliding_window", 4);
            default -> throw new IllegalArgumentException(name);
        }
        return c;
    }

    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xFF);
            h *= 0x100000001b3L;
        }
        return h;
    }

    static long splitmix64(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** u(name, i) in [-1, 1), as in make_golden.py. */
    static double u(String name, long i) {
        return ((splitmix64(fnv1a64(name) ^ i) >>> 11) * 0x1.0p-53) * 2.0 - 1.0;
    }

    /** Values of one tensor, rounded to float32. */
    static double[] values(String name, long numel, double offset, double scale) {
        double[] v = new double[(int) numel];
        for (int i = 0; i < numel; i++) v[i] = (float) (offset + scale * u(name, i));
        return v;
    }

    /** Tensor shapes (HF names, in checkpoint order) and their (offset, scale) for a config. */
    static Map<String, double[]> layout(JsonNode c, Map<String, long[]> shapes) {
        Map<String, double[]> os = new LinkedHashMap<>();
        String type = c.get("model_type").asText();
        boolean gemma = type.equals("gemma2");
        int h = c.get("hidden_size").asInt(), heads = c.get("num_attention_heads").asInt(), kvh = c.get("num_key_value_heads").asInt();
        int hd = c.has("head_dim") ? c.get("head_dim").asInt() : h / heads;
        int f = c.get("intermediate_size").asInt(), v = c.get("vocab_size").asInt(), layers = c.get("num_hidden_layers").asInt();
        double[] normOs = gemma ? new double[] {0, 0.2} : new double[] {1.0, 0.2};
        put(shapes, os, "model.embed_tokens.weight", new double[] {0, 1}, v, h);
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            put(shapes, os, p + "input_layernorm.weight", normOs, h);
            put(shapes, os, p + "self_attn.q_proj.weight", lin(h), heads * hd, h);
            put(shapes, os, p + "self_attn.k_proj.weight", lin(h), kvh * hd, h);
            put(shapes, os, p + "self_attn.v_proj.weight", lin(h), kvh * hd, h);
            if (type.equals("qwen2")) {
                put(shapes, os, p + "self_attn.q_proj.bias", new double[] {0, 0.2}, heads * hd);
                put(shapes, os, p + "self_attn.k_proj.bias", new double[] {0, 0.2}, kvh * hd);
                put(shapes, os, p + "self_attn.v_proj.bias", new double[] {0, 0.2}, kvh * hd);
            }
            put(shapes, os, p + "self_attn.o_proj.weight", lin(heads * hd), h, heads * hd);
            put(shapes, os, p + "post_attention_layernorm.weight", normOs, h);
            if (gemma) {
                put(shapes, os, p + "pre_feedforward_layernorm.weight", normOs, h);
                put(shapes, os, p + "post_feedforward_layernorm.weight", normOs, h);
            }
            put(shapes, os, p + "mlp.gate_proj.weight", lin(h), f, h);
            put(shapes, os, p + "mlp.up_proj.weight", lin(h), f, h);
            put(shapes, os, p + "mlp.down_proj.weight", lin(f), h, f);
        }
        put(shapes, os, "model.norm.weight", normOs, h);
        if (!c.path("tie_word_embeddings").asBoolean(gemma)) put(shapes, os, "lm_head.weight", new double[] {0, 1}, v, h);
        return os;
    }

    private static double[] lin(int in) {
        return new double[] {0, 0.4 / Math.sqrt(in)};
    }

    private static void put(Map<String, long[]> shapes, Map<String, double[]> os, String name, double[] offScale, long... shape) {
        shapes.put(name, shape);
        os.put(name, offScale);
    }

    /** Writes the named tiny model into {@code dir} (config.json + model.safetensors, F32) and returns dir. */
    public static Path write(String name, Path dir) {
        return write(config(name), dir, DType.F32, 1);
    }

    /**
     * Writes a model for {@code config} into {@code dir}: weights from the deterministic generator,
     * in {@code shards} safetensors files (with an index when more than one).
     */
    public static Path write(JsonNode config, Path dir, DType dtype, int shards) {
        try {
            Files.createDirectories(dir);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Map<String, double[]> os = layout(config, shapes);
            Map<String, double[]> vals = new LinkedHashMap<>();
            for (var e : shapes.entrySet()) {
                long n = 1;
                for (long s : e.getValue()) n *= s;
                vals.put(e.getKey(), values(e.getKey(), n, os.get(e.getKey())[0], os.get(e.getKey())[1]));
            }
            if (shards <= 1) {
                SafeTensors.write(dir.resolve("model.safetensors"), shapes, vals, dtype);
                return dir;
            }
            String[] names = shapes.keySet().toArray(new String[0]);
            ObjectMapper om = new ObjectMapper();
            ObjectNode index = om.createObjectNode();
            ObjectNode wm = index.putObject("weight_map");
            int per = (names.length + shards - 1) / shards;
            for (int s = 0; s < shards; s++) {
                String file = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
                Map<String, long[]> sh = new LinkedHashMap<>();
                Map<String, double[]> sv = new LinkedHashMap<>();
                for (int i = s * per; i < Math.min(names.length, (s + 1) * per); i++) {
                    sh.put(names[i], shapes.get(names[i]));
                    sv.put(names[i], vals.get(names[i]));
                    wm.put(names[i], file);
                }
                SafeTensors.write(dir.resolve(file), sh, sv, dtype);
            }
            om.writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
