package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.greater4j.io.DType;
import org.greater4j.io.SafeTensors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logits against an independent float64 reference (src/test/resources/golden/make_golden.py, pure
 * PyTorch following HF transformers 4.45) for every family: Llama with and without llama3 RoPE
 * scaling, Qwen2, Gemma-2 (two soft-cap settings) and Mistral. The checkpoint is written from the
 * golden file's own tensor list, so a misread architecture cannot hide behind shared code.
 */
class GoldenLogitsTest {
    @TempDir
    Path tmp;

    static JsonNode golden(String name) throws IOException {
        try (InputStream in = GoldenLogitsTest.class.getResourceAsStream("/golden/" + name + ".json")) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private Path writeCheckpoint(JsonNode g) throws IOException {
        Path dir = tmp.resolve(g.get("case").asText());
        Files.createDirectories(dir);
        new ObjectMapper().writeValue(dir.resolve("config.json").toFile(), g.get("config"));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        for (JsonNode t : g.get("tensors")) {
            String name = t.get("name").asText();
            long[] shape = new long[t.get("shape").size()];
            long n = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asLong();
                n *= shape[i];
            }
            shapes.put(name, shape);
            values.put(name, TinyModels.values(name, n, t.get("offset").asDouble(), t.get("scale").asDouble()));
        }
        SafeTensors.write(dir.resolve("model.safetensors"), shapes, values, DType.F32);
        return dir;
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "llama3_rope", "qwen2", "gemma2", "gemma2_softcap", "mistral"})
    void logitsMatchTheFloat64Reference(String name) throws IOException {
        JsonNode g = golden(name);
        Path dir = writeCheckpoint(g);
        int[] ids = new int[g.get("ids").size()];
        for (int i = 0; i < ids.length; i++) ids[i] = g.get("ids").get(i).asInt();
        JsonNode ref = g.get("logits");
        for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (LanguageModel m = LanguageModel.load(dir, LanguageModel.Options.defaults().withComputeType(dt))) {
                float[][] got = m.logits(ids);
                double worst = 0;
                for (int t = 0; t < ids.length; t++) {
                    for (int v = 0; v < got[t].length; v++) worst = Math.max(worst, Math.abs(got[t][v] - ref.get(t).get(v).asDouble()));
                }
                // float32 compute: the 2e-4; float64: only output rounding to float32 remains
                double tol = dt == DataType.FLOAT32 ? 2e-4 : 1e-5;
                assertThat(worst).as("%s max |logit - reference| in %s", name, dt).isLessThan(tol);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "gemma2", "mistral"})
    void theTestGeneratorIsTheGoldenGenerator(String name) throws IOException {
        // TinyModels (used by the consistency tests) writes the same tensors the golden lists
        JsonNode g = golden(name);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, double[]> os = TinyModels.layout(g.get("config"), shapes);
        assertThat(shapes.keySet()).hasSize(g.get("tensors").size());
        for (JsonNode t : g.get("tensors")) {
            double[] o = os.get(t.get("name").asText());
            assertThat(o).as(t.get("name").asText()).isNotNull();
            assertThat(o[0]).isEqualTo(t.get("offset").asDouble());
            assertThat(o[1]).isCloseTo(t.get("scale").asDouble(), org.assertj.core.data.Offset.offset(1e-15));
        }
        assertThat(TinyModels.fnv1a64("model.embed_tokens.weight")).isEqualTo(0xa88fd795d5c6d156L);
        assertThat(TinyModels.u("model.embed_tokens.weight", 0)).isEqualTo(-0.25741905275023336);
    }
}
