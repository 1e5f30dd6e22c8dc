package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;
import org.greater4j.io.DType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine against itself by independent routes, on tiny deterministic models of every family in
 * float64: cache vs full forward, padded batch vs alone, reduced vs full one-hot, one-hot gradient vs
 * central finite differences, sharded vs single-file loading.
 */
public class EngineConsistencyTest {
    @TempDir
    Path tmp;

    private LanguageModel load(String family) {
        return LanguageModel.load(TinyModels.write(family, tmp.resolve(family)),
                LanguageModel.Options.defaults().withComputeType(DataType.FLOAT64));
    }

    static int[] ids(int n, int seed, int vocab) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = 3 + (int) Math.floorMod(seed * 31L + i * 17L + (long) i * i * 5, vocab - 3);
        return a;
    }

    private static double maxDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
        return m;
    }

    private static float[] lastLogits(LanguageModel m, NDManager sm, NDArray h) {
        int t = (int) h.getShape().get(1);
        return m.transformer().logitsAt(sm, h, new int[][] {{t - 1}}).toType(DataType.FLOAT32, false).toFloatArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "llama3_rope", "qwen2", "gemma2", "mistral"})
    void prefillPlusIncrementalDecodingEqualsFullForward(String family) {
        try (LanguageModel m = load(family)) {
            int[] seq = ids(14, 1, m.config().vocabSize());
            float[][] full = m.logits(seq);
            Transformer tf = m.transformer();
            float[][] inc = new float[seq.length][];
            try (KvCache cache = m.newCache(1)) {
                int pre = 5;
                try (NDManager sm = m.manager().newSubManager()) {
                    int[][] prefix = {java.util.Arrays.copyOf(seq, pre)};
                    NDArray h = tf.layers(sm, tf.embed(sm, prefix), new boolean[][] {{true, true, true, true, true}}, cache);
                    int[][] at = {{0, 1, 2, 3, 4}};
                    float[] lg = tf.logitsAt(sm, h, at).toType(DataType.FLOAT32, false).toFloatArray();
                    int v = m.config().vocabSize();
                    for (int i = 0; i < pre; i++) inc[i] = java.util.Arrays.copyOfRange(lg, i * v, (i + 1) * v);
                }
                for (int i = pre; i < seq.length; i++) {
                    try (NDManager sm = m.manager().newSubManager()) {
                        NDArray h = tf.layers(sm, tf.embed(sm, new int[][] {{seq[i]}}), new boolean[][] {{true}}, cache);
                        inc[i] = lastLogits(m, sm, h);
                    }
                }
                assertThat(cache.tokens(0)).isEqualTo(seq.length);
            }
            assertThat(maxDiff(full, inc)).as("cache vs full, %s", family).isLessThan(1e-9);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "llama3_rope", "qwen2", "gemma2", "mistral"})
    void paddedBatchEqualsEachSequenceAlone(String family) {
        try (LanguageModel m = load(family)) {
            int v = m.config().vocabSize();
            int[][] seqs = {ids(12, 2, v), ids(5, 3, v), ids(9, 4, v)};
            int[][] at = new int[3][];
            for (int b = 0; b < 3; b++) {
                at[b] = new int[seqs[b].length];
                for (int i = 0; i < at[b].length; i++) at[b][i] = i;
            }
            float[][][] batched = m.logits(seqs, at);
            for (int b = 0; b < 3; b++) {
                assertThat(maxDiff(batched[b], m.logits(seqs[b]))).as("row %d of %s", b, family).isLessThan(1e-9);
                for (float[] row : batched[b]) for (float x : row) assertThat(Float.isFinite(x)).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "gemma2"})
    void teacherForcedScoresWithSharedPrefixesEqualWholeRows(String family) {
        try (LanguageModel m = load(family)) {
            int v = m.config().vocabSize();
            int[][] prefixes = {ids(5, 1, v), ids(8, 2, v)};
            int[] prefixOf = {0, 1, 0, 1, 1};
            int[][] tails = {ids(3, 3, v), ids(1, 4, v), ids(6, 5, v), ids(4, 6, v), ids(2, 7, v)};
            int[][] whole = new int[tails.length][];
            int[][] at = new int[tails.length][];
            int[][] tg = new int[tails.length][];
            for (int r = 0; r < tails.length; r++) {
                int[] p = prefixes[prefixOf[r]];
                whole[r] = java.util.Arrays.copyOf(p, p.length + tails[r].length);
                System.arraycopy(tails[r], 0, whole[r], p.length, tails[r].length);
                // positions in the prefix and in the tail, in any order
                at[r] = new int[] {whole[r].length - 1, 0, p.length - 1, p.length / 2};
                tg[r] = new int[] {ids(1, r, v)[0], 5, 7, 9};
            }
            LanguageModel.TokenScores shared = m.scoreTokens(prefixes, prefixOf, tails, at, tg);
            LanguageModel.TokenScores alone = m.scoreTokens(whole, at, tg);
            for (int r = 0; r < tails.length; r++) {
                for (int j = 0; j < at[r].length; j++) {
                    assertThat(shared.logProb()[r][j]).as("%s row %d position %d", family, r, at[r][j])
                            .isCloseTo(alone.logProb()[r][j], org.assertj.core.api.Assertions.within(1e-9));
                }
                assertThat(shared.argmax()[r]).isEqualTo(alone.argmax()[r]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gemma2", "mistral"})
    void sharedPrefixWithMiddlePaddingEqualsFullSequences(String family) {
        // a cached prefix selected into several rows, continued with tails of different lengths
        try (LanguageModel m = load(family)) {
            int v = m.config().vocabSize();
            int[] prefix = ids(6, 5, v);
            int[][] tails = {ids(4, 6, v), ids(1, 7, v), ids(3, 8, v)};
            Transformer tf = m.transformer();
            try (KvCache one = m.newCache(1)) {
                try (NDManager sm = m.manager().newSubManager()) {
                    boolean[][] r = {new boolean[prefix.length]};
                    java.util.Arrays.fill(r[0], true);
                    tf.layers(sm, tf.embed(sm, new int[][] {prefix}), r, one);
                }
                try (KvCache three = one.select(new int[] {0, 0, 0}); NDManager sm = m.manager().newSubManager()) {
                    Padded p = Padded.left(tails, 0);
                    NDArray h = tf.layers(sm, tf.embed(sm, p.ids()), p.real(), three);
                    int last = p.length() - 1;
                    float[] lg = tf.logitsAt(sm, h, new int[][] {{last}, {last}, {last}}).toType(DataType.FLOAT32, false).toFloatArray();
                    for (int b = 0; b < 3; b++) {
                        int[] whole = new int[prefix.length + tails[b].length];
                        System.arraycopy(prefix, 0, whole, 0, prefix.length);
                        System.arraycopy(tails[b], 0, whole, prefix.length, tails[b].length);
                        float[][] ref = m.logits(whole);
                        float[] got = java.util.Arrays.copyOfRange(lg, b * v, (b + 1) * v);
                        assertThat(maxDiff(new float[][] {got}, new float[][] {ref[ref.length - 1]})).as("row %d", b).isLessThan(1e-9);
                    }
                }
            }
        }
    }

    private static OneHotGradient.Request request(int[] seq, int[] candidates, double[][][] values) {
        int n = seq.length;
        List<OneHotGradient.Target> targets = List.of(
                new OneHotGradient.Target(0, new int[] {n - 4, n - 3, n - 2}, new int[] {seq[n - 3], seq[n - 2], seq[n - 1]}, 0.2, 1.0),
                new OneHotGradient.Target(0, new int[] {2, 3, 4}, new int[] {seq[3], seq[4], seq[5]}, 1.0, 0.2));
        return new OneHotGradient.Request(new int[][] {seq}, new int[][] {{3, 5}}, candidates, targets, values);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "llama3_rope", "qwen2", "gemma2", "mistral"})
    void oneHotGradientEqualsCentralFiniteDifferences(String family) {
        try (LanguageModel m = load(family)) {
            int v = m.config().vocabSize();
            int[] seq = ids(16, 9, v);
            int[] cand = {seq[3], seq[5], 7, 11, 40, 63};
            OneHotGradient.Result r = OneHotGradient.compute(m, request(seq, cand, null), 4);
            double[][][] base = new double[1][2][cand.length];
            base[0][0][0] = 1;
            base[0][1][1] = 1;
            if (seq[3] == seq[5]) base[0][1][0] = 1; // same token: both slots' current candidate is index 0
            double eps = 1e-5;
            double worst = 0;
            double scale = 0;
            for (int k = 0; k < 2; k++) {
                for (int j = 0; j < cand.length; j++) {
                    double[][][] plus = deepCopy(base);
                    double[][][] minus = deepCopy(base);
                    plus[0][k][j] += eps;
                    minus[0][k][j] -= eps;
                    double lp = OneHotGradient.compute(m, request(seq, cand, plus), 4).loss();
                    double lm = OneHotGradient.compute(m, request(seq, cand, minus), 4).loss();
                    double fd = (lp - lm) / (2 * eps);
                    worst = Math.max(worst, Math.abs(fd - r.gradient()[0][k][j]));
                    scale = Math.max(scale, Math.abs(fd));
                }
            }
            assertThat(scale).as("gradient is not trivially zero").isGreaterThan(1e-3);
            assertThat(worst).as("max |fd - grad| for %s (max |grad| %s)", family, scale).isLessThan(1e-6 * Math.max(1, scale));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "gemma2"})
    void reducedOneHotEqualsFullOneHotRestricted(String family) {
        try (LanguageModel m = load(family)) {
            int v = m.config().vocabSize();
            int[] seq = ids(12, 4, v);
            int[] all = new int[v];
            for (int i = 0; i < v; i++) all[i] = i;
            int[] cand = {seq[3], seq[5], 9, 33, 50};
            if (seq[3] == seq[5]) cand[1] = 60;
            OneHotGradient.Result full = OneHotGradient.compute(m, request(seq, all, null), 1);
            OneHotGradient.Result red = OneHotGradient.compute(m, request(seq, cand, null), 1);
            assertThat(red.loss()).isCloseTo(full.loss(), org.assertj.core.data.Offset.offset(1e-10));
            for (int k = 0; k < 2; k++) {
                for (int j = 0; j < cand.length; j++) {
                    assertThat(red.gradient()[0][k][j]).isCloseTo(full.gradient()[0][k][cand[j]], org.assertj.core.data.Offset.offset(1e-10));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gemma2"})
    void lossEqualsIndependentComputationFromLogits(String family) {
        try (LanguageModel m = load(family)) {
            int v = m.config().vocabSize();
            int[] seq = ids(16, 9, v);
            int[] cand = {seq[3], seq[5], 7};
            if (seq[3] == seq[5]) cand[1] = 62;
            OneHotGradient.Result r = OneHotGradient.compute(m, request(seq, cand, null), 1);
            float[][] lg = m.logits(seq);
            int n = seq.length;
            double expected = 0;
            int[] p1 = {n - 4, n - 3, n - 2};
            for (int p : p1) expected += ce(lg[p], seq[p + 1], 0.2) / 3.0;
            int[] p2 = {2, 3, 4};
            for (int p : p2) expected += 0.2 * ce(lg[p], seq[p + 1], 1.0) / 3.0;
            assertThat(r.loss()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    /** Cross-entropy of {@code target} under {@code logits / temp}, in double (an independent reference). */
    public static double ce(float[] logits, int target, double temp) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) max = Math.max(max, x / temp);
        double z = 0;
        for (float x : logits) z += Math.exp(x / temp - max);
        return -(logits[target] / temp - max - Math.log(z));
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void shardedLoadingEqualsSingleFile(String family) {
        Path single = TinyModels.write(TinyModels.config(family), tmp.resolve("single"), DType.F32, 1);
        Path sharded = TinyModels.write(TinyModels.config(family), tmp.resolve("sharded"), DType.F32, 3);
        int[] seq = ids(10, 2, 64);
        try (LanguageModel a = LanguageModel.load(single); LanguageModel b = LanguageModel.load(sharded)) {
            assertThat(maxDiff(a.logits(seq), b.logits(seq))).isEqualTo(0.0);
        }
    }

    private static double[][][] deepCopy(double[][][] a) {
        double[][][] c = new double[a.length][][];
        for (int i = 0; i < a.length; i++) {
            c[i] = new double[a[i].length][];
            for (int j = 0; j < a[i].length; j++) c[i][j] = a[i][j].clone();
        }
        return c;
    }
}
