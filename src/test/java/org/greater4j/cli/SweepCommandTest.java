package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code greater sweep}: a one-cell toy grid end to end (results files, tables on stdout), and bad input as one error line. */
class SweepCommandTest {
    static {
        System.setProperty("ai.djl.pytorch.num_threads", "1"); // see SweepTest
    }

    @TempDir
    Path tmp;

    @Test
    void aOneCellGridWritesResultsAndPrintsThePaperTable() throws Exception {
        Path grid = tmp.resolve("GRID.json");
        Files.writeString(grid, "{\"models\": [\"toy\"], \"tasks\": [\"toy\"], \"presets\": [\"keep-best\"], \"seeds\": [3], \"steps\": 1, "
                + "\"train\": 6, \"dev\": 2, \"evaluate\": {\"split\": \"test\", \"limit\": 4}, \"config\": {\"topk\": 11, \"maxNewTokens\": 32}}");
        Path out = tmp.resolve("sweep");
        CliTest.Result r = CliTest.run("sweep", grid.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results).hasSize(1);
        JsonNode c = results.get(0);
        assertThat(c.get("model").asText()).isEqualTo("toy");
        assertThat(c.get("preset").asText()).isEqualTo("keep-best");
        assertThat(c.get("seed").asLong()).isEqualTo(3);
        assertThat(c.get("steps").asInt()).isEqualTo(1);
        assertThat(c.get("n").asInt()).isEqualTo(4);
        JsonNode run = new ObjectMapper().readTree(out.resolve("cells").resolve("toy__toy__keep-best__s3").resolve("run.json").toFile());
        assertThat(c.get("finalPrompt").asText()).isEqualTo(run.get("finalPrompt").asText());
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(2).first().asString().startsWith("cell,model,task,preset,seed");
        assertThat(r.out()).contains("Table 1 layout").contains("Gemma-2-9B-it").contains("GReaTer (keep-best)")
                .contains(c.get("finalPrompt").asText());
    }

    @Test
    void badInputIsOneErrorLine() throws Exception {
        Path grid = tmp.resolve("GRID.json");
        Files.writeString(grid, "{\"models\": [\"toy\"], \"task\": [\"toy\"]}");
        CliTest.Result r = CliTest.run("sweep", grid.toString(), "--out", tmp.resolve("x").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("grid file " + grid).contains("unknown key \"task\" (did you mean \"tasks\"?)");
        Files.writeString(grid, "{\"models\": [\"toy\"], \"tasks\": [\"toy\"]}");
        CliTest.Result e = CliTest.run("sweep", grid.toString(), "--out", tmp.resolve("x").toString(), "--executor", "dask");
        assertThat(e.code()).isEqualTo(1);
        assertThat(e.err()).contains("unknown --executor dask; use local or spark");
        CliTest.Result u = CliTest.run("sweep", grid.toString(), "--out", "hdfs://namenode/greater/sweep1");
        assertThat(u.code()).isEqualTo(1);
        assertThat(u.err()).contains("hdfs://namenode/greater/sweep1").contains("use --executor spark").contains("local or shared path");
        assertThat(Path.of("hdfs:")).doesNotExist();
        CliTest.Result m = CliTest.run("sweep", grid.toString());
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err()).contains("--out");
    }
}
