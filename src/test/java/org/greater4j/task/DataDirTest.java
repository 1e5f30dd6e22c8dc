package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data directory resolution, missing datasets and malformed lines. */
class DataDirTest {

    @TempDir
    Path tmp;

    @Test
    void resolveOrderIsExplicitThenEnvironmentThenDotDatasets() {
        Path cwd = tmp;
        assertThat(DataDir.resolve(tmp.resolve("mine"), Map.of("GREATER_DATA", "/x"), cwd))
                .isEqualTo(new DataDir(tmp.resolve("mine"), "--data"));
        assertThat(DataDir.resolve(null, Map.of("GREATER_DATA", "/x"), cwd)).isEqualTo(new DataDir(Path.of("/x"), "GREATER_DATA"));
        DataDir fallback = DataDir.resolve(null, Map.of(), cwd);
        assertThat(fallback.root()).isEqualTo(tmp.resolve("datasets"));
        assertThat(fallback.origin()).isEqualTo("default ./datasets");
        assertThat(DataDir.resolve(null, Map.of("GREATER_DATA", " "), cwd).origin()).isEqualTo("default ./datasets");
    }

    @Test
    void withoutSettingsTheFirstPlaceHoldingDataWinsAndAMissingFileNamesEveryPlaceSearched() throws IOException {
        Path cwd = Files.createDirectories(tmp.resolve("clone/notebooks"));
        Path project = tmp.resolve("clone");
        Path shared = Files.createDirectories(tmp.resolve("shared/datasets/gsm8k")).getParent().getParent();
        DataDir d = DataDir.resolve(null, Map.of(), cwd, project.toString(), java.util.Optional.of(shared));
        assertThat(d.root()).isEqualTo(shared.resolve("datasets").toAbsolutePath().normalize());
        assertThat(d.origin()).isEqualTo("the shared folder");
        Files.createDirectories(project.resolve("datasets/bbh"));
        d = DataDir.resolve(null, Map.of(), cwd, project.toString(), java.util.Optional.of(shared));
        assertThat(d.origin()).isEqualTo("the project's datasets/");
        DataDir none = DataDir.resolve(null, Map.of(), tmp.resolve("x"), null, java.util.Optional.empty());
        assertThatThrownBy(() -> Tasks.load("gsm8k", none)).isInstanceOf(DatasetMissingException.class)
                .hasMessageContaining("searched: " + tmp.resolve("x/datasets") + " (./datasets)")
                .hasMessageContaining("no shared folder");
    }

    @Test
    void missingDatasetNamesTheFileTheOriginAndTheFetchScript() {
        DataDir empty = new DataDir(tmp, "GREATER_DATA");
        for (String name : Tasks.names()) {
            if (name.equals("toy")) continue; // generated, needs no data
            assertThatThrownBy(() -> Tasks.load(name, empty)).as(name)
                    .isInstanceOf(DatasetMissingException.class)
                    .hasMessageContaining(tmp.toString())
                    .hasMessageContaining("chosen by GREATER_DATA")
                    .hasMessageContaining("datasets/fetch.sh --dest " + tmp);
        }
        assertThatThrownBy(() -> Tasks.bbh("navigate", empty))
                .hasMessageContaining("bbh/bbh/navigate.json")
                .hasMessageContaining("fetch.sh --dest " + tmp + " bbh`");
        assertThatThrownBy(() -> Tasks.gsm8k(empty)).hasMessageContaining(" greater-splits`");
    }

    @Test
    void malformedJsonlLineNamesFileAndLine() throws IOException {
        Path gsm = Files.createDirectories(tmp.resolve("gsm8k"));
        Files.writeString(gsm.resolve("train.jsonl"),
                "{\"question\": \"q1\", \"answer\": \"a\\n#### 1\"}\n\n{\"question\": \"q2\", \"answer\": broken}\n");
        Files.writeString(gsm.resolve("test.jsonl"), "{\"question\": \"q\", \"answer\": \"#### 2\"}\n");
        DataDir d = new DataDir(tmp, "test");
        assertThatThrownBy(() -> Tasks.gsm8kRaw(d))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(gsm.resolve("train.jsonl") + ":3: not valid JSON")
                .satisfies(e -> assertThat(((DatasetFormatException) e).line()).isEqualTo(3));
        Files.writeString(gsm.resolve("train.jsonl"), "{\"question\": \"q1\", \"answer\": \"no hashes\"}\n");
        assertThatThrownBy(() -> Tasks.gsm8kRaw(d)).hasMessageContaining("train.jsonl:1:").hasMessageContaining("####");
        Files.writeString(gsm.resolve("train.jsonl"), "{\"question\": \"q1\"}\n");
        assertThatThrownBy(() -> Tasks.gsm8kRaw(d)).hasMessageContaining("train.jsonl:1:")
                .hasMessageContaining("\"answer\"");
        Files.writeString(gsm.resolve("train.jsonl"), "{\"question\": \"q1\", \"answer\": \"#### seven\"}\n");
        assertThatThrownBy(() -> Tasks.gsm8kRaw(d)).hasMessageContaining("train.jsonl:1:")
                .hasMessageContaining("'seven' is not an integer");
    }

