package org.greater4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.greater4j.io.ModelFormatException;

/**
 * A model's architecture, read from a HuggingFace {@code config.json} (or built from a llama2.c
 * header). Validated on construction; {@link #read} validates every value it reads against its
 * allowed range first, so a bad value is an error that names its key.
 *
 * @param family            the architecture family
 * @param hiddenSize        model width
 * @param intermediateSize  MLP width
 * @param numLayers         decoder layers
 * @param numHeads          query heads
 * @param numKvHeads        key/value heads (grouped-query attention)
 * @param headDim           per-head width (Gemma, Qwen3 set it independently of hidden/heads)
 * @param vocabSize         vocabulary size of the embedding matrix
 * @param maxPositions      context length
 * @param rmsNormEps        RMSNorm epsilon
 * @param tieEmbeddings     output head shares the input embedding matrix
 * @param layers            per layer: attention type, sliding window, RoPE
 * @param queryPreAttnScalar Gemma attention scale denominator, 0 = head_dim
 * @param attnSoftcap       Gemma-2 attention logit soft cap, 0 = off
 * @param finalSoftcap      Gemma final logit soft cap, 0 = off
 * @param activation        "silu", "gelu_pytorch_tanh" or "gelu" (erf)
 * @param bosTokenId        BOS id or -1
 * @param eosTokenIds       every EOS id (config.json may hold a list)
 * @param torchDtype        the declared weight dtype ("float32", "bfloat16" ...), informational
 */
