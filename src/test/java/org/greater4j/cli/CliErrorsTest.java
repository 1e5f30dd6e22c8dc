package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.greater4j.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad values on the command line (issue 14 item 6): each is one line {@code error: ...} naming the
 * value and the fix, never a Java exception's name or a stack trace.
 */
class CliErrorsTest {
    @TempDir
    Path tmp;

    private static void oneClearLine(Result r, String... contains) {
        assertThat(r.code()).as(r.err()).isNotZero();
        String err = r.err().strip();
        assertThat(err).as(err).startsWith("error: ").doesNotContain("\n").doesNotContain("Exception")
                .doesNotContain("\tat ").doesNotContain("Usage:");
        for (String c : contains) assertThat(err).contains(c);
    }

    @Test
    void dateThatIsNotADate() {
        oneClearLine(CliTest.run("evaluate", "--date", "not-a-date", "--prompt", "x"), "--date", "'not-a-date'", "YYYY-MM-DD");
        oneClearLine(CliTest.run("evaluate", "--date", "2024-02-30", "--prompt", "x"), "'2024-02-30'");
    }

    @Test
    void otherUsageErrorsAreOneLineToo() {
        oneClearLine(CliTest.run("evaluate", "--limit", "many"), "--limit", "'many'");
        oneClearLine(CliTest.run("evaluate", "--no-such-option"), "--no-such-option", "greater evaluate --help");
    }

    @Test
    void logitsOutIsADirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        oneClearLine(CliTest.run("logits", "--ids", "1,2", "--out", dir.toString()), dir.toString(), "directory", "--out");
        oneClearLine(CliTest.run("logits", "--ids", "1,2", "--out", tmp.resolve("no/such/dir/l.json").toString()),
                "no/such/dir", "--out");
    }

    @Test
    void logitsIdsOutOfRange() {
        oneClearLine(CliTest.run("logits", "--ids", "-5"), "token id -5", "[0, ");
        oneClearLine(CliTest.run("logits", "--ids", "1,100000"), "token id 100000", "[0, ");
    }

    @Test
    void evaluateOutIsAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        long t0 = System.nanoTime();
        Result r = CliTest.run("evaluate", "--prompt", "x", "--limit", "1", "--out", file.toString());
        oneClearLine(r, file.toString(), "not a directory", "--out");
        assertThat(Files.readString(file)).isEqualTo("x");
        assertThat((System.nanoTime() - t0) / 1e9).as("fails before the model is loaded").isLessThan(20);
    }
}
