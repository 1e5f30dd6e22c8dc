package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.greater4j.io.ModelFormatException;
import org.greater4j.io.TensorData;

/**
 * Turns a checkpoint's tensors into the forward's fused layout ({@link Weights}), checking every
 * shape against the config: q/k/v and gate/up fused (Phi-3 stores them fused already), input norm
 * weights folded into the projections' columns, the attention scale folded into the q rows or the
 * q norm, Gemma's (1 + w) norms precomputed. A checkpoint tensor the family does not use is an error.
 */
final class WeightLoader {
    /** Prefixes of the text model's tensors: plain, multimodal as uploaded, multimodal as transformers >= 4.52 saves it. */
    private static final String[][] PREFIXES = {
        {"model.", "lm_head.weight"},
        {"language_model.model.", "language_model.lm_head.weight"},
        {"model.language_model.", "lm_head.weight"},
    };

    private WeightLoader() {}

    /** Where the weights come from: a checkpoint, or random values for benchmarks. Names are HF's, without prefix. */
    interface Source {
        /** True when the tensor exists. */
        boolean has(String name);

        /** The tensor as a native array of {@code shape} in the compute dtype. */
        NDArray get(String name, long... shape);
    }

    /** Loads a checkpoint's tensors; {@code src} is named in errors. */
    static Weights load(NDManager m, Path src, ModelConfig c, Map<String, TensorData> t, DataType ct) {
        String[] prefix = PREFIXES[0];
        for (String[] p : PREFIXES) {
            if (t.containsKey(p[0] + "embed_tokens.weight")) {
                prefix = p;
                break;
            }
        }
        String model = prefix[0];
        String head = prefix[1];
        Set<String> used = new HashSet<>();
        Source s = new Source() {
            private String full(String name) {
                return name.equals("lm_head.weight") ? head : model + name;
            }

            @Override
            public boolean has(String name) {
                return t.containsKey(full(name));
            }

            @Override
            public NDArray get(String name, long... shape) {
                used.add(full(name));
                return tensor(m, src, t, full(name), ct, shape);
            }
        };
        Weights w;
        try {
            w = build(c, s);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(src, e.getMessage(), e);
        }
        used.add(head); // a tied checkpoint may still hold the head; the embedding is used, as in transformers
        Set<String> unused = new TreeSet<>();
        for (String name : t.keySet()) {
            boolean text = name.startsWith(model) || name.equals(head);
            if (text && !used.contains(name) && !name.endsWith("rotary_emb.inv_freq")) unused.add(name);
        }
        if (!unused.isEmpty()) {
            throw new ModelFormatException(src, "has tensors a " + c.family().modelType + " model does not use: "
                    + String.join(", ", unused.stream().limit(5).toList()) + (unused.size() > 5 ? " ..." : "")
                    + "; is config.json's model_type (or a setting such as attention_bias) right for these weights?");
        }
        return w;
    }

