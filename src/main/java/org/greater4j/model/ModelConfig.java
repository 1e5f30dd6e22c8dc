package org.greater4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.greater4j.io.ModelFormatException;

/**
 * A model's architecture, read from a HuggingFace {@code config.json} (or built from a llama2.c
 * header). Validated on construction.
 *
 * @param family            the architecture family
 * @param hiddenSize        model width
 * @param intermediateSize  MLP width
 * @param numLayers         decoder layers
 * @param numHeads          query heads
 * @param numKvHeads        key/value heads (grouped-query attention)
 * @param headDim           per-head width (Gemma-2 sets it independently of hidden/heads)
 * @param vocabSize         vocabulary size of the embedding matrix
 * @param maxPositions      context length
 * @param rmsNormEps        RMSNorm epsilon
 * @param ropeTheta         RoPE base
 * @param ropeScaling       llama3 RoPE scaling, or null
 * @param tieEmbeddings     output head shares the input embedding matrix
 * @param slidingWindow     sliding-window size in tokens, 0 when off
 * @param slidingLayers     which layers use the window (empty when off)
 * @param queryPreAttnScalar Gemma-2 attention scale denominator, 0 = head_dim
 * @param attnSoftcap       Gemma-2 attention logit soft cap, 0 = off
 * @param finalSoftcap      Gemma-2 final logit soft cap, 0 = off
 * @param activation        "silu" or "gelu_pytorch_tanh"
 * @param bosTokenId        BOS id or -1
 * @param eosTokenIds       every EOS id (config.json may hold a list)
 * @param torchDtype        the declared weight dtype ("float32", "bfloat16" ...), informational
 */
