package org.greater4j.model;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The decoder-only families greater4j runs, with one override point per real architectural
 * difference. Everything else (RoPE in rotate-half layout, grouped-query attention, gated MLP,
 * RMSNorm) is shared. Config keys and their HF defaults are read by {@link ConfigReader}.
 */
public enum Family {
    /** Llama-2, Llama-3, Llama-3.1/3.2 (RoPE type llama3), llama2.c checkpoints. */
    LLAMA("llama"),
    /** Qwen2 / Qwen2.5: biases on q, k and v; sliding window only with {@code use_sliding_window}. */
    QWEN2("qwen2"),
    /** Qwen3: per-head RMSNorm on q and k after the projection, head_dim independent of hidden/heads. */
    QWEN3("qwen3"),
    /**
     * Gemma-2: embeddings scaled by sqrt(hidden), RMSNorm with (1 + w), gelu-tanh MLP, four norms per
     * layer, {@code query_pre_attn_scalar}, attention and final logit soft-capping, sliding window on
     * even-indexed layers, head_dim independent of hidden/heads.
     */
    GEMMA2("gemma2"),
    /**
     * Gemma-3 (text): Gemma-2's block plus per-head (1 + w) RMSNorm on q and k, sliding and full layers
     * by {@code layer_types}, a RoPE per layer type; no attention soft-cap (transformers ignores it).
     */
    GEMMA3("gemma3_text"),
    /** Mistral: Llama with a sliding window on every layer. */
    MISTRAL("mistral"),
    /** Phi-3 / Phi-3.5 / Phi-4-mini: fused qkv_proj and gate_up_proj, partial rotary, longrope. */
    PHI3("phi3"),
    /** SmolLM3: Llama with RoPE left out of the layers {@code no_rope_layers} marks 0. */
    SMOLLM3("smollm3"),
    /** OLMo-2: no pre-norms, norms after attention and MLP, RMSNorm over the whole q and k projections. */
    OLMO2("olmo2");

    /** Where a layer's norms sit. */
    public enum NormLayout {
        /** input_layernorm before attention, post_attention_layernorm before the MLP (Llama). */
        PRE,
        /** Gemma: input, post-attention, pre-feed-forward and post-feed-forward norms. */
        SANDWICH,
        /** OLMo-2: post_attention_layernorm on the attention output, post_feedforward_layernorm on the MLP output. */
        POST
    }

    /** RMSNorm on queries and keys after their projection (before RoPE). */
    public enum QkNorm {
        /** None. */
        NONE,
        /** Over each head's head_dim values (Qwen3, Gemma-3); weights [head_dim]. */
        PER_HEAD,
        /** Over the whole projection, all heads at once (OLMo-2); weights [heads * head_dim]. */
        WHOLE
    }

    /** The {@code model_type} in config.json. */
    public final String modelType;

    Family(String modelType) {
        this.modelType = modelType;
    }

    /** True when q/k/v projections must carry biases. */
    public boolean requiresQkvBias() {
        return this == QWEN2;
    }

    /** True when RMSNorm multiplies by (1 + w) instead of w (every norm, q/k norms included). */
    public boolean normPlusOne() {
        return this == GEMMA2 || this == GEMMA3;
    }

    /** Where the norms of a layer sit. */
    public NormLayout normLayout() {
        return switch (this) {
            case GEMMA2, GEMMA3 -> NormLayout.SANDWICH;
            case OLMO2 -> NormLayout.POST;
            default -> NormLayout.PRE;
        };
    }

    /** True for the sandwich block (post-attention and pre/post-feed-forward norms). */
    public boolean sandwichNorms() {
        return normLayout() == NormLayout.SANDWICH;
    }

    /** The q/k norm after the projection. */
    public QkNorm qkNorm() {
        return switch (this) {
            case QWEN3, GEMMA3 -> QkNorm.PER_HEAD;
            case OLMO2 -> QkNorm.WHOLE;
            default -> QkNorm.NONE;
        };
    }

    /** True when input embeddings are multiplied by sqrt(hidden_size). */
    public boolean scalesEmbeddings() {
        return this == GEMMA2 || this == GEMMA3;
    }

    /** True when the checkpoint stores q/k/v as one {@code qkv_proj} and gate/up as one {@code gate_up_proj}. */
    public boolean fusedCheckpoint() {
        return this == PHI3;
    }

