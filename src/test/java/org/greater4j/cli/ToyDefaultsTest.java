package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.greater4j.TestData;
import org.greater4j.task.Tasks;
import org.greater4j.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no {@code --model} every command uses the built-in toy model, and with a toy model and no
 * {@code --task} the toy task: {@code greater optimize} alone runs the real optimizer end to end.
 */
class ToyDefaultsTest {
    @TempDir
    Path tmp;

    @Test
    void theToyTaskIsRegisteredWithoutAskingForIt() {
        assertThat(Tasks.names()).contains(ToyTask.NAME);
        assertThat(Tasks.load(ToyTask.NAME).train()).hasSize(40);
    }

    @Test
    void optimizeWithNoModelAndNoTaskRunsTheToyDefault() throws Exception {
        Path out = tmp.resolve("run");
        CliTest.Result r = CliTest.run("optimize", "--steps", "2", "--dev", "8", "--test-limit", "16", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("final prompt: ").contains("test accuracy (16 questions").contains("before:").contains("after:");
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(run.get("identity").get("task").asText()).isEqualTo("toy");
        assertThat(run.get("steps").get(0).get("state").get("text").asText()).isEqualTo("no thinking just feeling .");
        assertThat(run.get("testAccuracy").get("before").get("prompt").asText()).isEqualTo("no thinking just feeling .");
        assertThat(run.get("steps")).hasSize(2);
    }

    @Test
    void evaluateWithNoModelUsesTheToyModelAndTask() {
        CliTest.Result r = CliTest.run("evaluate", "--prompt", "think step by step.", "--limit", "10", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("\"task\":\"toy\"");
    }

    @Test
    void anotherModelStillNeedsATask() {
        CliTest.Result r = CliTest.run("optimize", "--model", TestData.shared("models/adder-llama-hf").toString(), "--steps", "1",
                "--out", tmp.resolve("x").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no --task given").contains("--task NAME");
        CliTest.Result c = CliTest.run("compare", "--models", "toy," + TestData.shared("models/adder-llama-hf"), "--prompts", "a.");
        assertThat(c.code()).isEqualTo(1);
        assertThat(c.err()).contains("no --task given");
    }
}
