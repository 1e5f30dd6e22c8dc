package org.greater4j.toy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.Scalars;

/**
 * Trains a toy Llama model with DJL autograd and writes it as a HuggingFace Llama directory.
 *
 * <p>The forward is written for training: raw weights as NDArrays that collect gradients (q/k/v and
 * gate/up kept as fused matrices; saved split, under HF names), RMSNorm eps 1e-5, RoPE theta 1e4
 * (rotate-half), grouped-query attention, SwiGLU, tied embeddings, no biases. The loss is the mean
 * cross-entropy of every token after {@code <bos>} (the instruction text included, so the model can
 * propose instruction words). Sequences are right-padded; padding is never a target.
 *
 * <p>Each step opens its own sub-manager (closed at the end of the step) and one
 * {@link GradientCollector}; parameters and Adam moments live in the trainer's manager. Weights
 * start normal(0, 0.02) (norms at 1) from a Java {@link SplittableRandom}, and batches come from
 * {@link ToyTask#trainingSample}, both seeded by {@link TrainingConfig#seed()}. Close the trainer
 * to free native memory.
 */
public final class ToyTrainer implements AutoCloseable {

    /** Progress reports, called on the training thread. */
    public interface Listener {
        /** After every step: 0-based step, mean loss of its batch, learning rate, seconds since the start. */
        default void onStep(int step, double loss, double lr, double seconds) {}

        /** After every evaluation: the step count so far and one result per probe instruction. */
        default void onEvaluation(int steps, List<ToyEvaluation.Result> results) {}
    }

    /** No reports. */
    public static final Listener SILENT = new Listener() {};

    /** The instructions evaluated during training. */
    public static final List<String> PROBES = List.of("think step by step.", "no thinking just feeling.");

    private static final float MASKED = -1e9f;
    private static final double RMS_EPS = 1e-5;
    private static final double ROPE_THETA = 10000.0;

    private final ToySize size;
    private final TrainingConfig cfg;
    private final ToyVocabulary vocab;
    private final NDManager manager;
    private final List<Param> params = new ArrayList<>();
    private final Param embed;
    private final Param finalNorm;
    private final List<Param[]> layers = new ArrayList<>(); // attnNorm, qkv, o, mlpNorm, gateUp, down
    private final NDArray rotate; // [D, D]: x @ rotate = rotate_half(x)
    private final float[] cosTable; // [maxPositions, D]
    private final float[] sinTable;
    private final SplittableRandom data;
    private int step;

    /** One trainable tensor with its Adam moments. */
    private record Param(String name, NDArray w, NDArray m, NDArray v, boolean decay) {}