    @Test
    void malformedCsvRowNamesFileAndStartLine() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("greater-splits/FOLIO"));
        String ok = "goal,target,final_target\n\"Premise:\nx\",(A),(A)\n";
        Files.writeString(dir.resolve("train.csv"), ok, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("dev.csv"), ok + "\"two\nlines\",(B),(B),extra\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("test.csv"), ok, StandardCharsets.UTF_8);
        DataDir d = new DataDir(tmp, "test");
        assertThatThrownBy(() -> Tasks.folio(d))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(dir.resolve("dev.csv") + ":4: expected 3 fields");
        Files.writeString(dir.resolve("dev.csv"), ok + "q,(D),(D)\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Tasks.folio(d)).hasMessageContaining("dev.csv:4: FOLIO gold '(D)'");
        Files.writeString(dir.resolve("dev.csv"), "question,answer\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Tasks.folio(d)).hasMessageContaining("dev.csv:1: expected the header goal,target,final_target");
    }

    @Test
    void malformedBbhFileAndUnknownGold() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bbh/bbh"));
        DataDir d = new DataDir(tmp, "test");
        Files.writeString(dir.resolve("navigate.json"), "{\"examples\": [{\"input\": \"q\", \"target\": \"Yes\"},\n{\"input\": ");
        assertThatThrownBy(() -> Tasks.bbh("navigate", d)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("navigate.json:2: not valid JSON");
        Files.writeString(dir.resolve("navigate.json"), "{\"examples\": [{\"input\": \"q\", \"target\": \"Maybe\"}]}");
        assertThatThrownBy(() -> Tasks.bbh("navigate", d)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("examples[0] has gold 'Maybe', which is not a Yes/No answer");
    }

    @Test
    void fileTasks() throws IOException {
        Path f = tmp.resolve("my.jsonl");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) b.append("{\"question\": \"q").append(i).append("\", \"answer\": ").append(i).append("}\n");
        Files.writeString(f, b);
        Task t = Tasks.load("file:" + f, new DataDir(tmp, "test"), new SplitSizes(3, 4));
        assertThat(t.name()).isEqualTo("file:" + f);
        assertThat(t.train()).hasSize(3);
        assertThat(t.dev()).hasSize(4);
        assertThat(t.test()).hasSize(3);
        assertThat(t.answerType()).isEqualTo(AnswerType.INTEGER);
        assertThat(t.test().get(0).answer()).isEqualTo("7");
        assertThat(t.extractor(ExtractorStyle.LLAMA3)).contains("$NUMBER$");
        assertThatThrownBy(() -> Tasks.file(f, new SplitSizes(8, 4))).hasMessageContaining("has 10 examples, fewer than --train 8 + --dev 4");
        assertThatThrownBy(() -> Tasks.file(f, SplitSizes.FILE_DEFAULT)).hasMessageContaining("lower --train or --dev");
        Files.writeString(f, "{\"question\": \"q\", \"answer\": \"(B)\"}\n[1, 2]\n");
        assertThatThrownBy(() -> Tasks.file(f, new SplitSizes(1, 0))).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(f + ":2: expected a JSON object");
        assertThatThrownBy(() -> Tasks.file(tmp.resolve("none.jsonl"), new SplitSizes(1, 0)))
                .isInstanceOf(DatasetMissingException.class).hasMessageContaining("none.jsonl");
    }

    @Test
    void registerMoreTasks() {
        Tasks.register("test-only-task", d -> Task.cut("test-only-task", AnswerType.YES_NO,
                java.util.List.of(new Example("a#0", 0, "q", "Yes", "Yes"), new Example("a#1", 1, "q2", "No", "No")),
                new SplitSizes(1, 0), Extractors.binary("Yes", "No", "test"), false, "test", java.util.List.of()));
        try {
            assertThat(Tasks.names()).contains("test-only-task");
            Task t = Tasks.load("test-only-task", new DataDir(tmp, "test"));
            assertThat(t.train()).hasSize(1);
            assertThat(t.test()).hasSize(1);
            assertThatThrownBy(() -> Tasks.register("test-only-task", d -> null)).hasMessageContaining("already registered");
            assertThatThrownBy(() -> Tasks.register("file:x", d -> null)).hasMessageContaining("file:");
        } finally {
            Tasks.unregister("test-only-task");
        }
        assertThat(Tasks.names()).doesNotContain("test-only-task");
    }
}