    /** True when the family reads {@code hidden_activation} (Gemma) rather than {@code hidden_act}. */
    public boolean gemmaActivationKey() {
        return this == GEMMA2 || this == GEMMA3;
    }

    /**
     * transformers' defaults for config keys this family reads when config.json leaves them out
     * (the model's HF config class). Keys absent here are required.
     */
    public Map<String, Object> defaults() {
        return switch (this) {
            case LLAMA -> Map.of("max_position_embeddings", 2048, "rms_norm_eps", 1e-6, "tie_word_embeddings", false,
                    "hidden_act", "silu", "rope_theta", 10000.0);
            case QWEN2 -> Map.of("max_position_embeddings", 32768, "rms_norm_eps", 1e-6, "tie_word_embeddings", false,
                    "hidden_act", "silu", "rope_theta", 10000.0, "sliding_window", 4096, "max_window_layers", 28,
                    "use_sliding_window", false);
            case QWEN3 -> Map.of("max_position_embeddings", 32768, "rms_norm_eps", 1e-6, "tie_word_embeddings", false,
                    "hidden_act", "silu", "rope_theta", 10000.0, "sliding_window", 4096, "max_window_layers", 28,
                    "use_sliding_window", false, "head_dim", 128);
            case GEMMA2 -> Map.ofEntries(Map.entry("max_position_embeddings", 8192), Map.entry("rms_norm_eps", 1e-6),
                    Map.entry("tie_word_embeddings", true), Map.entry("hidden_activation", "gelu_pytorch_tanh"),
                    Map.entry("rope_theta", 10000.0), Map.entry("head_dim", 256), Map.entry("query_pre_attn_scalar", 256),
                    Map.entry("sliding_window", 4096), Map.entry("final_logit_softcapping", 30.0),
                    Map.entry("attn_logit_softcapping", 50.0), Map.entry("bos_token_id", 2), Map.entry("eos_token_id", 1));
            // Gemma3TextConfig's defaults are Gemma-3-1B's shape; multimodal checkpoints (Gemma-3-4B and larger)
            // leave most of them out of text_config.
            case GEMMA3 -> Map.ofEntries(Map.entry("vocab_size", 262208), Map.entry("hidden_size", 2304),
                    Map.entry("intermediate_size", 9216), Map.entry("num_hidden_layers", 26),
                    Map.entry("num_attention_heads", 8), Map.entry("num_key_value_heads", 4), Map.entry("head_dim", 256),
                    Map.entry("max_position_embeddings", 131072), Map.entry("rms_norm_eps", 1e-6),
                    Map.entry("tie_word_embeddings", true), Map.entry("hidden_activation", "gelu_pytorch_tanh"),
                    Map.entry("rope_theta", 1_000_000.0), Map.entry("rope_local_base_freq", 10000.0),
                    Map.entry("sliding_window_pattern", 6), Map.entry("query_pre_attn_scalar", 256),
                    Map.entry("sliding_window", 4096), Map.entry("bos_token_id", 2), Map.entry("eos_token_id", 1));
            case MISTRAL -> Map.of("max_position_embeddings", 131072, "rms_norm_eps", 1e-6, "tie_word_embeddings", false,
                    "hidden_act", "silu", "rope_theta", 10000.0, "sliding_window", 4096);
            case PHI3 -> Map.of("max_position_embeddings", 4096, "original_max_position_embeddings", 4096,
                    "rms_norm_eps", 1e-5, "tie_word_embeddings", false, "hidden_act", "silu", "rope_theta", 10000.0);
            case SMOLLM3 -> Map.of("max_position_embeddings", 32768, "rms_norm_eps", 1e-6, "tie_word_embeddings", true,
                    "hidden_act", "silu", "rope_theta", 2_000_000.0, "no_rope_layer_interval", 4, "use_sliding_window", false);
            case OLMO2 -> Map.of("max_position_embeddings", 2048, "rms_norm_eps", 1e-5, "tie_word_embeddings", false,
                    "hidden_act", "silu", "rope_theta", 10000.0);
        };
    }

    /** The family of a config's {@code model_type}; an unknown one is an error listing the supported ones. */
    public static Family of(String modelType) {
        for (Family f : values()) {
            if (f.modelType.equals(modelType)) return f;
        }
        throw new IllegalArgumentException("unknown model_type \"" + modelType + "\"; greater4j supports "
                + Arrays.stream(values()).map(f -> f.modelType).collect(Collectors.joining(", "))
                + " (and the text model of a multimodal gemma3 checkpoint)");
    }
}
