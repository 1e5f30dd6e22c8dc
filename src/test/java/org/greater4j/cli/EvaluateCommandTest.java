package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.greater4j.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code greater evaluate} end to end on the adder model (two-digit addition, right answers known), in
 * raw mode: no chat markup, empty separator, prompt and extractor.
 */
class EvaluateCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }

    /** {@code n} random two-digit additions with a fixed seed, as {"question": "Q: 23+58=? A:", "answer": "81"} lines. */
    static Path additions(Path dir, int n) throws IOException {
        Random r = new Random(2024);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = 10 + r.nextInt(90);
            int b = 10 + r.nextInt(90);
            lines.add("{\"question\": \"Q: " + a + "+" + b + "=? A:\", \"answer\": \"" + (a + b) + "\"}");
        }
        Path f = dir.resolve("add.jsonl");
        Files.write(f, lines, StandardCharsets.UTF_8);
        return f;
    }

    /**
     * The raw-mode arguments. Four reasoning tokens: the adder writes " 81" and a newline (" 153" for a sum
     * over 99), then, having never been trained past the newline, rambles on with other numbers; the
     * last-integer parse needs the answer to be the reasoning's last number.
     */
    static List<String> rawArgs(Path model, Path file, String... more) {
        List<String> a = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--task", "file:" + file,
                "--train", "0", "--dev", "0", "--chat-format", "none", "--separator", "", "--prompt", "",
                "--extractor", "", "--max-new-tokens", "4"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void theAdderScoresFullMarksByParsingItsReasoning() throws Exception {
        Path model = TestData.shared("models/adder-llama-hf");
        Path file = additions(tmp, 40);
        Result r = run(rawArgs(model, file, "--json").toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(r.out());
        assertThat(r.out().strip()).doesNotContain("\n"); // one JSON object, nothing else
        assertThat(s.get("task").asText()).isEqualTo("file:" + file);
        assertThat(s.get("split").asText()).isEqualTo("test");
        assertThat(s.get("n").asInt()).isEqualTo(40);
        assertThat(s.get("accuracyParsed").asDouble()).isEqualTo(1.0);
        assertThat(s.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(s.get("ci95")).hasSize(2);
        assertThat(s.get("ci95Parsed").get(0).asDouble()).isCloseTo(40 / (40 + 1.959964 * 1.959964),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.get("ci95Parsed").get(1).asDouble()).isEqualTo(1.0);
        assertThat(s.has("paper")).isFalse();
        assertThat(r.err()).contains("evaluate: 40/40 done");

        Result table = run(rawArgs(model, file).toArray(String[]::new));
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("split test, 40 examples")
                .contains("(b) parsed from the reasoning  100.0%  95% CI [91.2, 100.0]  40/40")
                .contains("chat format none").doesNotContain("paper");
    }

    @Test
    void theExtractorMethodReadsTheModelsGreedyAnswer() throws Exception {
        // One reasoning token (" ", stripped to ""), then the reasoning separator " ": the model reads
        // "Q: 23+58=? A: " as in training and its greedy answer tokens are the sum.
        Path file = additions(tmp, 12);
        List<String> args = rawArgs(TestData.shared("models/adder-llama-hf"), file, "--json");
        args.set(args.indexOf("--max-new-tokens") + 1, "1");
        Result r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(r.out());
        assertThat(s.get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(s.get("accuracyParsed").asDouble()).isEqualTo(0.0);
    }

    @Test
    void anInterruptedEvaluationResumesWhereItStopped() throws Exception {
        Path model = TestData.shared("models/adder-llama-hf");
        Path file = additions(tmp, 40);
        Path out = tmp.resolve("eval");
        Result whole = run(rawArgs(model, file, "--out", out.toString(), "--json").toArray(String[]::new));
        assertThat(whole.code()).as(whole.err()).isZero();
        List<String> records = Files.readAllLines(out.resolve("records.jsonl"));
        assertThat(records).hasSize(40);
        JsonNode saved = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(saved).isEqualTo(JSON.readTree(whole.out()));

        int k = 17;
        Files.delete(out.resolve("summary.json"));
        Files.writeString(out.resolve("records.jsonl"), String.join("\n", records.subList(0, k)) + "\n"
                + records.get(k).substring(0, records.get(k).length() / 2));
        Result resumed = run(rawArgs(model, file, "--out", out.toString(), "--json").toArray(String[]::new));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        Matcher m = Pattern.compile("evaluate: 40/40 done; this run: \\(a\\) \\d+/(\\d+) right").matcher(resumed.err());
        assertThat(m.find()).as(resumed.err()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(40 - k); // only the missing examples were generated
        JsonNode s = JSON.readTree(resumed.out());
        assertThat(s.get("resumed").asInt()).isEqualTo(k);
        ((com.fasterxml.jackson.databind.node.ObjectNode) s).put("resumed", 0);
        assertThat(s).isEqualTo(JSON.readTree(whole.out()));
        assertThat(Files.readAllLines(out.resolve("records.jsonl"))).isEqualTo(records);
        assertThat(Files.exists(out.resolve("summary.json"))).isTrue();

        List<String> other = rawArgs(model, file, "--out", out.toString());
        other.set(other.indexOf("--prompt") + 1, "1+1");
        Result refused = run(other.toArray(String[]::new));
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: output directory " + out + " holds another evaluation (prompt: \"\" "
                + "(saved) vs \"1+1\" (now)); choose another output directory (--out)");
    }

    @Test
    void paperNumbersAreShownBesideAPaperBenchmark() throws Exception {
        Path bin = TestData.shared("models/stories260K-llama2c/stories260K.bin");
        Path data = TestData.shared("datasets");
        String[] args = {"evaluate", "--model", bin.toString(), "--task", "bbh/object_counting", "--data", data.toString(),
            "--limit", "2", "--max-new-tokens", "4", "--chat-format", "plain"};
        Result r = run(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("task       bbh/object_counting, split test, 2 examples")
                .contains("paper, Table 1 (average over the 21 BBH tasks")
                .contains("an average, not this task's number")
                .containsPattern("GReaTer +68\\.7 +76\\.6");
        List<String> json = new ArrayList<>(List.of(args));
        json.add("--json");
        Result j = run(json.toArray(String[]::new));
        assertThat(j.code()).as(j.err()).isZero();
        JsonNode s = JSON.readTree(j.out());
        assertThat(s.get("n").asInt()).isEqualTo(2);
        assertThat(s.get("extractor").asText()).startsWith("Therefore, the final answer");
        assertThat(s.get("paper").get("benchmark").asText()).isEqualTo("bbh");
        assertThat(s.get("paper").get("table1")).hasSize(12);
        assertThat(s.get("paper").get("table3")).hasSize(4);
    }

    @Test
    void userErrorsExitWithOneAndAClearMessage() throws Exception {
        Path model = TestData.shared("models/adder-llama-hf");
        Path file = additions(tmp, 40);
        Result unknown = run("evaluate", "--model", model.toString(), "--task", "nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("error: unknown task 'nope': use one of [gsm8k,");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Result missing = run("evaluate", "--model", model.toString(), "--task", "gsm8k", "--data", empty.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: dataset file not found: " + empty).contains("datasets/fetch.sh");

        List<String> noTest = rawArgs(model, file);
        noTest.set(noTest.indexOf("--dev") + 1, "30");
        noTest.set(noTest.indexOf("--train") + 1, "10");
        Result emptySplit = run(noTest.toArray(String[]::new));
        assertThat(emptySplit.code()).isEqualTo(1);
        assertThat(emptySplit.err()).contains("has no test examples").contains("--split");

        Result limit = run(rawArgs(model, file, "--limit", "0").toArray(String[]::new));
        assertThat(limit.code()).isEqualTo(1);
        assertThat(limit.err()).startsWith("error: --limit must be at least 1, got 0");

        Result split = run(rawArgs(model, file, "--split", "validation").toArray(String[]::new));
        assertThat(split.code()).isEqualTo(1);
        assertThat(split.err()).startsWith("error: unknown split 'validation': use train, dev or test");

        Result unknownModel = run("evaluate", "--model", "toy-c", "--task", "file:" + file, "--train", "0", "--dev", "0");
        assertThat(unknownModel.code()).isEqualTo(1);
        assertThat(unknownModel.err()).contains("toy-c").contains("does not exist");

        Result auto = run("evaluate", "--model", model.toString(), "--task", "file:" + file, "--train", "0", "--dev", "0");
        assertThat(auto.code()).isEqualTo(1);
        assertThat(auto.err()).contains("--chat-format plain");

        Result noTask = run("evaluate", "--model", model.toString());
        assertThat(noTask.code()).isEqualTo(1);
        assertThat(noTask.err()).contains("no --task given").contains("--task NAME");
    }
}
