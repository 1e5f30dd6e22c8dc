package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

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
    private final double[] invFreq; // [headDim / 2] RoPE inverse frequencies (llama3 scaling applied)
    private final NDArray rotate;   // [D, D] x @ rotate = rotate_half(x) = cat(-x2, x1)

    Transformer(ModelConfig cfg, Weights w, DataType dtype) {
        this.cfg = cfg;
        this.w = w;
        this.dtype = dtype;
        this.invFreq = inverseFrequencies(cfg);
        int d = cfg.headDim();
        int half = d / 2;
        double[] r = new double[d * d];
        for (int i = 0; i < half; i++) {
            r[(i + half) * d + i] = -1; // out[i] = -x[i + half]
            r[i * d + i + half] = 1;    // out[i + half] = x[i]
        }
        this.rotate = create(w.embed().getManager(), r, new Shape(d, d));
    }

    /** The attention scale: query_pre_attn_scalar^-0.5 (Gemma-2) or head_dim^-0.5. */
    static double attentionScale(ModelConfig cfg) {
        return cfg.queryPreAttnScalar() > 0 ? Math.pow(cfg.queryPreAttnScalar(), -0.5) : 1.0 / Math.sqrt(cfg.headDim());
    }

    /**
     * Fuses q/k/v into one projection for the forward: rows [q; k; v], the attention scale folded
     * into the q rows, the input RMSNorm weight folded into the columns (norm(x) * n then W equals
     * norm(x) then W * n). Closes its inputs. Returns {weight, bias or null}.
     */
    static NDArray[] fuseQkv(ModelConfig cfg, NDArray norm, NDArray wq, NDArray wk, NDArray wv, NDArray bq, NDArray bk, NDArray bv) {
        double scale = attentionScale(cfg);
        NDArray wqs = wq.mul(scale);
        NDArray cat = NDArrays.concat(new NDList(wqs, wk, wv), 0);
        NDArray fused = cat.mul(norm.reshape(1, norm.getShape().get(0)));
        NDArray bias = null;
        if (bq != null) {
            NDArray bqs = bq.mul(scale);
            bias = NDArrays.concat(new NDList(bqs, bk, bv), 0);
            bqs.close();
            bq.close();
            bk.close();
            bv.close();
        }
        wqs.close();
        cat.close();
        wq.close();
        wk.close();
        wv.close();
        norm.close();
        return new NDArray[] {fused, bias};
    }

    /** Fuses gate and up projections (rows [gate; up]) with the pre-MLP norm folded in; closes its inputs. */
    static NDArray fuseGateUp(NDArray norm, NDArray gate, NDArray up) {
        NDArray cat = NDArrays.concat(new NDList(gate, up), 0);
        NDArray fused = cat.mul(norm.reshape(1, norm.getShape().get(0)));
        cat.close();
        gate.close();
        up.close();
        norm.close();
        return fused;
    }

    /** The config this forward runs. */
    public ModelConfig config() {
        return cfg;
    }

    /** Compute dtype (FLOAT32, or FLOAT64 for exact checks). */
    public DataType dtype() {
        return dtype;
    }

    /** RoPE inverse frequencies, with Llama-3.1 scaling when the config has it (HF {@code _compute_llama3_parameters}). */
    static double[] inverseFrequencies(ModelConfig cfg) {
        int half = cfg.headDim() / 2;
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) inv[i] = 1.0 / Math.pow(cfg.ropeTheta(), (2.0 * i) / cfg.headDim());
        ModelConfig.RopeScaling s = cfg.ropeScaling();
        if (s != null) {
            double lowWavelen = s.originalMaxPositions() / s.lowFreqFactor();
            double highWavelen = s.originalMaxPositions() / s.highFreqFactor();
            for (int i = 0; i < half; i++) {
                double wavelen = 2 * Math.PI / inv[i];
                if (wavelen > lowWavelen) {
                    inv[i] = inv[i] / s.factor();
                } else if (wavelen >= highWavelen) {
                    double smooth = (s.originalMaxPositions() / wavelen - s.lowFreqFactor())
                            / (s.highFreqFactor() - s.lowFreqFactor());
                    inv[i] = (1 - smooth) * inv[i] / s.factor() + smooth * inv[i];
                }
            }
        }
        return inv;
    }

    /** Input embeddings of token ids (Gemma-2's sqrt(hidden) scaling applied). ids: [B, T] -> [B, T, hidden]. */
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
        return x.mul(dtype == DataType.FLOAT32 ? (Number) (float) s : (Number) s);
    }

    /**
     * Runs every decoder layer over new tokens. {@code x}: [B, T, hidden] input embeddings;
     * {@code real[b][t]} false for padding slots. With a cache the tokens are appended after what it
     * holds (and the cache is updated); without one they are the whole sequence. Returns the last
     * layer's hidden states [B, T, hidden] before the final norm.
     */
    public NDArray layers(NDManager sm, NDArray x, boolean[][] real, KvCache cache) {
        int b = (int) x.getShape().get(0);
        int t = (int) x.getShape().get(1);
        int past = cache == null ? 0 : cache.length;
        int[][] pos = new int[b][t];
        for (int i = 0; i < b; i++) {
            int c = cache == null ? 0 : cache.count[i];
            for (int j = 0; j < t; j++) {
                pos[i][j] = Math.max(0, real[i][j] ? c : c - 1);
                if (real[i][j]) c++;
            }
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
        NDArray globalMask = mask(sm, keyReal, keyPos, pos, past, t, 0); // null when nothing is masked
        NDArray slidingMask = cfg.slidingWindow() > 0 ? mask(sm, keyReal, keyPos, pos, past, t, cfg.slidingWindow()) : null;
        NDArray[] cs = rope(sm, pos); // cos, sin: [B, T, 1, D]

        NDArray h = x;
        for (int l = 0; l < cfg.numLayers(); l++) {
            Weights.Layer lw = w.layers().get(l);
            NDArray m = cfg.slidingLayers()[l] ? slidingMask : globalMask;
            // attention block
            NDArray a = rmsNorm(h, lw.attnNorm()); // input norm (its weight folded into qkv)
            a = attention(sm, a, lw, cs, m, cache, l);
            if (lw.attnOutNorm() != null) a = rmsNorm(a, lw.attnOutNorm());
            h = h.add(a);
            // MLP block
            NDArray f = rmsNorm(h, lw.mlpNorm());
            f = mlp(f, lw);
            if (lw.mlpOutNorm() != null) f = rmsNorm(f, lw.mlpOutNorm());
            h = h.add(f);
        }
        if (cache != null) cache.appendSlots(real, pos, t);
        return h;
    }

    /** Final norm, output head and Gemma-2 final soft-cap over hidden rows [..., hidden] -> [..., vocab]. */
    public NDArray head(NDArray hidden) {
        NDArray n = rmsNorm(hidden, w.finalNorm());
        NDArray logits = ParallelLinear.apply(n, w.lmHead(), null);
        if (cfg.finalSoftcap() > 0) logits = softcap(logits, cfg.finalSoftcap());
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
        NDArray act = cfg.activation().equals("silu") ? gate.mul(Activation.sigmoid(gate)) : geluTanh(gate);
        return ParallelLinear.apply(act.mul(parts.get(1)), lw.down(), null);
    }

    /** gelu with the tanh approximation (PyTorch's approximate="tanh"); DJL's gelu is the erf form. */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2.0 / Math.PI));
        return x.mul(inner.tanh().add(1)).mul(0.5);
    }

    private static NDArray softcap(NDArray x, double cap) {
        return x.div(cap).tanh().mul(cap);
    }

    /** cos and sin of every position [B, T, 1, headDim] (rotate-half layout: frequencies repeated). */
    private NDArray[] rope(NDManager sm, int[][] pos) {
        int b = pos.length;
        int t = pos[0].length;
        int d = cfg.headDim();
        int half = d / 2;
        double[] cos = new double[b * t * d];
        double[] sin = new double[b * t * d];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                int base = (i * t + j) * d;
                for (int k = 0; k < half; k++) {
                    // HF computes the angle in float32 (inv_freq float32 times position); float64 here.
                    double ang = pos[i][j] * invFreq[k];
                    double c = Math.cos(ang);
                    double s = Math.sin(ang);
                    cos[base + k] = c;
                    cos[base + k + half] = c;
                    sin[base + k] = s;
                    sin[base + k + half] = s;
                }
            }
        }
        Shape shape = new Shape(b, t, 1, d);
        return new NDArray[] {create(sm, cos, shape), create(sm, sin, shape)};
    }

    private NDArray create(NDManager sm, double[] v, Shape shape) {
        if (dtype == DataType.FLOAT64) return sm.create(v, shape);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return sm.create(f, shape);
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

    private NDArray attention(NDManager sm, NDArray x, Weights.Layer lw, NDArray[] cs, NDArray mask, KvCache cache, int l) {
        int b = (int) x.getShape().get(0);
        int t = (int) x.getShape().get(1);
        int hq = cfg.numHeads();
        int hkv = cfg.numKvHeads();
        int d = cfg.headDim();
        int rep = hq / hkv;
        NDArray qkv = ParallelLinear.apply(x, lw.qkv(), lw.qkvBias()); // [B, T, (Hq + 2 Hkv) D], q pre-scaled
        NDList parts = qkv.split(new long[] {(long) (hq + hkv) * d}, 2);
        // RoPE on q and k at once: qk * cos + rotate_half(qk) * sin
        NDArray qk = parts.get(0).reshape(b, t, hq + hkv, d);   // [B, T, Hq + Hkv, D]
        qk = qk.mul(cs[0]).add(qk.matMul(rotate).mul(cs[1]));
        NDList qkParts = qk.split(new long[] {hq}, 2);
        NDArray q = qkParts.get(0);                             // [B, T, Hq, D]
        NDArray k = qkParts.get(1);                             // [B, T, Hkv, D]
        NDArray kt;                                             // [B, Hkv, D, T]: keys stored transposed
        NDArray v;                                              // [B, Hkv, T, D]
        if (t == 1) { // a single token: these transposes are plain reshapes
            kt = k.reshape(b, hkv, d, 1);
            v = parts.get(1).reshape(b, hkv, 1, d);
        } else {
            kt = k.transpose(0, 2, 3, 1);
            v = parts.get(1).reshape(b, t, hkv, d).transpose(0, 2, 1, 3);
        }
        if (cache != null) {
            if (cache.keys[l] != null) {
                NDArray kc = cache.keys[l].concat(kt, 3);
                NDArray vc = cache.values[l].concat(v, 2);
                cache.keys[l].close();
                cache.values[l].close();
                kt = kc;
                v = vc;
            }
            kt.attach(cache.manager);
            v.attach(cache.manager);
            cache.keys[l] = kt;
            cache.values[l] = v;
        }
        long tk = kt.getShape().get(3);
        NDArray out;
        if (t == 1) {
            NDArray qg = q.reshape(b, hkv, rep, d);     // [B, Hkv, rep, D]
            NDArray scores = qg.matMul(kt);             // [B, Hkv, rep, Tk]
            if (cfg.attnSoftcap() > 0) scores = softcap(scores, cfg.attnSoftcap());
            if (mask != null) scores = scores.add(mask); // mask [B, 1, 1, Tk]
            out = scores.softmax(3).matMul(v).reshape(b, 1, (long) hq * d); // [B, 1, Hq D]
        } else {
            NDArray qg = q.reshape(b, t, hkv, rep, d).transpose(0, 2, 3, 1, 4); // [B, Hkv, rep, T, D]
            NDArray scores = qg.matMul(kt.reshape(b, hkv, 1, d, tk));          // [B, Hkv, rep, T, Tk]
            if (cfg.attnSoftcap() > 0) scores = softcap(scores, cfg.attnSoftcap());
            if (mask != null) scores = scores.add(mask);                          // mask [B, 1, 1, T, Tk]
            NDArray probs = scores.softmax(4);
            out = probs.matMul(v.reshape(b, hkv, 1, tk, d));                      // [B, Hkv, rep, T, D]
            out = out.transpose(0, 3, 1, 2, 4).reshape(b, t, (long) hq * d);      // [B, T, Hq D]
        }
        return ParallelLinear.apply(out, lw.o(), null);
    }
}
