package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.greater4j.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code greater compare}: every prompt on every model, as JSON and as a table, on the adder model in raw mode. */
class CompareCommandTest {
    @TempDir
    Path tmp;

    private static List<String> args(String models, Path file, String... more) {
        List<String> a = new ArrayList<>(List.of("compare", "--models", models, "--task", "file:" + file, "--train", "0",
                "--dev", "0", "--chat-format", "none", "--separator", "", "--extractor", "", "--max-new-tokens", "4"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void everyPromptOnEveryModel() throws Exception {
        String adder = TestData.shared("models/adder-llama-hf").toString();
        Path file = EvaluateCommandTest.additions(tmp, 24);
        EvaluateCommandTest.Result r = EvaluateCommandTest.run(args(adder + "," + adder, file, "--prompts", "",
                "--prompts", "7+", "--json").toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = EvaluateCommandTest.JSON.readTree(r.out());
        assertThat(j.get("task").asText()).isEqualTo("file:" + file);
        assertThat(j.get("split").asText()).isEqualTo("test");
        JsonNode results = j.get("results");
        assertThat(results).hasSize(4);
        for (JsonNode c : results) {
            assertThat(c.get("model").asText()).isEqualTo(adder);
            assertThat(c.get("n").asInt()).isEqualTo(24);
            assertThat(c.get("accuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(c.get("accuracyParsed").asDouble()).isBetween(0.0, 1.0);
            assertThat(c.get("ci95")).hasSize(2);
        }
        assertThat(results.get(0).get("prompt").asText()).isEmpty();
        assertThat(results.get(1).get("prompt").asText()).isEqualTo("7+");
        assertThat(results.get(0).get("accuracyParsed").asDouble()).isEqualTo(1.0);
        assertThat(results.get(2).get("accuracyParsed").asDouble()).isEqualTo(1.0);
        assertThat(results.get(3)).isEqualTo(results.get(1)); // the same model twice gives the same numbers
        assertThat(r.err()).contains("compare adder-llama-hf#1 prompt 1/2: 24/24 done")
                .contains("compare adder-llama-hf#2 prompt 2/2: 24/24 done");
    }

    @Test
    void aTableWithPromptsAsRowsAndModelsAsColumns() throws Exception {
        String adder = TestData.shared("models/adder-llama-hf").toString();
        Path file = EvaluateCommandTest.additions(tmp, 16);
        Path prompts = tmp.resolve("prompts.txt");
        Files.writeString(prompts, "7+, 8+\n\n9\n", StandardCharsets.UTF_8);
        EvaluateCommandTest.Result r = EvaluateCommandTest.run(args(adder, file, "--prompts", "",
                "--prompt-file", prompts.toString()).toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("task file:" + file + ", split test, 16 examples; accuracy % by (a) extractor "
                + "+ answer tokens / (b) parsed from the reasoning");
        assertThat(lines.get(1)).startsWith("prompt").endsWith("adder-llama-hf");
        assertThat(lines).hasSize(5); // title, header, three prompts: "", "7+, 8+" (commas kept), "9"
        assertThat(lines.get(2)).startsWith("\"\"").contains(" / 100.0");
        assertThat(lines.get(3)).startsWith("\"7+, 8+\"");
        assertThat(lines.get(4)).startsWith("\"9\"");
    }

    @Test
    void savedCellsResumeAndPromptsAreRequired() throws Exception {
        String adder = TestData.shared("models/adder-llama-hf").toString();
        Path file = EvaluateCommandTest.additions(tmp, 8);
        Path out = tmp.resolve("cmp");
        List<String> a = args(adder, file, "--prompts", "", "--out", out.toString(), "--json");
        EvaluateCommandTest.Result first = EvaluateCommandTest.run(a.toArray(String[]::new));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(out.resolve("m1-adder-llama-hf/p1/summary.json")).exists();
        EvaluateCommandTest.Result again = EvaluateCommandTest.run(a.toArray(String[]::new));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(again.err()).doesNotContain("done"); // nothing generated again

        EvaluateCommandTest.Result none = EvaluateCommandTest.run(args(adder, file).toArray(String[]::new));
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).startsWith("error: no prompts: give --prompts TEXT once per prompt");
    }
}
