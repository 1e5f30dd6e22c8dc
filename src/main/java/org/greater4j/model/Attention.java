package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * One layer's self-attention over {@link Weights.Layer}: fused q/k/v projection, the family's q/k
 * norm, RoPE (rotate-half, on the first rotaryDim values of each head), grouped-query attention with
 * an additive mask and optional soft-cap, KV cache update, output projection.
 */
final class Attention {
    private final ModelConfig cfg;
    private final DataType dtype;
    private final Map<Integer, NDArray> rotate = new HashMap<>(); // rotary dim -> [D, D], x @ r = rotate_half on those dims

    Attention(ModelConfig cfg, DataType dtype, NDManager weights) {
        this.cfg = cfg;
        this.dtype = dtype;
        int d = cfg.headDim();
        for (ModelConfig.LayerAttention la : cfg.layers()) {
            if (la.rope() == null || rotate.containsKey(la.rope().rotaryDim())) continue;
            int half = la.rope().rotaryDim() / 2;
            double[] r = new double[d * d];
            for (int i = 0; i < half; i++) {
                r[(i + half) * d + i] = -1; // out[i] = -x[i + half]
                r[i * d + i + half] = 1;    // out[i + half] = x[i]
            }
            rotate.put(la.rope().rotaryDim(), create(weights, r, new Shape(d, d), dtype));
        }
    }

    /** A native array of {@code v} in the compute dtype. */
    static NDArray create(NDManager sm, double[] v, Shape shape, DataType dtype) {
        if (dtype == DataType.FLOAT64) return sm.create(v, shape);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return sm.create(f, shape);
    }

    /**
     * cos and sin of a RoPE at every position, [B, T, 1, D], times its attention scaling on the rotary
     * values; the values past rotaryDim get cos 1, sin 0 (they pass unrotated). {@code longRows[b]}
     * picks longrope's long frequencies for row b.
     */
    NDArray[] tables(NDManager sm, Rope rope, int[][] pos, boolean[] longRows) {
        int b = pos.length;
        int t = pos[0].length;
        int d = cfg.headDim();
        int half = rope.rotaryDim() / 2;
        double scale = rope.attentionScaling();
        double[][] inv = {rope.inverseFrequencies(false), rope.switchLength() > 0 ? rope.inverseFrequencies(true) : null};
        double[] cos = new double[b * t * d];
        double[] sin = new double[b * t * d];
        for (int i = 0; i < b; i++) {
            double[] f = longRows[i] && inv[1] != null ? inv[1] : inv[0];
            for (int j = 0; j < t; j++) {
                int base = (i * t + j) * d;
                for (int k = 0; k < half; k++) {
                    // HF computes the angle in float32 (inv_freq float32 times position); float64 here.
                    double ang = pos[i][j] * f[k];
                    double c = Math.cos(ang) * scale;
                    double s = Math.sin(ang) * scale;
                    cos[base + k] = c;
                    cos[base + k + half] = c;
                    sin[base + k] = s;
                    sin[base + k + half] = s;
                }
                for (int k = 2 * half; k < d; k++) cos[base + k] = 1; // partial rotary: the rest passes
            }
        }
        Shape shape = new Shape(b, t, 1, d);
        return new NDArray[] {create(sm, cos, shape, dtype), create(sm, sin, shape, dtype)};
    }

    /** x / sqrt(mean(x^2) + eps) over the last axis. */
    private NDArray rms(NDArray x) {
        NDArray var = x.square().mean(new int[] {-1}, true);
        return x.div(var.add(cfg.rmsNormEps()).sqrt());
    }

    /**
     * Attention of one layer. {@code x}: [B, T, hidden], already normalized (the norm weight folded into
     * qkv) where the family normalizes; {@code cs}: cos and sin from {@link #tables}, null for a layer
     * without RoPE; {@code mask}: additive, null when nothing is masked. Appends this layer's keys and
     * values to the cache when there is one. Returns [B, T, hidden].
     */
    NDArray forward(NDArray x, Weights.Layer lw, Rope rope, NDArray[] cs, NDArray mask, KvCache cache, int l) {
        int b = (int) x.getShape().get(0);
        int t = (int) x.getShape().get(1);
        int hq = cfg.numHeads();
        int hkv = cfg.numKvHeads();
        int d = cfg.headDim();
        int rep = hq / hkv;
        NDArray qkv = ParallelLinear.apply(x, lw.qkv(), lw.qkvBias()); // [B, T, (Hq + 2 Hkv) D], q pre-scaled
        NDList parts = qkv.split(new long[] {(long) (hq + hkv) * d}, 2);
        NDArray qk;                                                     // [B, T, Hq + Hkv, D]
        switch (cfg.family().qkNorm()) {
            case PER_HEAD -> qk = rms(parts.get(0).reshape(b, t, hq + hkv, d)).mul(lw.qkNorm()); // norm [Hq + Hkv, D]
            case WHOLE -> {
                NDList qkFlat = parts.get(0).split(new long[] {(long) hq * d}, 2); // [B, T, Hq D], [B, T, Hkv D]
                qk = rms(qkFlat.get(0)).concat(rms(qkFlat.get(1)), 2).mul(lw.qkNorm()).reshape(b, t, hq + hkv, d);
            }
            default -> qk = parts.get(0).reshape(b, t, hq + hkv, d);
        }
        if (cs != null) qk = qk.mul(cs[0]).add(qk.matMul(rotate.get(rope.rotaryDim())).mul(cs[1])); // RoPE on q and k at once
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

    /** cap * tanh(x / cap). */
    static NDArray softcap(NDArray x, double cap) {
        return Scalars.mul(Scalars.div(x, cap).tanh(), cap);
    }
}
