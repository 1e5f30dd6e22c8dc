package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The decoder forward pass as plain functions over {@link Weights}: embeddings in, hidden states
 * out, logits only where asked. The engine-level API used by generation and the optimizer; every
 * function creates its results in the manager given to it.
 */
public final class Transformer {
    /** Additive mask value for a key a query may not see. */
    private static final float MASKED = -1e9f;

    private final ModelConfig cfg;
    private final Weights w;
    private final DataType dtype;
    private final Attention attention;

    Transformer(ModelConfig cfg, Weights w, DataType dtype) {
        this.cfg = cfg;
        this.w = w;
        this.dtype = dtype;
        this.attention = new Attention(cfg, dtype, w.embed().getManager());
    }

    /** The config this forward runs. */
    public ModelConfig config() {
        return cfg;
    }

    /** Compute dtype (FLOAT32, or FLOAT64 for exact checks). */
    public DataType dtype() {
        return dtype;
    }

    /** Input embeddings of token ids (Gemma's sqrt(hidden) scaling applied). ids: [B, T] -> [B, T, hidden]. */
    public NDArray embed(NDManager sm, int[][] ids) {
        int b = ids.length;
        int t = ids[0].length;
        long[] flat = new long[b * t];
        int v = cfg.vocabSize();
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                int id = ids[i][j];
                if (id < 0 || id >= v) {
                    throw new IllegalArgumentException("token id " + id + " (sequence " + i + ", position " + j
                            + ") is outside the model's vocabulary [0, " + v + "); ids come from the model's own tokenizer");
                }
                flat[i * t + j] = id;
            }
        }
        NDArray idx = sm.create(flat, new Shape(b, t));
        NDArray x = w.embed().get(idx); // [B, T, H]
        x.attach(sm);
        return scaleEmbeddings(x);
    }

    /**
     * Input embeddings where some positions take a (reduced) one-hot row instead of a token: row b,
     * slot p of {@code onehot} ([B, P, C]) replaces position {@code positions[b][p]}, and its embedding
     * is {@code onehot[b, p] @ E[candidates]}. Gradients flow into {@code onehot} only.
     */
    public NDArray embedOneHot(NDManager sm, int[][] ids, int[][] positions, NDArray onehot, int[] candidates) {
        int b = ids.length;
        int t = ids[0].length;
        int p = positions[0].length;
        NDArray base = embedRaw(sm, ids); // [B, T, H]
        long[] cand = new long[candidates.length];
        for (int i = 0; i < cand.length; i++) cand[i] = candidates[i];
        NDArray ec = w.embed().get(sm.create(cand)); // [C, H]
        ec.attach(sm);
        NDArray rows = onehot.matMul(ec); // [B, P, H]
        float[] sel = new float[b * t * p];
        float[] keep = new float[b * t];
        java.util.Arrays.fill(keep, 1f);
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < p; k++) {
                int pos = positions[i][k];
                sel[(i * t + pos) * p + k] = 1f;
                keep[i * t + pos] = 0f;
            }
        }
        NDArray selM = sm.create(sel, new Shape(b, t, p)).toType(dtype, false); // [B, T, P]
        NDArray keepM = sm.create(keep, new Shape(b, t, 1)).toType(dtype, false); // [B, T, 1]
        NDArray x = base.mul(keepM).add(selM.matMul(rows)); // [B, T, H]
        return scaleEmbeddings(x);
    }

    private NDArray embedRaw(NDManager sm, int[][] ids) {
        int b = ids.length;
        int t = ids[0].length;
        long[] flat = new long[b * t];
        for (int i = 0; i < b; i++) for (int j = 0; j < t; j++) flat[i * t + j] = ids[i][j];
        NDArray x = w.embed().get(sm.create(flat, new Shape(b, t)));
        x.attach(sm);
        return x;
    }

    private NDArray scaleEmbeddings(NDArray x) {
        if (!cfg.family().scalesEmbeddings()) return x;
        // HF: normalizer = tensor(hidden_size ** 0.5, dtype=hidden dtype)
        double s = Math.sqrt(cfg.hiddenSize());
        return Scalars.mul(x, s); // float32 unless the model computes in float64 (Scalars)
    }

    /**
     * Runs every decoder layer over new tokens. {@code x}: [B, T, hidden] input embeddings;
     * {@code real[b][t]} false for padding slots. With a cache the tokens are appended after what it
     * holds (and the cache is updated); without one they are the whole sequence. Returns the last
     * layer's hidden states [B, T, hidden] before the final norm.
     *
     * <p>A longrope model uses its long frequencies for a row longer than original_max_position_embeddings
     * and its short ones otherwise. When new tokens take a cached row across that length, the row's
     * cache is recomputed with the long frequencies, as transformers' Phi-3 generation does (it drops
     * the cache at that step), so the result always equals a forward over the whole row.
     */
    public NDArray layers(NDManager sm, NDArray x, boolean[][] real, KvCache cache) {
        int b = (int) x.getShape().get(0);
        int t = (int) x.getShape().get(1);
        int past = cache == null ? 0 : cache.length;
        int[][] pos = new int[b][t];
        int[] after = new int[b]; // real tokens of each row once these are added
        for (int i = 0; i < b; i++) {
            int c = cache == null ? 0 : cache.count[i];
            for (int j = 0; j < t; j++) {
                pos[i][j] = Math.max(0, real[i][j] ? c : c - 1);
                if (real[i][j]) c++;
            }
            after[i] = c;
        }
        if (cache != null && cfg.lengthDependentRope()) {
            if (crossesSwitch(cache, after)) return recompute(sm, x, real, cache, past);
            cache.appendInputs(x);
        }
        // Key slots visible to this call: cached ones, then the new ones.
        boolean[][] keyReal = new boolean[b][];
        int[][] keyPos = new int[b][];
        for (int i = 0; i < b; i++) {
            keyReal[i] = new boolean[past + t];
            keyPos[i] = new int[past + t];
            if (cache != null) {
                System.arraycopy(cache.real[i], 0, keyReal[i], 0, past);
                System.arraycopy(cache.positions[i], 0, keyPos[i], 0, past);
            }
            System.arraycopy(real[i], 0, keyReal[i], past, t);
            System.arraycopy(pos[i], 0, keyPos[i], past, t);
        }
        Map<Integer, Optional<NDArray>> masks = new HashMap<>(); // window (0: none) -> mask, empty when nothing is masked
        Map<Rope, NDArray[]> tables = new HashMap<>();          // RoPE -> cos, sin [B, T, 1, D]
        NDArray h = x;
        for (int l = 0; l < cfg.numLayers(); l++) {
            Weights.Layer lw = w.layers().get(l);
            ModelConfig.LayerAttention la = cfg.layers().get(l);
            NDArray m = masks.computeIfAbsent(la.slidingWindow(),
                    win -> Optional.ofNullable(mask(sm, keyReal, keyPos, pos, past, t, win))).orElse(null);
            Rope rope = la.rope();
            NDArray[] cs = rope == null ? null : tables.computeIfAbsent(rope, r -> attention.tables(sm, r, pos, longRows(r, after)));
            Family.NormLayout layout = cfg.family().normLayout();
            // attention block
            NDArray a = layout == Family.NormLayout.POST ? h : rmsNorm(h, null); // input norm (its weight folded into qkv)
            a = attention.forward(a, lw, rope, cs, m, cache, l);
            if (lw.attnOutNorm() != null) a = rmsNorm(a, lw.attnOutNorm());
            h = h.add(a);
            // MLP block
            NDArray f = layout == Family.NormLayout.POST ? h : rmsNorm(h, null); // pre-MLP norm (its weight folded into gateUp)
            f = mlp(f, lw);
            if (lw.mlpOutNorm() != null) f = rmsNorm(f, lw.mlpOutNorm());
            h = h.add(f);
        }
        if (cache != null) cache.appendSlots(real, pos, t);
        return h;
    }

    /** Per row: longrope's long frequencies, for a row of {@code after} real tokens. */
    private static boolean[] longRows(Rope r, int[] after) {
        boolean[] out = new boolean[after.length];
        for (int i = 0; i < after.length; i++) out[i] = r.switchLength() > 0 && after[i] > r.switchLength();
        return out;
    }

    /** True when a row with cached tokens computed with short frequencies would now need long ones. */
    private boolean crossesSwitch(KvCache cache, int[] after) {
        for (ModelConfig.LayerAttention la : cfg.layers()) {
            int s = la.rope() == null ? 0 : la.rope().switchLength();
            if (s == 0) continue;
            for (int i = 0; i < after.length; i++) if (cache.count[i] > 0 && cache.count[i] <= s && after[i] > s) return true;
        }
        return false;
    }

    /** Refills the cache from its stored inputs plus the new ones and returns the new tokens' hidden states. */
    private NDArray recompute(NDManager sm, NDArray x, boolean[][] real, KvCache cache, int past) {
        int b = real.length;
        int t = real[0].length;
        boolean[][] all = new boolean[b][];
        for (int i = 0; i < b; i++) {
            all[i] = java.util.Arrays.copyOf(cache.real[i], past + t);
            System.arraycopy(real[i], 0, all[i], past, t);
        }
        NDArray before = cache.clear();
        NDArray xs = before.concat(x, 1); // [B, past + T, hidden]
        xs.attach(sm);
        before.close();
        NDArray h = layers(sm, xs, all, cache); // [B, past + T, hidden]
        return h.get(":, " + past + ":, :");
    }

    /** Final norm, output head and Gemma's final soft-cap over hidden rows [..., hidden] -> [..., vocab]. */
    public NDArray head(NDArray hidden) {
        NDArray n = rmsNorm(hidden, w.finalNorm());
        NDArray logits = ParallelLinear.apply(n, w.lmHead(), null);
        if (cfg.finalSoftcap() > 0) logits = Attention.softcap(logits, cfg.finalSoftcap());
        return logits;
    }

    /**
     * Logits at chosen positions only: {@code hidden} [B, T, H], {@code at[b]} the frame positions of
     * row b (every row the same count K). Returns [B, K, vocab].
     */
    public NDArray logitsAt(NDManager sm, NDArray hidden, int[][] at) {
        int b = (int) hidden.getShape().get(0);
        int t = (int) hidden.getShape().get(1);
        int k = at[0].length;
        if (t == 1 && k == 1) return head(hidden); // single-token decode: nothing to gather
        long[] flat = new long[b * k];
        for (int i = 0; i < b; i++) for (int j = 0; j < k; j++) flat[i * k + j] = (long) i * t + at[i][j];
        NDArray rows = hidden.reshape(b * t, hidden.getShape().get(2)).get(sm.create(flat)); // [B*K, H]
        return head(rows).reshape(b, k, cfg.vocabSize());
    }

    /** x / sqrt(mean(x^2) + eps), times {@code weight} unless it is null (folded into the next projection). */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray var = x.square().mean(new int[] {-1}, true);
        NDArray n = x.div(var.add(cfg.rmsNormEps()).sqrt());
        return weight == null ? n : n.mul(weight);
    }

    private NDArray mlp(NDArray x, Weights.Layer lw) {
        int inter = cfg.intermediateSize();
        NDArray gu = ParallelLinear.apply(x, lw.gateUp(), null); // [B, T, 2F]
        NDList parts = gu.split(new long[] {inter}, gu.getShape().dimension() - 1);
        NDArray gate = parts.get(0);
        NDArray act = switch (cfg.activation()) {
            case "silu" -> gate.mul(Activation.sigmoid(gate));
            case "gelu" -> Activation.gelu(gate); // erf form
            default -> geluTanh(gate);
        };
        return ParallelLinear.apply(act.mul(parts.get(1)), lw.down(), null);
    }

    /** gelu with the tanh approximation (PyTorch's approximate="tanh"); DJL's gelu is the erf form. */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = Scalars.mul(x.add(Scalars.mul(Scalars.pow(x, 3), 0.044715)), Math.sqrt(2.0 / Math.PI));
        return Scalars.mul(x.mul(inner.tanh().add(1)), 0.5);
    }

    /**
     * Additive attention mask [B, 1, 1, T, past + T] ([B, 1, 1, past + 1] for one new token): a query
     * sees earlier real keys (and always itself), within {@code window} positions when a window is
     * given. Null when it masks nothing.
     */
    private NDArray mask(NDManager sm, boolean[][] keyReal, int[][] keyPos, int[][] qPos, int past, int t, int window) {
        int b = keyReal.length;
        int tk = past + t;
        float[] m = new float[b * t * tk];
        boolean any = false;
        for (int i = 0; i < b; i++) {
            for (int q = 0; q < t; q++) {
                int base = (i * t + q) * tk;
                int qf = past + q;
                for (int k = 0; k < tk; k++) {
                    boolean ok = k == qf
                            || (k < qf && keyReal[i][k] && (window <= 0 || qPos[i][q] - keyPos[i][k] < window));
                    m[base + k] = ok ? 0f : MASKED;
                    any |= !ok;
                }
            }
        }
        if (!any) return null;
        Shape shape = t == 1 ? new Shape(b, 1, 1, tk) : new Shape(b, 1, 1, t, tk);
        NDArray a = sm.create(m, shape);
        return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
    }
}
