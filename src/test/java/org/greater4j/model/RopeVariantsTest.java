package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RoPE cases beyond shared/goldens-hf, against transformers 5.17 itself
 * (src/test/resources/golden-hf/make_variants.py re-runs a shared checkpoint's weights with another
 * config.json): longrope past original_max_position_embeddings (long factors, and generation across
 * the switch), yarn, and Gemma-3's older spelling with linear scaling on its full layers.
 */
class RopeVariantsTest {
    @TempDir
    Path tmp;

    static JsonNode golden(String name) throws IOException {
        try (InputStream in = RopeVariantsTest.class.getResourceAsStream("/golden-hf/" + name + ".json")) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    /** A shared goldens-hf checkpoint's weights with another config.json, in a temp directory. */
    static Path withConfig(Path tmp, String weights, JsonNode config) throws IOException {
        Path dir = Files.createTempDirectory(tmp, weights);
        Files.copy(HfGoldenTest.model(weights).resolve("model.safetensors"), dir.resolve("model.safetensors"));
        new ObjectMapper().writeValue(dir.resolve("config.json").toFile(), config);
        return dir;
    }

    @ParameterizedTest
    @ValueSource(strings = {"phi3-longrope-long", "llama-yarn", "gemma3-linear-v4"})
    void logitsMatchTransformers(String name) throws IOException {
        JsonNode g = golden(name);
        Path dir = withConfig(tmp, g.get("weights").asText(), g.get("config"));
        int[] ids = HfGoldenTest.ints(g.get("ids"));
        for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            try (LanguageModel m = HfGoldenTest.load(dir, dt)) {
                assertThat(HfGoldenTest.logitError(m.logits(ids), g.get("logits"))).as("%s in %s", name, dt).isLessThan(1e-4);
            }
        }
    }

    @Test
    void theVariantsChangeTheLogits() throws IOException {
        // each variant differs from its base checkpoint's own golden: the RoPE setting matters here
        for (String name : new String[] {"phi3-longrope-long", "llama-yarn", "gemma3-linear-v4"}) {
            JsonNode g = golden(name);
            JsonNode base = HfGoldenTest.golden(g.get("weights").asText());
            double d = 0;
            for (int t = 0; t < g.get("ids").size(); t++) {
                for (int v = 0; v < 300; v++) {
                    d = Math.max(d, Math.abs(g.get("logits").get(t).get(v).asDouble() - base.get("logits").get(t).get(v).asDouble()));
                }
            }
            assertThat(d).as("%s vs its base checkpoint", name).isGreaterThan(0.5);
        }
    }

    @Test
    void longropeGenerationAcrossTheSwitchEqualsAFullForward() throws IOException {
        JsonNode g = golden("phi3-longrope-long");
        Path dir = withConfig(tmp, g.get("weights").asText(), g.get("config"));
        int[] prefix = HfGoldenTest.ints(g.get("prefix"));           // 12 tokens; the switch is at 16
        int[] want = HfGoldenTest.ints(g.get("generated"));          // transformers' generate, a full forward per step
        try (LanguageModel m = HfGoldenTest.load(dir, DataType.FLOAT64)) {
            assertThat(m.config().layers().get(0).rope().switchLength()).isEqualTo(16);
            assertThat(HfGoldenTest.greedyFull(m, prefix, want.length)).containsExactly(want);
            // the cache holds short-factor keys until the row passes 16 tokens, then is recomputed with long ones
            assertThat(HfGoldenTest.greedyCached(m, prefix, want.length)).containsExactly(want);
            // a prefix cached once, copied to two rows, both decoded in one batch across the switch
            try (KvCache prefixCache = m.newCache(1)) {
                Transformer tf = m.transformer();
                try (ai.djl.ndarray.NDManager sm = m.manager().newSubManager()) {
                    boolean[][] real = {new boolean[prefix.length]};
                    Arrays.fill(real[0], true);
                    tf.layers(sm, tf.embed(sm, new int[][] {Arrays.copyOf(prefix, prefix.length - 1)}),
                            new boolean[][] {Arrays.copyOf(real[0], prefix.length - 1)}, prefixCache);
                }
                try (KvCache rows = prefixCache.select(new int[] {0, 0})) {
                    int[] next = {prefix[prefix.length - 1], prefix[prefix.length - 1]};
                    for (int i = 0; i < want.length; i++) {
                        try (ai.djl.ndarray.NDManager sm = m.manager().newSubManager()) {
                            ai.djl.ndarray.NDArray h = tf.layers(sm, tf.embed(sm, new int[][] {{next[0]}, {next[1]}}),
                                    new boolean[][] {{true}, {true}}, rows);
                            float[] lg = tf.logitsAt(sm, h, new int[][] {{0}, {0}}).toType(DataType.FLOAT32, false).toFloatArray();
                            int v = m.config().vocabSize();
                            for (int b = 0; b < 2; b++) {
                                next[b] = HfGoldenTest.argmax(Arrays.copyOfRange(lg, b * v, (b + 1) * v));
                                assertThat(next[b]).as("row %d token %d", b, i).isEqualTo(want[i]);
                            }
                        }
                    }
                }
            }
            // the keys cached before the switch would otherwise change the first token after it
            assertThat(g.get("mixed_vs_recomputed_max_abs_dlogit").asDouble()).isGreaterThan(1.0);
        }
    }

    @Test
    void longropeRowsOfABatchEachUseTheirOwnLength() throws IOException {
        JsonNode g = golden("phi3-longrope-long");
        Path dir = withConfig(tmp, g.get("weights").asText(), g.get("config"));
        try (LanguageModel m = HfGoldenTest.load(dir, DataType.FLOAT64)) {
            int[][] seqs = {HfGoldenTest.ints(g.get("ids")), Arrays.copyOf(HfGoldenTest.ints(g.get("ids")), 10)}; // 24 and 10 tokens
            int[][] at = {IntStream.range(0, 24).toArray(), IntStream.range(0, 10).toArray()};
            float[][][] batched = m.logits(seqs, at);
            for (int b = 0; b < 2; b++) {
                float[][] alone = m.logits(seqs[b]);
                for (int t = 0; t < alone.length; t++) {
                    for (int v = 0; v < alone[t].length; v++) assertThat((double) batched[b][t][v]).isCloseTo(alone[t][v], org.assertj.core.data.Offset.offset(1e-9));
                }
            }
            assertThat(HfGoldenTest.logitError(batched[0], g.get("logits"))).isLessThan(1e-4);
        }
    }
}
