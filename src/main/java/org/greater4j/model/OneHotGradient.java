package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loss over chosen target positions and its gradient with respect to (reduced) one-hot inputs at
 * chosen positions. The embedding at a one-hot position is {@code onehot @ E[candidates]}; with all
 * candidates it is the full one-hot. Weights never require gradients; every call opens a fresh
 * one-hot leaf and exactly one {@link GradientCollector}.
 */
public final class OneHotGradient {
    /** The process's one gradient collector at a time (DJL's PyTorch engine refuses a second). */
    private static final Object COLLECTOR = new Object();

    private OneHotGradient() {}

    /**
     * One cross-entropy term of the loss: for row {@code row}, logits at sequence positions
     * {@code positions[j]} (divided by {@code temperature}) should predict {@code targets[j]}; the
     * term is {@code weight * mean_j CE}.
     */
    public record Target(int row, int[] positions, int[] targets, double temperature, double weight) {
        public Target {
            if (positions.length != targets.length || positions.length == 0) {
                throw new IllegalArgumentException("a target needs as many positions as target ids, at least one");
            }
            if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
    }

    /**
     * A gradient request.
     *
     * @param sequences   token ids per row (any lengths; left-padded internally)
     * @param oneHotAt    per row, the sequence positions whose input is a one-hot (the same count P for every row)
     * @param candidates  the candidate token ids C of the reduced one-hot; each one-hot position's current
     *                    token must be among them
     * @param targets     the loss terms
     * @param values      optional one-hot values [row][slot][candidate] to use instead of the exact one-hot
     *                    of the current tokens (null: exact one-hot); e.g. for finite differences
     */
    public record Request(int[][] sequences, int[][] oneHotAt, int[] candidates, List<Target> targets, double[][][] values) {
        /** A request at the exact one-hot of the current tokens. */
        public Request(int[][] sequences, int[][] oneHotAt, int[] candidates, List<Target> targets) {
            this(sequences, oneHotAt, candidates, targets, null);
        }
    }

    /**
     * The result.
     *
     * @param rowLoss  loss of each row (sum of its terms)
     * @param gradient d(sum of all row losses) / d onehot: [row][slot][candidate]
     */
    public record Result(double[] rowLoss, double[][][] gradient) {
        /** Sum of the row losses. */
        public double loss() {
            return Arrays.stream(rowLoss).sum();
        }
    }

