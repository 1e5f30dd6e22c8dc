package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.greater4j.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code greater optimize} on stories260K with a JSONL task of story questions: files, resume, refusals. */
class OptimizeCommandTest {
    @TempDir
    Path tmp;

    private Path storyTask() throws Exception {
        String[] names = {"Lily", "Tom", "Ben", "Sue", "Max", "Anna", "Tim", "Mia", "Sam", "Zoe", "Jack", "Amy"};
        String[] things = {"ball", "dog", "cat", "toy", "cake", "tree", "car", "bird"};
        ObjectMapper om = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            ObjectNode o = om.createObjectNode();
            o.put("question", names[i] + " had a " + things[i % 8] + ". What did " + names[i] + " have");
            o.put("answer", things[i % 8]);
            lines.add(om.writeValueAsString(o));
        }
        Path f = tmp.resolve("stories.jsonl");
        Files.write(f, lines);
        return f;
    }

    private String[] args(Path task, Path out, int steps, boolean resume) {
        List<String> a = new ArrayList<>(List.of("optimize", "--model",
                TestData.shared("models/stories260K-llama2c/stories260K.bin").toString(), "--chat-format", "plain",
                "--task", "file:" + task, "--train", "6", "--dev", "3", "--steps", Integer.toString(steps), "--max-new-tokens", "16",
                "--init", "think about the story.", "--extractor", "So the answer is", "--out", out.toString()));
        if (resume) a.add("--resume");
        return a.toArray(new String[0]);
    }

    private static JsonNode withoutTimes(JsonNode run) {
        JsonNode steps = run.get("steps").deepCopy();
        // the work a step took is not its result: times vary, and drafted decoding after a resume has only the checkpoint's
        // reasoning as drafts where the uninterrupted process remembers every question's last reasoning
        for (JsonNode s : steps) ((ObjectNode) s).remove("cost");
        return steps;
    }

    @Test
    void runsWritesItsFilesAndAResumedRunEqualsAnUninterruptedOne() throws Exception {
        Path task = storyTask();
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        CliTest.Result r1 = CliTest.run(args(task, a, 2, false));
        assertThat(r1.code()).as(r1.err()).isEqualTo(0);
        assertThat(r1.out()).contains("final prompt: ");
        assertThat(a.resolve("checkpoint.json")).exists();
        CliTest.Result again = CliTest.run(args(task, a, 2, false));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("pass --resume");
        CliTest.Result r2 = CliTest.run(args(task, a, 4, true));
        assertThat(r2.code()).as(r2.err()).isEqualTo(0);
        CliTest.Result full = CliTest.run(args(task, b, 4, false));
        assertThat(full.code()).as(full.err()).isEqualTo(0);
        ObjectMapper om = new ObjectMapper();
        JsonNode ra = om.readTree(a.resolve("run.json").toFile());
        JsonNode rb = om.readTree(b.resolve("run.json").toFile());
        assertThat(ra.get("steps")).hasSize(4);
        assertThat(withoutTimes(ra)).isEqualTo(withoutTimes(rb));
        assertThat(ra.get("finalPrompt").asText()).isEqualTo(rb.get("finalPrompt").asText());
        assertThat(ra.get("finalPromptRule").asText()).contains("dev");
        assertThat(ra.get("bestPrompts").size()).isBetween(1, 10);
        for (JsonNode p : ra.get("bestPrompts")) {
            assertThat(p.has("prompt") && p.has("trainScore") && p.has("devAccuracy") && p.has("step")).isTrue();
            assertThat(p.get("prompt").asText()).doesNotStartWith(" ");
        }
        JsonNode s0 = ra.get("steps").get(0);
        assertThat(s0.get("cost").get("generatedTokens").asLong()).isPositive();
        assertThat(s0.get("cost").get("backwardTokens").asLong()).isPositive();
        assertThat(ra.get("lastPrompt").asText()).isNotEmpty();
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused() throws Exception {
        Path task = storyTask();
        Path a = tmp.resolve("a");
        assertThat(CliTest.run(args(task, a, 1, false)).code()).isEqualTo(0);
        String[] other = args(task, a, 2, true);
        for (int i = 0; i < other.length; i++) if (other[i].equals("think about the story.")) other[i] = "think hard.";
        CliTest.Result r = CliTest.run(other);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("was written for another run")
                .contains("config.initialPrompt (checkpoint: \"think about the story.\", now: \"think hard.\")");
    }
}
