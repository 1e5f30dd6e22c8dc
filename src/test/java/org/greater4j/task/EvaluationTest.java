package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.greater4j.TestData;
import org.greater4j.model.LanguageModel;
import org.greater4j.text.ChatFormat;
import org.greater4j.text.LayoutSettings;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.TokenizerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Evaluation} on a real model whose right answers are known: the adder (two-digit addition,
 * {@code Q: 23+58=? A:} gives {@code " 81"} then a newline) in raw mode (no chat markup, no separator, no
 * prompt).
 */
class EvaluationTest {
    static LanguageModel model;
    static LayoutTemplate raw;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        Path dir = TestData.shared("models/adder-llama-hf");
        model = LanguageModel.load(dir);
        raw = LayoutTemplate.of(ChatFormat.resolve("none", TokenizerConfig.read(dir), null), model.requireTokenizer(),
                LayoutSettings.paper().withSeparator(""), model.config().maxPositions());
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    /** Writes {@code n} random two-digit additions (fixed seed) as a file: task; returns the file. */
    static Path additions(Path dir, int n, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int a = 10 + r.nextInt(90);
            int b = 10 + r.nextInt(90);
            sb.append("{\"question\": \"Q: ").append(a).append('+').append(b).append("=? A:\", \"answer\": \"")
                    .append(a + b).append("\"}\n");
        }
        Path f = dir.resolve("add.jsonl");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        return f;
    }

    private Task task(int n) throws IOException {
        return Tasks.file(additions(tmp, n, 42), new SplitSizes(0, 0));
    }

    /** Raw mode: no extractor, and 4 reasoning tokens (" 81" + newline, or " 153"). */
    private static EvaluationConfig rawConfig() {
        return EvaluationConfig.builder().maxNewTokens(4).extractor("").build();
    }

    @Test
    void parsingTheReasoningOfTheAdderIsAlwaysRight() throws IOException {
        Task t = task(40);
        assertThat(t.answerType()).isEqualTo(AnswerType.INTEGER);
        List<EvaluationRecord> seen = new ArrayList<>();
        EvaluationResult r = Evaluation.of(model, raw, t, rawConfig()).run("", (rec, done, total) -> {
            assertThat(total).isEqualTo(40);
            assertThat(done).isEqualTo(seen.size() + 1);
            seen.add(rec);
        });
        EvaluationSummary s = r.summary();
        assertThat(s.n()).isEqualTo(40);
        assertThat(s.accuracyParsed()).isEqualTo(1.0);
        assertThat(s.correctParsed()).isEqualTo(40);
        assertThat(s.ci95Parsed()).isEqualTo(EvaluationSummary.Interval.wilson95(40, 40));
        assertThat(s.task()).isEqualTo(t.name());
        assertThat(s.chatFormat()).isEqualTo("none");
        assertThat(seen).isEqualTo(r.records());
        for (int i = 0; i < 40; i++) {
            EvaluationRecord rec = r.records().get(i);
            Example ex = t.test().get(i);
            assertThat(rec.index()).isEqualTo(i);
            assertThat(rec.id()).isEqualTo(ex.id());
            assertThat(rec.question()).isEqualTo(ex.question());
            assertThat(rec.reasoning()).isEqualTo(ex.gold()); // " 81\n" stripped
            assertThat(rec.answerParsed()).isEqualTo(ex.gold());
            assertThat(rec.reasoningTokens()).isEqualTo(4);
        }
    }

    @Test
    void theExtractorPathAnswersFromTheModelsOwnTokens() throws IOException {
        // One reasoning token (the space after "A:"), stripped to "", then the reasoning separator " " and
        // an empty extractor: the model reads "Q: 51+29=? A: " exactly as in training and writes the sum.
        Task t = task(20);
        EvaluationConfig cfg = EvaluationConfig.builder().maxNewTokens(1).extractor("").build();
        EvaluationResult r = Evaluation.of(model, raw, t, cfg).run("", EvaluationListener.NONE);
        assertThat(raw.reasoningSeparator()).isEqualTo(" ");
        for (EvaluationRecord rec : r.records()) {
            assertThat(rec.reasoning()).isEmpty();
            assertThat(rec.continuation()).isEqualTo(rec.gold()); // cut at the newline after the sum
            assertThat(rec.answerExtracted()).isEqualTo(rec.gold());
            assertThat(rec.correct()).isTrue();
            assertThat(rec.answerParsed()).isNull();
            assertThat(rec.correctParsed()).isFalse();
        }
        assertThat(r.summary().accuracy()).isEqualTo(1.0);
        assertThat(r.summary().accuracyParsed()).isEqualTo(0.0);
        assertThat(r.summary().noAnswerParsed()).isEqualTo(20);
    }

    @Test
    void batchingDoesNotChangeTheRecords() throws IOException {
        Task t = task(10);
        List<EvaluationRecord> one = Evaluation.of(model, raw, t, rawConfig().withBatchSize(1).withMaxNewTokens(8))
                .run("", EvaluationListener.NONE).records();
        List<EvaluationRecord> many = Evaluation.of(model, raw, t, rawConfig().withBatchSize(7).withMaxNewTokens(8))
                .run("", EvaluationListener.NONE).records();
        assertThat(many).isEqualTo(one);
    }

    @Test
    void limitTakesTheFirstRows() throws IOException {
        Task t = task(40);
        Evaluation e = Evaluation.of(model, raw, t, rawConfig().withLimit(5));
        assertThat(e.examples()).isEqualTo(t.test().subList(0, 5));
        assertThat(e.run("", EvaluationListener.NONE).summary().n()).isEqualTo(5);
        assertThat(Evaluation.of(model, raw, t, rawConfig().withLimit(400)).examples()).hasSize(40);
        assertThatThrownBy(() -> rawConfig().withLimit(-1)).hasMessageContaining("--limit");
    }

    @Test
    void anInterruptedRunResumesWithOnlyTheMissingExamples() throws IOException {
        Task t = task(40);
        EvaluationResult whole = Evaluation.of(model, raw, t, rawConfig()).run("", EvaluationListener.NONE);

        Path out = tmp.resolve("run");
        EvaluationResult first = Evaluation.of(model, raw, t, rawConfig()).run("", out, EvaluationListener.NONE);
        assertThat(first.records()).isEqualTo(whole.records());
        assertThat(first.summary()).isEqualTo(whole.summary());
        assertThat(Files.exists(out.resolve("summary.json"))).isTrue();
        assertThat(Files.exists(out.resolve("evaluation.json"))).isTrue();
        assertThat(Files.readAllLines(out.resolve("records.jsonl"))).hasSize(40);

        // Interrupt: no summary, 13 complete lines and a partial 14th.
        int k = 13;
        Files.delete(out.resolve("summary.json"));
        List<String> lines = Files.readAllLines(out.resolve("records.jsonl"));
        String partial = lines.get(k).substring(0, 25);
        Files.writeString(out.resolve("records.jsonl"), String.join("\n", lines.subList(0, k)) + "\n" + partial);

        AtomicInteger generated = new AtomicInteger();
        List<Integer> indices = new ArrayList<>();
        EvaluationResult resumed = Evaluation.of(model, raw, t, rawConfig().withBatchSize(5)).run("", out,
                (rec, done, total) -> {
                    generated.incrementAndGet();
                    indices.add(rec.index());
                });
        assertThat(generated.get()).isEqualTo(40 - k);
        assertThat(indices.get(0)).isEqualTo(k);
        assertThat(resumed.summary().resumed()).isEqualTo(k);
        assertThat(resumed.records()).isEqualTo(whole.records());
        assertThat(resumed.summary().withoutResumed()).isEqualTo(whole.summary());
        List<String> after = Files.readAllLines(out.resolve("records.jsonl"));
        assertThat(after).hasSize(40).doesNotContain(partial);
        assertThat(Files.exists(out.resolve("summary.json"))).isTrue();

        // A finished run generates nothing more.
        AtomicInteger again = new AtomicInteger();
        EvaluationResult done = Evaluation.of(model, raw, t, rawConfig()).run("", out, (rec, d, n) -> again.incrementAndGet());
        assertThat(again.get()).isZero();
        assertThat(done.summary().resumed()).isEqualTo(40);
        assertThat(done.records()).isEqualTo(whole.records());
    }

    @Test
    void anotherEvaluationInTheSameDirectoryIsRefused() throws IOException {
        Task t = task(8);
        Path out = tmp.resolve("run");
        Evaluation.of(model, raw, t, rawConfig()).run("", out, EvaluationListener.NONE);
        assertThatThrownBy(() -> Evaluation.of(model, raw, t, rawConfig()).run("12", out, EvaluationListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds another evaluation (prompt: \"\" (saved) vs \"12\" (now))")
                .hasMessageContaining("--out");
        assertThatThrownBy(() -> Evaluation.of(model, raw, t, rawConfig().withMaxNewTokens(5)).run("", out,
                EvaluationListener.NONE)).hasMessageContaining("maxNewTokens: 4 (saved) vs 5 (now)");
        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("records.jsonl"), "{}\n");
        assertThatThrownBy(() -> Evaluation.of(model, raw, t, rawConfig()).run("", foreign, EvaluationListener.NONE))
                .hasMessageContaining("no evaluation.json");
        assertThat(Evaluation.savedIdentity(out)).isPresent();
        assertThat(Evaluation.savedIdentity(out).get().prompt()).isEmpty();
        assertThat(Evaluation.savedIdentity(tmp)).isEmpty();
    }

    @Test
    void anEmptySplitIsAnError() throws IOException {
        Task t = Tasks.file(additions(tmp, 10, 1), new SplitSizes(4, 6));
        assertThatThrownBy(() -> Evaluation.of(model, raw, t, rawConfig()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no test examples")
                .hasMessageContaining("--split");
        assertThat(Evaluation.of(model, raw, t, rawConfig().withSplit(Split.DEV)).examples()).hasSize(6);
    }
}
