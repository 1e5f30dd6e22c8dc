package org.greater4j.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The decoder-only families greater4j runs, with one override point per real architectural
 * difference. Everything else (RoPE in rotate-half layout, grouped-query attention, SwiGLU or
 * GeGLU MLP, RMSNorm) is shared.
 */
public enum Family {
    /** Llama-2, Llama-3, Llama-3.1/3.2 ({@code rope_scaling} of type llama3), llama2.c checkpoints. */
    LLAMA("llama"),
    /** Qwen2 / Qwen2.5: biases on q, k and v; sliding window only with {@code use_sliding_window}. */
    QWEN2("qwen2"),
    /**
     * Gemma-2: embeddings scaled by sqrt(hidden), RMSNorm with (1 + w), gelu-tanh MLP, four norms per
     * layer, {@code query_pre_attn_scalar}, attention and final logit soft-capping, sliding window on
     * even-indexed layers, head_dim independent of hidden/heads.
     */
    GEMMA2("gemma2"),
    /** Mistral: Llama with a sliding window on every layer. */
    MISTRAL("mistral");

    /** The {@code model_type} in config.json. */
    public final String modelType;

    Family(String modelType) {
        this.modelType = modelType;
    }

    /** True when q/k/v projections must carry biases. */
    public boolean requiresQkvBias() {
        return this == QWEN2;
    }

    /** True when RMSNorm multiplies by (1 + w) instead of w. */
    public boolean normPlusOne() {
        return this == GEMMA2;
    }

    /** True for the sandwich block (post-attention and pre/post-feed-forward norms). */
    public boolean sandwichNorms() {
        return this == GEMMA2;
    }

    /** True when input embeddings are multiplied by sqrt(hidden_size). */
    public boolean scalesEmbeddings() {
        return this == GEMMA2;
    }

    /** The family of a config's {@code model_type}; an unknown one is an error listing the supported ones. */
    public static Family of(String modelType) {
        for (Family f : values()) {
            if (f.modelType.equals(modelType)) return f;
        }
        throw new IllegalArgumentException("unknown model_type \"" + modelType + "\"; greater4j supports "
                + Arrays.stream(values()).map(f -> f.modelType).collect(Collectors.joining(", ")));
    }
}
