package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A model's weights as native arrays in the compute dtype, laid out for the forward pass: q/k/v and
 * gate/up projections fused into one matrix each, Gemma-2's (1 + w) norm weights precomputed.
 * Owned by a {@link LanguageModel}; never mutated.
 *
 * @param embed      [vocab, hidden] input embeddings
 * @param lmHead     [vocab, hidden] output head (the same array as {@code embed} when tied)
 * @param finalNorm  [hidden] final RMSNorm multiplier
 * @param layers     decoder layers in order
 */
public record Weights(NDArray embed, NDArray lmHead, NDArray finalNorm, List<Layer> layers) {

    /**
     * One decoder layer.
     *
     * @param attnNorm    [hidden] input_layernorm multiplier, or null when folded into {@code qkv}
     * @param qkv         [(heads + 2 kvHeads) * headDim, hidden] fused q/k/v projection (the attention
     *                    scale folded into the q rows)
     * @param qkvBias     [(heads + 2 kvHeads) * headDim] or null
     * @param o           [hidden, heads * headDim] output projection
     * @param attnOutNorm [hidden] Gemma-2 post_attention_layernorm on the attention output, else null
     * @param mlpNorm     [hidden] norm before the MLP (Llama: post_attention_layernorm; Gemma-2:
     *                    pre_feedforward_layernorm), or null when folded into {@code gateUp}
     * @param mlpOutNorm  [hidden] Gemma-2 post_feedforward_layernorm, else null
     * @param gateUp      [2 * intermediate, hidden] fused gate and up projections
     * @param down        [hidden, intermediate] down projection
     */
    public record Layer(NDArray attnNorm, NDArray qkv, NDArray qkvBias, NDArray o, NDArray attnOutNorm,
                        NDArray mlpNorm, NDArray mlpOutNorm, NDArray gateUp, NDArray down) {}
}