public record ModelConfig(Family family, int hiddenSize, int intermediateSize, int numLayers, int numHeads,
                          int numKvHeads, int headDim, int vocabSize, int maxPositions, double rmsNormEps,
                          boolean tieEmbeddings, List<LayerAttention> layers, double queryPreAttnScalar,
                          double attnSoftcap, double finalSoftcap, String activation, int bosTokenId,
                          int[] eosTokenIds, String torchDtype) {

    /** Activations the MLP implements. */
    public static final List<String> ACTIVATIONS = List.of("silu", "gelu_pytorch_tanh", "gelu");

    /**
     * The attention of one layer.
     *
     * @param type          {@code full_attention} or {@code sliding_attention} (transformers' layer_types)
     * @param slidingWindow keys at most this many positions back are seen (0: all)
     * @param rope          the layer's RoPE, or null for a layer without one (SmolLM3)
     */
    public record LayerAttention(String type, int slidingWindow, Rope rope) {
        /** The layer type names transformers uses. */
        public static final String FULL = "full_attention";
        /** A sliding-window layer. */
        public static final String SLIDING = "sliding_attention";

        public LayerAttention {
            if (!type.equals(FULL) && !type.equals(SLIDING)) throw new IllegalArgumentException("unknown layer type " + type);
            if (slidingWindow < 0 || (type.equals(SLIDING) != slidingWindow > 0)) {
                throw new IllegalArgumentException("a " + type + " layer with sliding window " + slidingWindow);
            }
        }

        /** {@code n} identical layers: sliding when {@code window > 0}, with one RoPE. */
        public static List<LayerAttention> uniform(int n, int window, Rope rope) {
            return Collections.nCopies(n, new LayerAttention(window > 0 ? SLIDING : FULL, window, rope));
        }
    }

    public ModelConfig {
        require(hiddenSize > 0, "hidden_size", hiddenSize);
        require(numLayers > 0, "num_hidden_layers", numLayers);
        require(numHeads > 0, "num_attention_heads", numHeads);
        require(numKvHeads > 0 && numHeads % numKvHeads == 0, "num_key_value_heads (must divide num_attention_heads)", numKvHeads);
        require(headDim > 0 && headDim % 2 == 0, "head_dim (must be even)", headDim);
        require((long) (numHeads + 2L * numKvHeads) * headDim <= Integer.MAX_VALUE,
                "(num_attention_heads + 2 num_key_value_heads) x head_dim (must be < 2^31)", (long) (numHeads + 2L * numKvHeads) * headDim);
        require(vocabSize > 0, "vocab_size", vocabSize);
        require(intermediateSize > 0 && intermediateSize <= Integer.MAX_VALUE / 2, "intermediate_size", intermediateSize);
        require(maxPositions > 0, "max_position_embeddings", maxPositions);
        require(rmsNormEps > 0 && Double.isFinite(rmsNormEps), "rms_norm_eps", rmsNormEps);
        require(layers.size() == numLayers, "layers (one per decoder layer)", layers.size());
        for (LayerAttention la : layers) {
            if (la.rope() != null) require(la.rope().rotaryDim() <= headDim, "rotary dimension (at most head_dim)", la.rope().rotaryDim());
        }
        layers = List.copyOf(layers);
        require(queryPreAttnScalar >= 0 && attnSoftcap >= 0 && finalSoftcap >= 0, "scale or soft cap",
                queryPreAttnScalar + ", " + attnSoftcap + ", " + finalSoftcap);
        if (!ACTIVATIONS.contains(activation)) {
            throw new IllegalArgumentException("unsupported activation \"" + activation + "\"; supported: " + ACTIVATIONS);
        }
    }

    private static void require(boolean ok, String what, Object value) {
        if (!ok) throw new IllegalArgumentException("invalid " + what + ": " + value);
    }

    /** True when any EOS id equals {@code id}. */
    public boolean isEos(int id) {
        for (int e : eosTokenIds) if (e == id) return true;
        return false;
    }

    /** The largest sliding window of any layer, 0 when no layer has one. */
    public int maxSlidingWindow() {
        return layers.stream().mapToInt(LayerAttention::slidingWindow).max().orElse(0);
    }

    /** True when some layer's RoPE frequencies depend on the sequence length (longrope). */
    public boolean lengthDependentRope() {
        return layers.stream().anyMatch(l -> l.rope() != null && l.rope().switchLength() > 0);
    }

    /**
     * Parameter count implied by the config (embeddings counted once when tied); Long.MAX_VALUE when
     * the sizes overflow a long.
     */
    public long parameterCount() {
        try {
            long h = hiddenSize;
            long q = (long) numHeads * headDim;
            long kv = (long) numKvHeads * headDim;
            long attn = Math.addExact(Math.multiplyExact(h, q + 2 * kv), Math.multiplyExact(q, h))
                    + (family.requiresQkvBias() ? q + 2 * kv : 0);
            long qkNorm = switch (family.qkNorm()) {
                case PER_HEAD -> 2L * headDim;
                case WHOLE -> q + kv;
                case NONE -> 0;
            };
            long mlp = Math.multiplyExact(3 * h, (long) intermediateSize);
            long norms = (family.sandwichNorms() ? 4 : 2) * h;
            long perLayer = Math.addExact(Math.addExact(attn, mlp), norms + qkNorm);
            long emb = Math.multiplyExact((long) vocabSize, h);
            return Math.addExact(Math.addExact(Math.multiplyExact(emb, tieEmbeddings ? 1 : 2),
                    Math.multiplyExact(perLayer, (long) numLayers)), h);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Reads {@code config.json} in {@code dir} (and {@code generation_config.json} for extra EOS ids).
     * A missing key, a value out of range or a setting the engine does not implement is a
     * {@link ModelFormatException} that names config.json, the key, the value and what is allowed.
     */
    public static ModelConfig read(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.exists(file)) {
            throw new ModelFormatException(dir, "has no config.json; point --model at a HuggingFace model directory "
                    + "(config.json + *.safetensors) or a llama2.c .bin checkpoint");
        }
        JsonNode c;
        try {
            // a file with more after its object is corrupt (Python's json.load refuses it too)
            c = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelFormatException(file, "is not valid JSON: " + e.getMessage(), e);
        }
        try {
            return fromJson(c, dir.resolve("generation_config.json"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
    }

    /** Builds a config from parsed config.json; {@code generationConfig} may not exist. */
    static ModelConfig fromJson(JsonNode c, Path generationConfig) {
        List<Integer> extraEos = new ArrayList<>();
        if (generationConfig != null && Files.exists(generationConfig)) {
            try {
                JsonNode g = new ObjectMapper().readTree(generationConfig.toFile());
                ConfigReader.addIds(extraEos, g.get("eos_token_id"), "generation_config.json eos_token_id");
            } catch (IOException e) {
                throw new IllegalArgumentException(generationConfig + " is not valid JSON: " + e.getMessage());
            }
        }
        return ConfigReader.read(c, extraEos);
    }
}
