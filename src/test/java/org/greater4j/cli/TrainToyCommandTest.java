package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.greater4j.model.LanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code greater train-toy} on a tiny size: progress on stderr, the accuracy table on stdout, a loadable model. */
class TrainToyCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainsATinyModelAndReports() {
        Path out = tmp.resolve("tiny");
        CliTest.Result r = CliTest.run("train-toy", "--size", "tiny", "--steps", "20", "--batch", "8", "--seed", "4",
                "--out", out.toString(), "--eval-every", "10", "--eval-questions", "4", "--report-questions", "6",
                "--log-every", "10");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.err()).contains("step    10/20").contains("step    20/20").contains("eval @10:").contains("trained in");
        assertThat(r.out()).contains("model: " + out).contains("\"think step by step.\"")
                .contains("\"no thinking just feeling.\"").contains("\"solve it calmly.\"").contains("(6 questions)");
        try (LanguageModel m = LanguageModel.load(out)) {
            assertThat(m.config().hiddenSize()).isEqualTo(32);
        }
        CliTest.Result bad = CliTest.run("train-toy", "--size", "huge", "--out", tmp.resolve("x").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("unknown toy size 'huge'");
    }
}
