package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TasksCommandTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The shared datasets ({@link org.greater4j.TestData#datasets()}). */
    private static Path shared() {
        return org.greater4j.TestData.datasets();
    }

    @Test
    void jsonListsEveryTaskWithSizesAndAnswerType() throws Exception {
        Run r = run("tasks", "--data", shared().toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list.size()).isGreaterThanOrEqualTo(31);
        JsonNode gsm = list.get(0);
        assertThat(gsm.get("name").asText()).isEqualTo("gsm8k");
        assertThat(gsm.get("train").asInt()).isEqualTo(100);
        assertThat(gsm.get("dev").asInt()).isEqualTo(100);
        assertThat(gsm.get("test").asInt()).isEqualTo(1319);
        assertThat(gsm.get("answerType").asText()).isEqualTo("integer");
        boolean sawPenguins = false;
        for (JsonNode n : list) {
            assertThat(n.has("name") && n.has("train") && n.has("dev") && n.has("test") && n.has("answerType")).isTrue();
            if (n.get("name").asText().equals("bbh/penguins_in_a_table")) {
                sawPenguins = true;
                assertThat(n.get("dev").asInt()).isEqualTo(96);
                assertThat(n.get("test").asInt()).isZero();
                assertThat(n.get("answerType").asText()).isEqualTo("letters A-E");
            }
            if (n.get("name").asText().equals("folio")) {
                assertThat(n.get("test").asInt()).isEqualTo(203);
                assertThat(n.get("answerType").asText()).isEqualTo("letters A-C (True/False/Uncertain)");
            }
        }
        assertThat(sawPenguins).isTrue();
    }

    @Test
    void tableOnStdout() {
        Run r = run("tasks", "--data", shared().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("bbh/sports_understanding").contains("yes/no").contains("folio/v0.0")
                .containsPattern("gsm8k\\s+100\\s+100\\s+1319\\s+yes\\s+integer");
    }

    @Test
    void partlyFetchedDataWarnsPerGroupAndNothingFetchedListsOnlyTheToyTask() throws Exception {
        // the toy task needs no data, so an empty folder still lists it, with a warning per missing group
        Run none = run("tasks", "--data", tmp.toString(), "--json");
        assertThat(none.code()).as(none.err()).isZero();
        JsonNode only = new ObjectMapper().readTree(none.out());
        assertThat(only.size()).isEqualTo(1);
        assertThat(only.get(0).get("name").asText()).isEqualTo("toy");
        assertThat(none.err()).contains("warning: skipped").contains("fetch.sh --dest " + tmp);
        Path bbh = Files.createDirectories(tmp.resolve("bbh/bbh"));
        Files.copy(shared().resolve("bbh/bbh/navigate.json"), bbh.resolve("navigate.json"));
        Run some = run("tasks", "--data", tmp.toString(), "--json");
        assertThat(some.code()).isZero();
        JsonNode list = new ObjectMapper().readTree(some.out());
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("bbh/navigate");
        assertThat(list.get(1).get("name").asText()).isEqualTo("toy");
        assertThat(some.err()).contains("warning: skipped 26 task(s)").contains("fetch.sh --dest " + tmp + " bbh`")
                .contains("greater-splits`").contains(" gsm8k`").contains(" folio`");
    }
}