    /** Builds the weights of config {@code c} from {@code s}. */
    static Weights build(ModelConfig c, Source s) {
        long h = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long f = c.intermediateSize();
        Family fam = c.family();
        NDArray embed = s.get("embed_tokens.weight", c.vocabSize(), h);
        NDArray head;
        if (c.tieEmbeddings()) {
            head = embed;
        } else {
            if (!s.has("lm_head.weight")) {
                throw new IllegalArgumentException("has no lm_head.weight but config.json says tie_word_embeddings is false");
            }
            head = s.get("lm_head.weight", c.vocabSize(), h);
        }
        List<Weights.Layer> layers = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "layers." + l + ".";
            NDArray wq;
            NDArray wk;
            NDArray wv;
            NDArray gate;
            NDArray up;
            // A fused checkpoint's q/k/v and gate/up are views of the tensor read from the file, whose memory is a Java
            // buffer that lives only as long as that NDArray: closed once the views have been copied into the fused
            // weights below, never before (a garbage collection in between would free the memory under the views).
            NDArray fusedQkv = null;
            NDArray fusedGateUp = null;
            if (fam.fusedCheckpoint()) {
                fusedQkv = s.get(p + "self_attn.qkv_proj.weight", q + 2 * kv, h);
                NDList qkv = fusedQkv.split(new long[] {q, q + kv}, 0); // rows [q; k; v]
                wq = qkv.get(0);
                wk = qkv.get(1);
                wv = qkv.get(2);
                fusedGateUp = s.get(p + "mlp.gate_up_proj.weight", 2 * f, h);
                NDList gu = fusedGateUp.split(2, 0); // rows [gate; up]
                gate = gu.get(0);
                up = gu.get(1);
            } else {
                wq = s.get(p + "self_attn.q_proj.weight", q, h);
                wk = s.get(p + "self_attn.k_proj.weight", kv, h);
                wv = s.get(p + "self_attn.v_proj.weight", kv, h);
                gate = s.get(p + "mlp.gate_proj.weight", f, h);
                up = s.get(p + "mlp.up_proj.weight", f, h);
            }
            NDArray[] bias = {null, null, null};
            if (fam.requiresQkvBias()) {
                if (!s.has(p + "self_attn.q_proj.bias")) {
                    throw new IllegalArgumentException("lacks " + p + "self_attn.q_proj.bias, which a " + fam.modelType
                            + " model must have");
                }
                bias = new NDArray[] {s.get(p + "self_attn.q_proj.bias", q), s.get(p + "self_attn.k_proj.bias", kv),
                        s.get(p + "self_attn.v_proj.bias", kv)};
            }
            Family.NormLayout layout = fam.normLayout();
            NDArray inNorm = layout == Family.NormLayout.POST ? null : norm(s, c, p + "input_layernorm.weight", h);
            NDArray qkNorm = qkNorm(s, c, p);
            NDArray[] qkv = fuseQkv(c, inNorm, wq, wk, wv, bias[0], bias[1], bias[2], qkNorm == null);
            if (fusedQkv != null) fusedQkv.close();
            NDArray o = s.get(p + "self_attn.o_proj.weight", h, q);
            String mlpNormName = switch (layout) {
                case PRE -> "post_attention_layernorm.weight";
                case SANDWICH -> "pre_feedforward_layernorm.weight";
                case POST -> null;
            };
            NDArray gateUp = fuseGateUp(mlpNormName == null ? null : norm(s, c, p + mlpNormName, h), gate, up);
            if (fusedGateUp != null) fusedGateUp.close();
            NDArray down = s.get(p + "mlp.down_proj.weight", h, f);
            NDArray attnOut = layout == Family.NormLayout.PRE ? null : norm(s, c, p + "post_attention_layernorm.weight", h);
            NDArray mlpOut = layout == Family.NormLayout.PRE ? null : norm(s, c, p + "post_feedforward_layernorm.weight", h);
            layers.add(new Weights.Layer(qkv[0], qkv[1], qkNorm, o, attnOut, mlpOut, gateUp, down));
        }
        NDArray fn = norm(s, c, "norm.weight", h);
        return new Weights(embed, head, fn, List.copyOf(layers));
    }

    /** An RMSNorm weight; (1 + w) for Gemma. */
    private static NDArray norm(Source s, ModelConfig c, String name, long... shape) {
        NDArray w = s.get(name, shape);
        if (!c.family().normPlusOne()) return w;
        NDArray w1 = w.add(1);
        w.close();
        return w1;
    }

    /**
     * The q/k norm weights after the projection, the attention scale folded into the q part: [Hq + Hkv, D]
     * per head (each head's row its q or k weight), [(Hq + Hkv) D] over the whole projections; null without.
     */
    private static NDArray qkNorm(Source s, ModelConfig c, String p) {
        Family.QkNorm kind = c.family().qkNorm();
        if (kind == Family.QkNorm.NONE) return null;
        int d = c.headDim();
        int hq = c.numHeads();
        int hkv = c.numKvHeads();
        double scale = attentionScale(c);
        NDArray qn;
        NDArray kn;
        if (kind == Family.QkNorm.PER_HEAD) {
            qn = norm(s, c, p + "self_attn.q_norm.weight", d);
            kn = norm(s, c, p + "self_attn.k_norm.weight", d);
        } else {
            qn = norm(s, c, p + "self_attn.q_norm.weight", (long) hq * d);
            kn = norm(s, c, p + "self_attn.k_norm.weight", (long) hkv * d);
        }
        NDArray qs = qn.mul(scale);
        NDArray out = kind == Family.QkNorm.PER_HEAD
                ? NDArrays.concat(new NDList(qs.reshape(1, d).repeat(0, hq), kn.reshape(1, d).repeat(0, hkv)), 0) // [Hq + Hkv, D]
                : NDArrays.concat(new NDList(qs, kn), 0);                                                       // [(Hq + Hkv) D]
        qs.close();
        qn.close();
        kn.close();
        return out;
    }

    /** The attention scale: query_pre_attn_scalar^-0.5 (Gemma) or head_dim^-0.5. */
    static double attentionScale(ModelConfig cfg) {
        return cfg.queryPreAttnScalar() > 0 ? Math.pow(cfg.queryPreAttnScalar(), -0.5) : 1.0 / Math.sqrt(cfg.headDim());
    }

    /**
     * Fuses q/k/v into one projection: rows [q; k; v], the attention scale folded into the q rows when
     * {@code foldScale}, the input RMSNorm weight (unless null) folded into the columns (norm(x) * n then
     * W equals norm(x) then W * n). Closes its inputs. Returns {weight, bias or null}.
     */
    static NDArray[] fuseQkv(ModelConfig cfg, NDArray norm, NDArray wq, NDArray wk, NDArray wv, NDArray bq, NDArray bk,
                             NDArray bv, boolean foldScale) {
        double scale = foldScale ? attentionScale(cfg) : 1.0;
        NDArray wqs = wq.mul(scale);
        NDArray cat = NDArrays.concat(new NDList(wqs, wk, wv), 0);
        NDArray fused = norm == null ? cat : cat.mul(norm.reshape(1, norm.getShape().get(0)));
        NDArray bias = null;
        if (bq != null) {
            NDArray bqs = bq.mul(scale);
            bias = NDArrays.concat(new NDList(bqs, bk, bv), 0);
            for (NDArray a : new NDArray[] {bqs, bq, bk, bv}) a.close();
        }
        for (NDArray a : new NDArray[] {wqs, wq, wk, wv, norm}) if (a != null) a.close();
        if (fused != cat) cat.close();
        return new NDArray[] {fused, bias};
    }

    /** Fuses gate and up projections (rows [gate; up]) with the pre-MLP norm (unless null) folded in; closes its inputs. */
    static NDArray fuseGateUp(NDArray norm, NDArray gate, NDArray up) {
        NDArray cat = NDArrays.concat(new NDList(gate, up), 0);
        NDArray fused = norm == null ? cat : cat.mul(norm.reshape(1, norm.getShape().get(0)));
        if (fused != cat) cat.close();
        gate.close();
        up.close();
        if (norm != null) norm.close();
        return fused;
    }

    /** One tensor as a native array in the compute dtype, its shape checked against the config. */
    static NDArray tensor(NDManager m, Path src, Map<String, TensorData> t, String name, DataType ct, long... shape) {
        TensorData d = t.get(name);
        if (d == null) {
            throw new ModelFormatException(src, "lacks tensor " + name + " (a " + t.size() + "-tensor checkpoint); "
                    + "is config.json's model_type right for these weights?");
        }
        if (!Arrays.equals(d.shape(), shape)) {
            throw new ModelFormatException(src, "tensor " + name + " has shape " + Arrays.toString(d.shape())
                    + " but config.json implies " + Arrays.toString(shape) + "; config and weights do not belong together");
        }
        if (ct == DataType.FLOAT64) {
            return m.create(d.toDoubles(), new Shape(shape));
        }
        long n = d.numel();
        long rows = shape[0];
        long rowLen = n / Math.max(1, rows);
        long maxChunk = 1L << 26; // 64M elements per piece: bounded Java heap for huge tensors
        if (n <= maxChunk) {
            return m.create(d.toFloats(), new Shape(shape));
        }
        long rowsPer = Math.max(1, maxChunk / rowLen);
        NDList pieces = new NDList();
        for (long r = 0; r < rows; r += rowsPer) {
            long nr = Math.min(rowsPer, rows - r);
            long[] ps = shape.clone();
            ps[0] = nr;
            pieces.add(m.create(d.toFloats(r * rowLen, (int) (nr * rowLen)), new Shape(ps)));
        }
        NDArray all = NDArrays.concat(pieces, 0);
        pieces.close();
        return all;
    }

    /** Random weights for a config (normal, std 0.02; norms 1, Gemma's stored w of (1 + w) 0), from the manager's seeded engine. */
    static Weights random(ai.djl.ndarray.NDManager manager, ModelConfig cfg, ai.djl.ndarray.types.DataType ct) {
        float normValue = cfg.family().normPlusOne() ? 0f : 1f;
        return build(cfg, new Source() {
            @Override
            public boolean has(String name) {
                return true;
            }

            @Override
            public ai.djl.ndarray.NDArray get(String name, long... shape) {
                ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(shape);
                return name.contains("norm") ? manager.full(s, normValue, ct) : manager.randomNormal(0f, 0.02f, s, ct);
            }
        });
    }
}