    /**
     * Computes the loss and the gradient, {@code batchSize} rows per forward+backward pass (rows are
     * independent, so chunking changes nothing but memory).
     */
    public static Result compute(LanguageModel model, Request req, int batchSize) {
        int n = req.sequences().length;
        double[] rowLoss = new double[n];
        double[][][] grad = new double[n][][];
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            chunk(model, req, start, end, rowLoss, grad);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(rowLoss[i])) {
                throw new ArithmeticException("loss of row " + i + " is " + rowLoss[i] + " (NaN or infinite): check the "
                        + "target ids and the temperature; the model may produce non-finite logits");
            }
        }
        return new Result(rowLoss, grad);
    }

    private static void chunk(LanguageModel model, Request req, int start, int end, double[] rowLoss, double[][][] grad) {
        Transformer tf = model.transformer();
        int b = end - start;
        int[][] seqs = Arrays.copyOfRange(req.sequences(), start, end);
        Padded p = Padded.left(seqs, 0);
        int pSlots = req.oneHotAt()[start].length;
        int c = req.candidates().length;
        int[][] frameOneHot = new int[b][pSlots];
        double[] init = new double[b * pSlots * c];
        for (int i = 0; i < b; i++) {
            int[] at = req.oneHotAt()[start + i];
            if (at.length != pSlots) throw new IllegalArgumentException("every row needs the same number of one-hot positions");
            for (int k = 0; k < pSlots; k++) {
                int pos = at[k];
                frameOneHot[i][k] = p.offset(i) + pos;
                int tok = seqs[i][pos];
                int j = indexOf(req.candidates(), tok);
                if (j < 0) {
                    throw new IllegalArgumentException("row " + (start + i) + ": token " + tok + " at one-hot position " + pos
                            + " is not among the candidates; include the current token in the candidate set");
                }
                init[(i * pSlots + k) * c + j] = 1.0;
                if (req.values() != null) {
                    System.arraycopy(req.values()[start + i][k], 0, init, (i * pSlots + k) * c, c);
                }
            }
        }
        // Targets of this chunk, as (row, frame position, target id, temperature, weight / count).
        List<int[]> tPos = new ArrayList<>();
        List<double[]> tW = new ArrayList<>();
        for (Target t : req.targets()) {
            if (t.row() < start || t.row() >= end) continue;
            int i = t.row() - start;
            for (int j = 0; j < t.positions().length; j++) {
                tPos.add(new int[] {i, p.offset(i) + t.positions()[j], t.targets()[j]});
                tW.add(new double[] {t.temperature(), t.weight() / t.positions().length});
            }
        }
        int m = tPos.size();
        // DJL's PyTorch engine allows one GradientCollector per process (a static flag), so two optimizers on two
        // threads (a sweep's Spark tasks in one executor) take turns for the backward pass only.
        synchronized (COLLECTOR) {
            try (NDManager sm = model.manager().newSubManager(); GradientCollector gc = sm.getEngine().newGradientCollector()) {
                NDArray onehot = tf.dtype() == ai.djl.ndarray.types.DataType.FLOAT64
                        ? sm.create(init, new Shape(b, pSlots, c))
                        : sm.create(toFloat(init), new Shape(b, pSlots, c));
                onehot.setRequiresGradient(true);
                NDArray x = tf.embedOneHot(sm, p.ids(), frameOneHot, onehot, req.candidates());
                NDArray h = tf.layers(sm, x, p.real(), null); // [B, T, H]
                long[] flat = new long[m];
                long[] tgt = new long[m];
                double[] invTemp = new double[m];
                double[] w = new double[m];
                double[] rowOf = new double[m * b];
                int t = p.length();
                for (int j = 0; j < m; j++) {
                    flat[j] = (long) tPos.get(j)[0] * t + tPos.get(j)[1];
                    tgt[j] = tPos.get(j)[2];
                    invTemp[j] = 1.0 / tW.get(j)[0];
                    w[j] = tW.get(j)[1];
                    rowOf[j * b + tPos.get(j)[0]] = 1.0;
                }
                if (m == 0) throw new IllegalArgumentException("no loss targets for rows " + start + ".." + (end - 1));
                NDArray rows = h.reshape(b * t, h.getShape().get(2)).get(sm.create(flat)); // [M, H]
                NDArray logits = tf.head(rows);                                              // [M, V]
                NDArray scaled = logits.mul(cast(sm, invTemp, tf).reshape(m, 1));
                NDArray logp = scaled.logSoftmax(1);
                NDArray picked = logp.get(new ai.djl.ndarray.index.NDIndex().addAllDim().addPickDim(sm.create(tgt).reshape(m, 1)));
                NDArray nll = picked.reshape(m).neg().mul(cast(sm, w, tf)); // [M] weighted terms
                NDArray perRow = nll.reshape(1, m).matMul(cast(sm, rowOf, tf).reshape(m, b)).reshape(b); // [B]
                NDArray total = perRow.sum();
                gc.backward(total);
                double[] rl = perRow.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
                double[] g = onehot.getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
                for (int i = 0; i < b; i++) {
                    rowLoss[start + i] = rl[i];
                    grad[start + i] = new double[pSlots][c];
                    for (int k = 0; k < pSlots; k++) System.arraycopy(g, (i * pSlots + k) * c, grad[start + i][k], 0, c);
                }
            }
        }
    }

    private static NDArray cast(NDManager sm, double[] v, Transformer tf) {
        return tf.dtype() == ai.djl.ndarray.types.DataType.FLOAT64 ? sm.create(v) : sm.create(toFloat(v));
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        return -1;
    }
}
