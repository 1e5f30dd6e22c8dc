package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataset files from the internet (issue 14 items 4 and 6): bytes that are not UTF-8, a second JSON
 * value on a line, an empty gold, a duplicate key and an oversized question are errors naming the
 * file and line, and fail before anything is tokenized.
 */
class DatasetValidationTest {
    @TempDir
    Path tmp;

    static final String GOOD = "{\"question\": \"1+1=\", \"answer\": \"2\"}\n";

    private Path jsonl(byte[] content) throws IOException {
        Path f = tmp.resolve("t.jsonl");
        Files.write(f, content);
        return f;
    }

    private Path jsonl(String content) throws IOException {
        return jsonl(content.getBytes(StandardCharsets.UTF_8));
    }

    private static Task load(Path f) {
        return Tasks.file(f, new SplitSizes(0, 0));
    }

    @Test
    void goodFileLoads() throws IOException {
        Task t = load(jsonl(GOOD + GOOD));
        assertThat(t.test()).hasSize(2);
    }

    @Test
    void bytesThatAreNotUtf8() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(GOOD.getBytes(StandardCharsets.UTF_8));
        b.writeBytes("{\"question\": \"caf".getBytes(StandardCharsets.UTF_8));
        b.write(0xE9); // Latin-1 e-acute
        b.writeBytes("\", \"answer\": \"2\"}\n".getBytes(StandardCharsets.UTF_8));
        Path f = jsonl(b.toByteArray());
        assertThatThrownBy(() -> load(f)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(f + ":2: ").hasMessageContaining("UTF-8").hasMessageContaining("0xE9");
    }

    @Test
    void aSecondObjectAfterTheFirst() throws IOException {
        Path f = jsonl(GOOD + "{\"question\": \"2+2=\", \"answer\": \"4\"} {\"question\": \"x\", \"answer\": \"5\"}\n");
        assertThatThrownBy(() -> load(f)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(f + ":2: ").hasMessageContaining("after the first");
    }

    @Test
    void emptyOrBlankGoldAndBlankQuestion() throws IOException {
        Path f = jsonl(GOOD + "{\"question\": \"2+2=\", \"answer\": \"\"}\n");
        assertThatThrownBy(() -> load(f)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(f + ":2: ").hasMessageContaining("\"answer\"").hasMessageContaining("empty");
        Path g = jsonl("{\"question\": \"2+2=\", \"answer\": \"  \"}\n" + GOOD);
        assertThatThrownBy(() -> load(g)).isInstanceOf(DatasetFormatException.class).hasMessageStartingWith(g + ":1: ");
        Path h = jsonl("{\"question\": \" \", \"answer\": \"4\"}\n");
        assertThatThrownBy(() -> load(h)).isInstanceOf(DatasetFormatException.class).hasMessageContaining("\"question\"");
    }

    @Test
    void duplicateKey() throws IOException {
        Path f = jsonl("{\"question\": \"2+2=\", \"answer\": \"4\", \"answer\": \"5\"}\n");
        assertThatThrownBy(() -> load(f)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(f + ":1: ").hasMessageContaining("duplicate").hasMessageContaining("answer");
    }

    @Test
    void aTenMegabyteQuestionFailsAtOnce() throws IOException {
        String big = "1+2=".repeat(2_500_000);
        Path f = jsonl(GOOD + "{\"question\": \"" + big + "\", \"answer\": \"3\"}\n");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> load(f)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(f + ":2: ").hasMessageContaining("10000000 characters")
                .hasMessageContaining(String.valueOf(Example.MAX_QUESTION_CHARS));
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(3.0);
        Path g = jsonl("{\"question\": \"1\", \"answer\": \"" + "7".repeat(Example.MAX_ANSWER_CHARS + 1) + "\"}\n");
        assertThatThrownBy(() -> load(g)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(String.valueOf(Example.MAX_ANSWER_CHARS));
    }

    @Test
    void csvThatIsNotUtf8NamesTheLine() throws IOException {
        Path dir = tmp.resolve("data/greater-splits/FOLIO");
        Files.createDirectories(dir);
        String row = "\"Premise: cats.\",x,(A)\n";
        Files.writeString(dir.resolve("train.csv"), "goal,target,final_target\n" + row);
        Files.writeString(dir.resolve("dev.csv"), "goal,target,final_target\n" + row);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("goal,target,final_target\n" + row + row + "\"caf").getBytes(StandardCharsets.UTF_8));
        b.write(0xFF);
        b.writeBytes("\",x,(B)\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("test.csv"), b.toByteArray());
        DataDir data = new DataDir(tmp.resolve("data"), "--data");
        assertThatThrownBy(() -> Tasks.folio(data)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(dir.resolve("test.csv") + ":4: ").hasMessageContaining("UTF-8");
        Files.writeString(dir.resolve("test.csv"), "goal,target,final_target\n" + row + "\"P\",x,\"\"\n");
        assertThatThrownBy(() -> Tasks.folio(data)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(dir.resolve("test.csv") + ":3: ");
    }
}
