package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A model's weights as native arrays in the compute dtype, laid out for the forward pass: q/k/v and
 * gate/up projections fused into one matrix each, Gemma's (1 + w) norm weights precomputed.
 * Owned by a {@link LanguageModel}; never mutated.
 *
 * @param embed      [vocab, hidden] input embeddings
 * @param lmHead     [vocab, hidden] output head (the same array as {@code embed} when tied)
 * @param finalNorm  [hidden] final RMSNorm multiplier
 * @param layers     decoder layers in order
 */
public record Weights(NDArray embed, NDArray lmHead, NDArray finalNorm, List<Layer> layers) {

    /**
     * One decoder layer. The input norms' weights (input_layernorm, and the norm before the MLP) are
     * folded into the columns of {@code qkv} and {@code gateUp}; whether a layer normalizes its inputs
     * at all is {@link Family#normLayout()}.
     *
     * @param qkv         [(heads + 2 kvHeads) * headDim, hidden] fused q/k/v projection (the attention
     *                    scale folded into the q rows, unless the family has q/k norms)
     * @param qkvBias     [(heads + 2 kvHeads) * headDim] or null
     * @param qkNorm      q/k RMSNorm weights after the projection, the attention scale folded into the q
     *                    part: [heads + kvHeads, headDim] per head, [(heads + kvHeads) * headDim] over the
     *                    whole projections ({@link Family#qkNorm()}), null without
     * @param o           [hidden, heads * headDim] output projection
     * @param attnOutNorm [hidden] norm on the attention output (Gemma, OLMo-2 post_attention_layernorm), else null
     * @param mlpOutNorm  [hidden] norm on the MLP output (post_feedforward_layernorm), else null
     * @param gateUp      [2 * intermediate, hidden] fused gate and up projections
     * @param down        [hidden, intermediate] down projection
     */
    public record Layer(NDArray qkv, NDArray qkvBias, NDArray qkNorm, NDArray o, NDArray attnOutNorm, NDArray mlpOutNorm,
                        NDArray gateUp, NDArray down) {}
}
