package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.greater4j.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KvCache#compact()}: a cache whose rows hold discarded slots (rejected drafts) and the same cache compacted
 * give the same logits for every later token, on a plain model, one with sliding windows (Gemma-3: positions and
 * windows must survive the shrink) and one with length-dependent RoPE (Phi-3 longrope: rows cross the switch length
 * after the compaction, so the cache is recomputed from its compacted inputs).
 */
class KvCacheCompactTest {

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-f32", "gemma3-f32", "phi3-longrope-f32"})
    void aCompactedCacheGivesTheSameLogits(String name) {
        try (LanguageModel m = LanguageModel.load(TestData.shared("goldens-hf/models/" + name))) {
            Transformer tf = m.transformer();
            int v = m.config().vocabSize();
            SplittableRandom r = new SplittableRandom(11);
            int[][] prompts = new int[3][];
            for (int i = 0; i < 3; i++) prompts[i] = r.ints(240 + 4 * i, 3, v).toArray(); // 240, 244, 248 tokens
            try (KvCache plain = m.newCache(3); KvCache compact = m.newCache(3); NDManager sm = m.manager().newSubManager()) {
                Padded p = Padded.left(prompts, 0);
                for (KvCache c : new KvCache[] {plain, compact}) tf.layers(sm, tf.embed(sm, p.ids()), p.real(), c);
                int[][] chunk = ids(r, 3, 6, v);
                boolean[][] all = real(3, 6);
                for (KvCache c : new KvCache[] {plain, compact}) {
                    tf.layers(sm, tf.embed(sm, chunk), all, c);
                    int slot0 = c.length() - 6;
                    c.discard(0, slot0 + 1); // row 0 keeps 1 of the 6, row 1 keeps 4, row 2 (the longest prompt) 2
                    c.discard(1, slot0 + 4);
                    c.discard(2, slot0 + 2);
                }
                int before = compact.length();
                compact.compact();
                assertThat(compact.length()).isEqualTo(before - 4).isEqualTo(248 + 2);
                assertThat(compact.removable()).isZero();
                for (int b = 0; b < 3; b++) assertThat(compact.tokens(b)).isEqualTo(plain.tokens(b));
                // more drafts, a discard, then single tokens: every logit the same on both caches
                for (int[][] step : new int[][][] {ids(r, 3, 8, v), ids(r, 3, 1, v), ids(r, 3, 1, v)}) {
                    int t = step[0].length;
                    NDArray a = tf.head(tf.layers(sm, tf.embed(sm, step), real(3, t), plain));
                    NDArray c = tf.head(tf.layers(sm, tf.embed(sm, step), real(3, t), compact));
                    float[] x = a.toFloatArray();
                    float[] y = c.toFloatArray();
                    assertThat(y).hasSameSizeAs(x);
                    double worst = 0;
                    for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(x[i])));
                    // float32 rounding only: products over frames of other lengths sum in another order (Phi-3 longrope
                    // recomputes the whole cache in the shorter frame: 1.3e-5 measured), far below a near-tie's margin
                    assertThat(worst).as("%s, %d tokens", name, t).isLessThan(5e-5);
                    if (t > 1) {
                        plain.discard(2, plain.length() - 3);
                        compact.discard(2, compact.length() - 3);
                    }
                }
            }
        }
    }

    static int[][] ids(SplittableRandom r, int rows, int t, int v) {
        int[][] out = new int[rows][];
        for (int i = 0; i < rows; i++) out[i] = r.ints(t, 3, v).toArray();
        return out;
    }

    static boolean[][] real(int rows, int t) {
        boolean[][] out = new boolean[rows][t];
        for (boolean[] row : out) Arrays.fill(row, true);
        return out;
    }
}