    private ToyTrainer(ToySize size, TrainingConfig cfg, ToyVocabulary vocab) {
        this.size = size;
        this.cfg = cfg;
        this.vocab = vocab;
        this.manager = NDManager.newBaseManager();
        try {
            SplittableRandom init = new SplittableRandom(cfg.seed());
            this.data = new SplittableRandom(cfg.seed() ^ 0x5DEECE66DL);
            int h = size.hidden();
            int kv = size.kvHeads() * size.headDim();
            embed = param("embed", init, true, vocab.size(), h);
            for (int l = 0; l < size.layers(); l++) {
                layers.add(new Param[] {
                    param("l" + l + ".attn_norm", null, false, h),
                    param("l" + l + ".qkv", init, true, h + 2 * kv, h),
                    param("l" + l + ".o", init, true, h, h),
                    param("l" + l + ".mlp_norm", null, false, h),
                    param("l" + l + ".gate_up", init, true, 2 * size.ffn(), h),
                    param("l" + l + ".down", init, true, h, size.ffn()),
                });
            }
            finalNorm = param("final_norm", null, false, h);
            int d = size.headDim();
            int half = d / 2;
            float[] r = new float[d * d];
            for (int i = 0; i < half; i++) {
                r[(i + half) * d + i] = -1; // out[i] = -x[i + half]
                r[i * d + i + half] = 1;    // out[i + half] = x[i]
            }
            rotate = manager.create(r, new Shape(d, d));
            cosTable = new float[size.maxPositions() * d];
            sinTable = new float[size.maxPositions() * d];
            for (int p = 0; p < size.maxPositions(); p++) {
                for (int i = 0; i < half; i++) {
                    double ang = p / StrictMath.pow(ROPE_THETA, (2.0 * i) / d);
                    cosTable[p * d + i] = cosTable[p * d + i + half] = (float) StrictMath.cos(ang);
                    sinTable[p * d + i] = sinTable[p * d + i + half] = (float) StrictMath.sin(ang);
                }
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A trainer with freshly initialized weights for the standard vocabulary. */
    public static ToyTrainer create(ToySize size, TrainingConfig cfg) {
        return new ToyTrainer(size, cfg, ToyVocabulary.standard());
    }

    private Param param(String name, SplittableRandom init, boolean decay, long... shape) {
        int n = (int) new Shape(shape).size();
        float[] v = new float[n];
        if (init == null) {
            Arrays.fill(v, 1f);
        } else {
            for (int i = 0; i < n; i++) v[i] = (float) (0.02 * gaussian(init));
        }
        NDArray w = manager.create(v, new Shape(shape));
        w.setRequiresGradient(true);
        Param p = new Param(name, w, manager.zeros(new Shape(shape)), manager.zeros(new Shape(shape)), decay);
        params.add(p);
        return p;
    }

    /** A standard normal from a SplittableRandom (Box-Muller; reproducible across JVMs). */
    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * StrictMath.log(1 - u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    /** The model shape. */
    public ToySize size() {
        return size;
    }

    /** The training settings. */
    public TrainingConfig config() {
        return cfg;
    }

    /** Steps taken so far. */
    public int steps() {
        return step;
    }

    /** Number of trainable parameters. */
    public long parameterCount() {
        return params.stream().mapToLong(p -> p.w().size()).sum();
    }

    // ------------------------------------------------------------------------------------ forward

    /**
     * Logits of a right-padded batch: ids [B, T] (padding after the real tokens; causal attention means
     * real positions never see it). Returns [B, T, vocab] in {@code sm}.
     */
    NDArray forward(NDManager sm, int[][] ids) {
        int b = ids.length;
        int t = ids[0].length;
        if (t > size.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + t + " tokens exceeds the context of " + size.maxPositions());
        }
        int d = size.headDim();
        int hq = size.heads();
        int hkv = size.kvHeads();
        int rep = hq / hkv;
        long[] flat = new long[b * t];
        for (int i = 0; i < b; i++) for (int j = 0; j < t; j++) flat[i * t + j] = ids[i][j];
        NDArray x = embed.w().get(sm.create(flat, new Shape(b, t))); // [B, T, H]
        x.attach(sm);
        NDArray cos = sm.create(Arrays.copyOf(cosTable, t * d), new Shape(t, 1, d)); // [T, 1, D]
        NDArray sin = sm.create(Arrays.copyOf(sinTable, t * d), new Shape(t, 1, d));
        float[] m = new float[t * t];
        for (int q = 0; q < t; q++) for (int k = q + 1; k < t; k++) m[q * t + k] = MASKED;
        NDArray mask = sm.create(m, new Shape(t, t)); // [T, T] causal, additive
        double scale = 1.0 / Math.sqrt(d);
        for (Param[] lw : layers) {
            // attention block
            NDArray a = rmsNorm(x, lw[0].w());
            NDArray qkv = Linear.linear(a, lw[1].w(), null).singletonOrThrow(); // [B, T, (Hq + 2 Hkv) D]
            NDList parts = qkv.split(new long[] {(long) (hq + hkv) * d}, 2);
            // RoPE on q and k at once: qk * cos + rotate_half(qk) * sin
            NDArray qk = parts.get(0).reshape(b, t, hq + hkv, d);         // [B, T, Hq + Hkv, D]
            qk = qk.mul(cos).add(qk.matMul(rotate).mul(sin));
            NDList qkParts = qk.split(new long[] {hq}, 2);
            NDArray q = qkParts.get(0).transpose(0, 2, 1, 3).reshape(b, hkv, rep, t, d); // [B, Hkv, rep, T, D]
            NDArray kt = qkParts.get(1).transpose(0, 2, 3, 1).reshape(b, hkv, 1, d, t);  // [B, Hkv, 1, D, T]
            NDArray v = parts.get(1).reshape(b, t, hkv, d).transpose(0, 2, 1, 3).reshape(b, hkv, 1, t, d); // [B, Hkv, 1, T, D]
            NDArray scores = Scalars.mul(q.matMul(kt), scale).add(mask);      // [B, Hkv, rep, T, T]
            NDArray o = scores.softmax(4).matMul(v);                            // [B, Hkv, rep, T, D]
            o = o.reshape(b, hq, t, d).transpose(0, 2, 1, 3).reshape(b, t, (long) hq * d); // [B, T, Hq D]
            x = x.add(Linear.linear(o, lw[2].w(), null).singletonOrThrow());
            // SwiGLU block
            NDArray f = rmsNorm(x, lw[3].w());
            NDArray gu = Linear.linear(f, lw[4].w(), null).singletonOrThrow(); // [B, T, 2F]
            NDList g = gu.split(new long[] {size.ffn()}, 2);
            NDArray act = g.get(0).mul(Activation.sigmoid(g.get(0))).mul(g.get(1)); // [B, T, F]
            x = x.add(Linear.linear(act, lw[5].w(), null).singletonOrThrow());
        }
        NDArray n = rmsNorm(x, finalNorm.w());
        return Linear.linear(n, embed.w(), null).singletonOrThrow(); // [B, T, V], tied head
    }

    private static NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray var = x.square().mean(new int[] {-1}, true);
        return x.div(var.add(RMS_EPS).sqrt()).mul(weight);
    }

    /** Logits of one sequence with the trainer's forward: [T][vocab] (for checks against the engine). */
    public float[][] logits(int[] ids) {
        try (NDManager sm = manager.newSubManager()) {
            float[] flat = forward(sm, new int[][] {ids}).toFloatArray();
            int v = vocab.size();
            float[][] out = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
            return out;
        }
    }

    /**
     * Mean next-token cross-entropy of a batch (every token after {@code <bos>}; padding excluded),
     * without training.
     */
    public double loss(List<int[]> sequences) {
        try (NDManager sm = manager.newSubManager()) {
            return loss(sm, sequences).getFloat();
        }
    }

    private NDArray loss(NDManager sm, List<int[]> sequences) {
        int b = sequences.size();
        int t = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        int[][] ids = new int[b][t];
        int v = vocab.size();
        float[] target = new float[b * t * v]; // one-hot of the next token, already divided by the count
        int count = 0;
        for (int[] s : sequences) count += s.length - 1;
        for (int i = 0; i < b; i++) {
            int[] s = sequences.get(i);
            Arrays.fill(ids[i], vocab.padId());
            System.arraycopy(s, 0, ids[i], 0, s.length);
            for (int j = 0; j + 1 < s.length; j++) target[(i * t + j) * v + s[j + 1]] = 1f / count;
        }
        NDArray logits = forward(sm, ids);                                  // [B, T, V]
        NDArray tg = sm.create(target, new Shape(b, t, v));
        return logits.logSoftmax(2).mul(tg).sum().neg();                   // scalar
    }

    // ------------------------------------------------------------------------------------ training

    /** The next training batch from the seeded generator (the data stream advances). */
    public List<int[]> nextBatch() {
        List<int[]> batch = new ArrayList<>(cfg.batch());
        for (int i = 0; i < cfg.batch(); i++) batch.add(ToyTask.trainingSample(data).ids(vocab));
        return batch;
    }

    /**
     * One optimizer step on {@code batch}: forward, backward, global-norm clipping, AdamW at the
     * scheduled learning rate. Returns the batch loss before the update.
     *
     * @throws ArithmeticException when the loss is not finite (naming the step)
     */
    public double step(List<int[]> batch) {
        double lr = cfg.learningRate(step);
        try (NDManager sm = manager.newSubManager()) {
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                loss = loss(sm, batch);
                gc.backward(loss);
            }
            double value = loss.getFloat();
            if (!Double.isFinite(value)) {
                throw new ArithmeticException("the loss is " + value + " at step " + step + "; lower the learning rate");
            }
            NDArray[] grads = new NDArray[params.size()];
            NDArray sq = null;
            for (int i = 0; i < grads.length; i++) {
                grads[i] = params.get(i).w().getGradient();
                grads[i].attach(sm);
                NDArray s = grads[i].square().sum();
                sq = sq == null ? s : sq.add(s);
            }
            double norm = Math.sqrt(sq.getFloat());
            double c = cfg.clip() > 0 && norm > cfg.clip() ? cfg.clip() / (norm + 1e-6) : 1.0;
            int t = step + 1;
            double bc1 = 1 - StrictMath.pow(cfg.beta1(), t);
            double bc2 = 1 - StrictMath.pow(cfg.beta2(), t);
            for (int i = 0; i < grads.length; i++) {
                Param p = params.get(i);
                // Temporaries must live in sm: a result belongs to the manager of its first operand.
                NDArray g = c == 1.0 ? grads[i] : grads[i].mul(c);
                p.m().muli(cfg.beta1()).addi(g.mul(1 - cfg.beta1()));
                p.v().muli(cfg.beta2()).addi(g.square().muli(1 - cfg.beta2()));
                NDArray vhat = p.v().div(bc2);
                vhat.attach(sm);
                NDArray denom = vhat.sqrt().add(cfg.eps());
                NDArray update = p.m().div(bc1);
                update.attach(sm);
                update.divi(denom).muli(lr);
                if (p.decay()) p.w().muli(1 - lr * cfg.weightDecay());
                p.w().subi(update);
                grads[i].subi(grads[i]); // zero the gradient for the next step
            }
            step++;
            return value;
        }
    }

    /**
     * Runs the remaining steps of the schedule, evaluating every {@link TrainingConfig#evalEvery()}
     * steps and at the end: the weights are saved to {@code out} and loaded back through
     * {@link LanguageModel} for greedy generation on validation questions. Stops early at the first
     * evaluation where the step-by-step probe reaches {@link TrainingConfig#stopAt()}. Leaves the
     * final weights in {@code out}.
     *
     * @return the last evaluation
     */
    public List<ToyEvaluation.Result> train(Path out, Listener listener) {
        long start = System.nanoTime();
        List<ToyEvaluation.Result> last = List.of();
        while (step < cfg.steps()) {
            double lr = cfg.learningRate(step);
            double loss = step(nextBatch());
            listener.onStep(step - 1, loss, lr, (System.nanoTime() - start) / 1e9);
            boolean end = step == cfg.steps();
            if (end || (cfg.evalEvery() > 0 && step % cfg.evalEvery() == 0)) {
                save(out);
                if (cfg.evalQuestions() > 0) {
                    last = evaluate(out, cfg.evalQuestions());
                    listener.onEvaluation(step, last);
                    if (cfg.stopAt() > 0 && last.get(0).accuracy() >= cfg.stopAt()) break;
                }
            }
        }
        if (cfg.steps() == 0 || step == 0) save(out);
        return last;
    }

    /** True when training stopped on accuracy before the configured number of steps. */
    public boolean stoppedEarly() {
        return step < cfg.steps();
    }

    /**
     * Loads a saved toy model and evaluates the {@link #PROBES} on {@code n} validation questions
     * ({@link ToyTask#validation}: held out from training, and apart from the task's and the
     * report's questions).
     */
    public static List<ToyEvaluation.Result> evaluate(Path dir, int n) {
        List<ToyProblem> qs = ToyTask.validation(n);
        List<ToyEvaluation.Result> rs = new ArrayList<>();
        try (LanguageModel m = LanguageModel.load(dir)) {
            for (String p : PROBES) rs.add(ToyEvaluation.evaluate(m, p, qs, 100));
        }
        return rs;
    }

    // ------------------------------------------------------------------------------------ saving

    /**
     * Writes the model as a HuggingFace Llama directory ({@link ToyConfigJson#save}): {@code config.json},
     * {@code model.safetensors} (F32, HF tensor names, no {@code lm_head}: tied), {@code tokenizer.json},
     * {@code tokenizer_config.json}.
     */
    public void save(Path dir) {
        List<NDArray[]> lw = new ArrayList<>();
        for (Param[] l : layers) {
            NDArray[] w = new NDArray[l.length];
            for (int i = 0; i < l.length; i++) w[i] = l[i].w();
            lw.add(w);
        }
        ToyConfigJson.save(dir, size, config(size, cfg, step, vocab.size()), embed.w(), lw, finalNorm.w(), vocab);
    }

    /** The {@code config.json} of a toy model ({@link ToyConfigJson#of}). */
    public static ObjectNode config(ToySize size, TrainingConfig cfg, int stepsTaken, int vocabSize) {
        return ToyConfigJson.of(size, cfg, stepsTaken, vocabSize, RMS_EPS, ROPE_THETA);
    }

    @Override
    public void close() {
        manager.close();
    }
}
