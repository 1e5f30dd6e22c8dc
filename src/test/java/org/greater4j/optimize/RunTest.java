package org.greater4j.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Task;
import org.greater4j.toy.ToyTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's files on the toy model: a run resumed in a notebook continues the same steps, a checkpoint that does not
 * add up is refused with what is wrong, another run's checkpoint is refused naming the knob that differs, and a run
 * read back from its folder shows the same result.
 */
class RunTest {
    static LanguageModel model;
    static Task task;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        model = LanguageModel.load("toy");
        task = ToyTask.task().head(8, 4, 8);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static GreaterConfig cfg() {
        return GreaterConfig.paper().toBuilder().initialPrompt(ToyTask.INITIAL_PROMPT).topk(11).maxNewTokens(48).build();
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneAndReadsBack() throws Exception {
        Path a = tmp.resolve("a");
        Run first = Greater.of(model, task, cfg()).run(2, a);
        assertThat(first.steps()).hasSize(2);
        Run resumed = Greater.of(model, task, cfg()).run(3, a);
        Run whole = Greater.of(model, task, cfg()).run(3, tmp.resolve("b"));
        assertThat(resumed.steps()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Step x = resumed.steps().get(i);
            Step y = whole.steps().get(i);
            assertThat(x.next()).isEqualTo(y.next());
            assertThat(x.swap().evaluated()).isEqualTo(y.swap().evaluated());
            assertThat(x.scores()).isEqualTo(y.scores());
        }
        assertThat(resumed.finalPrompt()).isEqualTo(whole.finalPrompt());
        // a finished run asked for no more steps returns at once with the same result
        assertThat(Greater.of(model, task, cfg()).run(3, a).finalPrompt()).isEqualTo(whole.finalPrompt());
        Run read = Run.read(a);
        assertThat(read.finalPrompt()).isEqualTo(resumed.finalPrompt());
        assertThat(read.steps()).isEqualTo(resumed.steps());
        assertThat(read.bestPrompts()).isEqualTo(resumed.bestPrompts());
        assertThat(read.config()).isEqualTo(cfg());
    }

    @Test
    void anInconsistentCheckpointIsRefusedWithWhatIsWrong() throws Exception {
        Path a = tmp.resolve("a");
        Greater.of(model, task, cfg()).run(2, a);
        Path file = a.resolve("checkpoint.json");
        ObjectMapper om = new ObjectMapper();
        String good = Files.readString(file);
        ObjectNode n = (ObjectNode) om.readTree(good);
        n.put("nextStep", 50);
        Files.writeString(file, om.writeValueAsString(n));
        assertThatThrownBy(() -> Checkpoint.read(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("next step is 50 but holds 2 steps").hasMessageContaining("delete it to start over");
        n.put("nextStep", -3);
        Files.writeString(file, om.writeValueAsString(n));
        assertThatThrownBy(() -> Greater.of(model, task, cfg()).run(4, a)).hasMessageContaining("next step is -3, which is negative");
        n = (ObjectNode) om.readTree(good);
        ((ArrayNode) n.get("steps")).remove(1);
        n.put("nextStep", 1);
        Files.writeString(file, om.writeValueAsString(n));
        assertThatThrownBy(() -> Checkpoint.read(file)).hasMessageContaining("prompt state for step 2 but the next step is 1");
        n = (ObjectNode) om.readTree(good);
        n.put("format", 1);
        Files.writeString(file, om.writeValueAsString(n));
        assertThatThrownBy(() -> Checkpoint.read(file)).hasMessageContaining("format 1");
        Files.writeString(file, good.substring(0, good.length() / 2));
        assertThatThrownBy(() -> Checkpoint.read(file)).hasMessageContaining("is not valid JSON (line ").hasMessageNotContaining("Source");
        Files.writeString(file, good);
        assertThat(Checkpoint.read(file).nextStep()).isEqualTo(2);
    }

    @Test
    void anotherRunsCheckpointIsRefusedNamingTheKnob() {
        Path a = tmp.resolve("a");
        Greater.of(model, task, cfg()).run(1, a);
        assertThatThrownBy(() -> Greater.of(model, task, cfg().withTopk(12)).run(2, a))
                .hasMessageContaining("was written for another run: config.topk (checkpoint: \"11\", now: \"12\")");
        assertThatThrownBy(() -> Greater.of(model, task.head(6, 4, 8), cfg()).run(2, a)).hasMessageContaining("rows (checkpoint:");
        assertThatThrownBy(() -> Greater.of(model, task, cfg()).run(RunOptions.of(2, a).withResume(RunOptions.Resume.NEVER)))
                .hasMessageContaining("checkpoint.json exists; pass --resume");
    }
}