public record ModelConfig(Family family, int hiddenSize, int intermediateSize, int numLayers, int numHeads,
                          int numKvHeads, int headDim, int vocabSize, int maxPositions, double rmsNormEps,
                          double ropeTheta, RopeScaling ropeScaling, boolean tieEmbeddings, int slidingWindow,
                          boolean[] slidingLayers, double queryPreAttnScalar, double attnSoftcap,
                          double finalSoftcap, String activation, int bosTokenId, int[] eosTokenIds,
                          String torchDtype) {

    /** Llama-3.1 style RoPE frequency scaling ({@code rope_type: llama3}). */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {}

    public ModelConfig {
        require(hiddenSize > 0, "hidden_size", hiddenSize);
        require(numLayers > 0, "num_hidden_layers", numLayers);
        require(numHeads > 0, "num_attention_heads", numHeads);
        require(numKvHeads > 0 && numHeads % numKvHeads == 0, "num_key_value_heads (must divide num_attention_heads)", numKvHeads);
        require(headDim > 0 && headDim % 2 == 0, "head_dim (must be even)", headDim);
        require(vocabSize > 0, "vocab_size", vocabSize);
        require(intermediateSize > 0, "intermediate_size", intermediateSize);
        require(maxPositions > 0, "max_position_embeddings", maxPositions);
        require(slidingLayers.length == numLayers, "sliding layers", slidingLayers.length);
        if (!activation.equals("silu") && !activation.equals("gelu_pytorch_tanh")) {
            throw new IllegalArgumentException("unsupported activation \"" + activation
                    + "\"; supported: silu, gelu_pytorch_tanh");
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

    /** Parameter count implied by the config (embeddings counted once when tied). */
    public long parameterCount() {
        long h = hiddenSize;
        long q = (long) numHeads * headDim;
        long kv = (long) numKvHeads * headDim;
        long attn = h * q + 2 * h * kv + q * h + (family.requiresQkvBias() ? q + 2 * kv : 0);
        long mlp = 3 * h * intermediateSize;
        long norms = (family.sandwichNorms() ? 4 : 2) * h;
        long perLayer = attn + mlp + norms;
        long emb = (long) vocabSize * h;
        return emb * (tieEmbeddings ? 1 : 2) + perLayer * numLayers + h;
    }

    /**
     * Reads {@code config.json} in {@code dir} (and {@code generation_config.json} for extra EOS ids).
     * A missing key is an error that names it and the file.
     */
    public static ModelConfig read(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.exists(file)) {
            throw new ModelFormatException(dir, "has no config.json; point --model at a HuggingFace model directory "
                    + "(config.json + *.safetensors) or a llama2.c .bin checkpoint");
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(file.toFile());
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
        // Gemma-2 and others may nest the text config (multimodal wrappers); plain decoders do not.
        if (c.has("text_config") && !c.has("hidden_size")) c = c.get("text_config");
        String type = str(c, "model_type");
        Family family = Family.of(type);
        int hidden = num(c, "hidden_size");
        int heads = num(c, "num_attention_heads");
        int layers = num(c, "num_hidden_layers");
        int kv = c.has("num_key_value_heads") && !c.get("num_key_value_heads").isNull() ? num(c, "num_key_value_heads") : heads;
        int headDim = c.has("head_dim") && !c.get("head_dim").isNull() ? num(c, "head_dim") : hidden / heads;
        if (!c.has("head_dim") && hidden % heads != 0) {
            throw new IllegalArgumentException("hidden_size " + hidden + " is not divisible by num_attention_heads " + heads
                    + " and there is no head_dim key");
        }
        RopeScaling scaling = null;
        JsonNode rs = c.get("rope_scaling");
        if (rs != null && !rs.isNull()) {
            String rt = rs.has("rope_type") ? rs.get("rope_type").asText() : rs.path("type").asText("");
            if (rt.equals("llama3")) {
                scaling = new RopeScaling(dbl(rs, "factor"), dbl(rs, "low_freq_factor"), dbl(rs, "high_freq_factor"),
                        num(rs, "original_max_position_embeddings"));
            } else if (!rt.equals("default")) {
                throw new IllegalArgumentException("rope_scaling of type \"" + rt + "\" is not supported (supported: llama3)");
            }
        }
        boolean tieDefault = family == Family.GEMMA2; // HF defaults: Gemma2Config ties, Llama/Qwen2/Mistral do not
        boolean tie = c.has("tie_word_embeddings") ? c.get("tie_word_embeddings").asBoolean() : tieDefault;
        int window = 0;
        boolean[] sliding = new boolean[layers];
        JsonNode sw = c.get("sliding_window");
        int swVal = sw == null || sw.isNull() ? 0 : sw.asInt();
        switch (family) {
            case GEMMA2:
                window = swVal;
                for (int i = 0; i < layers; i++) sliding[i] = window > 0 && i % 2 == 0;
                break;
            case MISTRAL:
                window = swVal;
                for (int i = 0; i < layers; i++) sliding[i] = window > 0;
                break;
            case QWEN2:
                if (c.path("use_sliding_window").asBoolean(false) && swVal > 0) {
                    window = swVal;
                    int maxWindowLayers = c.has("max_window_layers") ? c.get("max_window_layers").asInt() : layers;
                    for (int i = 0; i < layers; i++) sliding[i] = i >= maxWindowLayers;
                }
                break;
            default:
                break;
        }
        String act = c.has("hidden_activation") && !c.get("hidden_activation").isNull()
                ? c.get("hidden_activation").asText()
                : c.path("hidden_act").asText(family == Family.GEMMA2 ? "gelu_pytorch_tanh" : "silu");
        if (family == Family.GEMMA2 && (act.equals("gelu") || act.equals("gelu_pytorch_tanh"))) act = "gelu_pytorch_tanh";
        List<Integer> eos = new ArrayList<>();
        addIds(eos, c.get("eos_token_id"));
        if (generationConfig != null && Files.exists(generationConfig)) {
            try {
                addIds(eos, new ObjectMapper().readTree(generationConfig.toFile()).get("eos_token_id"));
            } catch (IOException e) {
                throw new IllegalArgumentException(generationConfig + " is not valid JSON: " + e.getMessage());
            }
        }
        return new ModelConfig(family, hidden, num(c, "intermediate_size"), layers, heads, kv, headDim,
                num(c, "vocab_size"), c.has("max_position_embeddings") ? num(c, "max_position_embeddings") : 2048,
                c.has("rms_norm_eps") ? dbl(c, "rms_norm_eps") : 1e-6,
                c.has("rope_theta") ? dbl(c, "rope_theta") : 10000.0, scaling, tie, window, sliding,
                c.has("query_pre_attn_scalar") && !c.get("query_pre_attn_scalar").isNull() ? dbl(c, "query_pre_attn_scalar") : 0,
                c.has("attn_logit_softcapping") && !c.get("attn_logit_softcapping").isNull() ? dbl(c, "attn_logit_softcapping") : 0,
                c.has("final_logit_softcapping") && !c.get("final_logit_softcapping").isNull() ? dbl(c, "final_logit_softcapping") : 0,
                act, c.has("bos_token_id") && !c.get("bos_token_id").isNull() ? c.get("bos_token_id").asInt() : -1,
                eos.stream().mapToInt(Integer::intValue).toArray(), c.path("torch_dtype").asText("float32"));
    }

    private static void addIds(List<Integer> out, JsonNode n) {
        if (n == null || n.isNull()) return;
        if (n.isArray()) {
            for (JsonNode x : n) if (!out.contains(x.asInt())) out.add(x.asInt());
        } else if (!out.contains(n.asInt())) {
            out.add(n.asInt());
        }
    }

    private static String str(JsonNode c, String key) {
        JsonNode n = c.get(key);
        if (n == null || n.isNull()) throw new IllegalArgumentException("missing key \"" + key + "\"");
        return n.asText();
    }

    private static int num(JsonNode c, String key) {
        JsonNode n = c.get(key);
        if (n == null || n.isNull()) throw new IllegalArgumentException("missing key \"" + key + "\"");
        if (!n.canConvertToInt()) throw new IllegalArgumentException("key \"" + key + "\" is not an integer: " + n);
        return n.asInt();
    }

    private static double dbl(JsonNode c, String key) {
        JsonNode n = c.get(key);
        if (n == null || n.isNull()) throw new IllegalArgumentException("missing key \"" + key + "\"");
        if (!n.isNumber()) throw new IllegalArgumentException("key \"" + key + "\" is not a number: " + n);
        return n.asDouble();
    }
}
