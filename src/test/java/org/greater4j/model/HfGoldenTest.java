package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.greater4j.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every checkpoint of {@code shared/goldens-hf} (tiny seeded models saved and run by transformers 5.17 in
 * float64, see its README) through the real loader: logits within 1e-4, the 16 greedy tokens (full
 * recompute and KV-cache decoding), and the one-hot gradient within 1e-4 of its largest entry.
 */
public class HfGoldenTest {
    static final String[] MODELS = {"qwen3-f32", "gemma3-f32", "phi3-f32", "phi3-longrope-f32", "smollm3-f32", "olmo2-f32",
        "llama3-v5-f32"};

    static JsonNode golden(String name) throws IOException {
        return new ObjectMapper().readTree(TestData.shared("goldens-hf/golden/" + name + ".json").toFile());
    }

    static Path model(String name) {
        return TestData.shared("goldens-hf/models/" + name);
    }

    static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
        return r;
    }

    static LanguageModel load(Path dir, DataType dt) {
        return LanguageModel.load(dir, LanguageModel.Options.defaults().withComputeType(dt));
    }

    /** max |got - golden logits| over every position and token. */
    static double logitError(float[][] got, JsonNode ref) {
        double worst = 0;
        for (int t = 0; t < got.length; t++) {
            for (int v = 0; v < got[t].length; v++) worst = Math.max(worst, Math.abs(got[t][v] - ref.get(t).get(v).asDouble()));
        }
        return worst;
    }

    /** Greedy continuation, the whole sequence recomputed at every step (the golden's rule). */
    static int[] greedyFull(LanguageModel m, int[] ids, int n) {
        int[] seq = ids.clone();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            float[][] lg = m.logits(seq);
            out[i] = argmax(lg[lg.length - 1]);
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = out[i];
        }
        return out;
    }

    /** Greedy continuation through the KV cache: prefill, then one token per step. */
    static int[] greedyCached(LanguageModel m, int[] ids, int n) {
        Transformer tf = m.transformer();
        int[] out = new int[n];
        try (KvCache cache = m.newCache(1)) {
            int[] next = ids;
            for (int i = 0; i < n; i++) {
                try (NDManager sm = m.manager().newSubManager()) {
                    boolean[][] real = {new boolean[next.length]};
                    Arrays.fill(real[0], true);
                    NDArray h = tf.layers(sm, tf.embed(sm, new int[][] {next}), real, cache);
                    float[] lg = tf.logitsAt(sm, h, new int[][] {{next.length - 1}}).toType(DataType.FLOAT32, false).toFloatArray();
                    out[i] = argmax(lg);
                    next = new int[] {out[i]};
                }
            }
        }
        return out;
    }

    static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
        return best;
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-f32", "gemma3-f32", "phi3-f32", "phi3-longrope-f32", "smollm3-f32", "olmo2-f32", "llama3-v5-f32"})
    void logitsMatchTransformers(String name) throws IOException {
        JsonNode g = golden(name);
        int[] ids = ints(g.get("ids"));
        for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            try (LanguageModel m = load(model(name), dt)) {
                assertThat(m.config().family().modelType).isEqualTo(g.get("model_type").asText());
                assertThat(logitError(m.logits(ids), g.get("logits"))).as("%s max |logit - transformers| in %s", name, dt)
                        .isLessThan(1e-4);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-f32", "gemma3-f32", "phi3-f32", "phi3-longrope-f32", "smollm3-f32", "olmo2-f32", "llama3-v5-f32"})
    void greedyTokensMatchTransformers(String name) throws IOException {
        JsonNode g = golden(name);
        int[] ids = ints(g.get("ids"));
        int[] want = ints(g.get("greedy").get("generated_ids"));
        try (LanguageModel m = load(model(name), DataType.FLOAT64)) {
            assertThat(greedyFull(m, ids, want.length)).as("%s greedy, full recompute", name).containsExactly(want);
            assertThat(greedyCached(m, ids, want.length)).as("%s greedy, KV cache", name).containsExactly(want);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-f32", "gemma3-f32", "phi3-f32", "phi3-longrope-f32", "smollm3-f32", "olmo2-f32", "llama3-v5-f32"})
    void oneHotGradientMatchesTransformers(String name) throws IOException {
        JsonNode g = golden(name);
        JsonNode og = g.get("onehot_grad");
        int[] ids = ints(g.get("ids"));
        int[] at = ints(og.get("positions"));
        try (LanguageModel m = load(model(name), DataType.FLOAT64)) {
            int[] all = IntStream.range(0, m.config().vocabSize()).toArray();
            OneHotGradient.Target target = new OneHotGradient.Target(0, ints(og.get("target_logit_positions")),
                    ints(og.get("targets")), 1.0, 1.0); // mean cross-entropy of the last 4 positions
            OneHotGradient.Result r = OneHotGradient.compute(m, new OneHotGradient.Request(new int[][] {ids}, new int[][] {at}, all,
                    List.of(target)), 1);
            assertThat(r.loss()).as("%s loss", name).isCloseTo(og.get("loss").asDouble(), org.assertj.core.data.Offset.offset(1e-5));
            JsonNode want = og.get("grad");
            double largest = 0;
            double worst = 0;
            for (int p = 0; p < at.length; p++) {
                for (int v = 0; v < all.length; v++) {
                    largest = Math.max(largest, Math.abs(want.get(p).get(v).asDouble()));
                    worst = Math.max(worst, Math.abs(r.gradient()[0][p][v] - want.get(p).get(v).asDouble()));
                }
            }
            assertThat(worst).as("%s max |grad - transformers| (largest entry %.3f)", name, largest).isLessThan(1e-4 * largest);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-f32", "gemma3-f32", "phi3-f32", "phi3-longrope-f32", "smollm3-f32", "olmo2-f32", "llama3-v5-f32"})
    void paddedBatchAndCacheEqualEachSequenceAlone(String name) {
        try (LanguageModel m = load(model(name), DataType.FLOAT64)) {
            int v = m.config().vocabSize();
            int[][] seqs = {EngineConsistencyTest.ids(13, 1, v), EngineConsistencyTest.ids(5, 2, v), EngineConsistencyTest.ids(9, 3, v)};
            int[][] at = new int[seqs.length][];
            for (int b = 0; b < seqs.length; b++) at[b] = IntStream.range(0, seqs[b].length).toArray();
            float[][][] batched = m.logits(seqs, at);
            for (int b = 0; b < seqs.length; b++) {
                float[][] alone = m.logits(seqs[b]);
                double d = 0;
                for (int t = 0; t < alone.length; t++) for (int k = 0; k < v; k++) d = Math.max(d, Math.abs(alone[t][k] - batched[b][t][k]));
                assertThat(d).as("%s row %d batched vs alone", name, b).isLessThan(1e-9);
            }
            int[] seq = seqs[0];
            assertThat(greedyCached(m, seq, 6)).as("%s cache vs full", name).containsExactly(greedyFull(m, seq, 6));
        }
    }
}
