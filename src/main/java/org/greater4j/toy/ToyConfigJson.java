package org.greater4j.toy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a toy model is saved as: its tensors under HuggingFace names, and a Llama {@code config.json} with its training settings. */
final class ToyConfigJson {
    private ToyConfigJson() {}

    /** Rows [rowFrom, rowFrom + shape[0]) of a parameter (row-major), as doubles, under {@code name}. */
    static void put(java.util.Map<String, long[]> shapes, java.util.Map<String, double[]> values, String name, ai.djl.ndarray.NDArray w,
                    int rowFrom, long... shape) {
        float[] all = w.toFloatArray();
        long rowLen = shape.length == 1 ? 1 : shape[1];
        int n = (int) (shape[0] * rowLen);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = all[(int) (rowFrom * rowLen) + i];
        shapes.put(name, shape);
        values.put(name, out);
    }

    /**
     * The {@code config.json} of a toy model: a HuggingFace Llama config (tied embeddings, no biases,
     * BOS/EOS/PAD ids of {@link ToyVocabulary}) plus a {@code greater4j_training} block recording the
     * training settings and the steps taken.
     */
    static ObjectNode of(ToySize size, TrainingConfig cfg, int stepsTaken, int vocabSize, double rmsEps, double ropeTheta) {
        ToyVocabulary vocab = ToyVocabulary.standard();
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        c.put("hidden_size", size.hidden());
        c.put("intermediate_size", size.ffn());
        c.put("num_hidden_layers", size.layers());
        c.put("num_attention_heads", size.heads());
        c.put("num_key_value_heads", size.kvHeads());
        c.put("head_dim", size.headDim());
        c.put("vocab_size", vocabSize);
        c.put("max_position_embeddings", size.maxPositions());
        c.put("rms_norm_eps", rmsEps);
        c.put("rope_theta", ropeTheta);
        c.put("tie_word_embeddings", true);
        c.put("hidden_act", "silu");
        c.put("attention_bias", false);
        c.put("mlp_bias", false);
        c.put("initializer_range", 0.02);
        c.put("bos_token_id", vocab.bosId());
        c.put("eos_token_id", vocab.eosId());
        c.put("pad_token_id", vocab.padId());
        c.put("torch_dtype", "float32");
        ObjectNode t = c.putObject("greater4j_training");
        t.put("seed", cfg.seed()).put("steps", stepsTaken).put("batch", cfg.batch()).put("lr", cfg.lr())
                .put("warmup", cfg.warmup()).put("min_lr_ratio", cfg.minLrRatio()).put("beta1", cfg.beta1())
                .put("beta2", cfg.beta2()).put("weight_decay", cfg.weightDecay()).put("clip", cfg.clip())
                .put("schedule_steps", cfg.steps()).put("eval_every", cfg.evalEvery())
                .put("eval_questions", cfg.evalQuestions()).put("stop_at", cfg.stopAt());
        return c;
    }


    /**
     * Writes a toy model as a HuggingFace Llama directory: {@code config.json}, {@code model.safetensors} (F32, HF
     * tensor names, no {@code lm_head}: tied), {@code tokenizer.json}, {@code tokenizer_config.json}.
     *
     * @param layers per layer: attention norm, fused qkv, o, MLP norm, fused gate-up, down
     */
    static void save(java.nio.file.Path dir, ToySize size, ObjectNode config, ai.djl.ndarray.NDArray embed,
                     java.util.List<ai.djl.ndarray.NDArray[]> layers, ai.djl.ndarray.NDArray finalNorm, ToyVocabulary vocab) {
        try {
            java.nio.file.Files.createDirectories(dir);
            java.util.Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
            java.util.Map<String, double[]> values = new java.util.LinkedHashMap<>();
            int h = size.hidden();
            int kv = size.kvHeads() * size.headDim();
            int f = size.ffn();
            put(shapes, values, "model.embed_tokens.weight", embed, 0, vocab.size(), h);
            for (int l = 0; l < layers.size(); l++) {
                ai.djl.ndarray.NDArray[] lw = layers.get(l);
                String p = "model.layers." + l + ".";
                put(shapes, values, p + "input_layernorm.weight", lw[0], 0, h);
                put(shapes, values, p + "self_attn.q_proj.weight", lw[1], 0, h, h);
                put(shapes, values, p + "self_attn.k_proj.weight", lw[1], h, kv, h);
                put(shapes, values, p + "self_attn.v_proj.weight", lw[1], h + kv, kv, h);
                put(shapes, values, p + "self_attn.o_proj.weight", lw[2], 0, h, h);
                put(shapes, values, p + "post_attention_layernorm.weight", lw[3], 0, h);
                put(shapes, values, p + "mlp.gate_proj.weight", lw[4], 0, f, h);
                put(shapes, values, p + "mlp.up_proj.weight", lw[4], f, f, h);
                put(shapes, values, p + "mlp.down_proj.weight", lw[5], 0, h, f);
            }
            put(shapes, values, "model.norm.weight", finalNorm, 0, h);
            org.greater4j.io.SafeTensors.write(dir.resolve("model.safetensors"), shapes, values, org.greater4j.io.DType.F32);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
            vocab.writeTokenizer(dir, size.maxPositions());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot save the toy model to " + dir + ": " + e.getMessage(), e);
        }
    }
}
