package org.greater4j.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Greater;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.Run;
import org.greater4j.sweep.spark.SparkSweep;
import org.greater4j.sweep.spark.TestFs;
import org.greater4j.task.Evaluation;
import org.greater4j.task.EvaluationConfig;
import org.greater4j.task.EvaluationListener;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;
import org.greater4j.task.Tasks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The grid, made small: the two toy models ({@code toy-b} is trained into the cache on first use, about 5
 * minutes), 2 presets, 2 seeds, 2 steps, few rows, run in this process, on Spark {@code local[2]}
 * with one cell's task killed after its first step (Spark retries it and the cell resumes from its checkpoint), and in
 * two worker processes: the same results table each time, and a cell equal to a run made directly with {@link Greater}.
 */
class SweepTest {
    static final String GRID = "{\"models\": [\"toy\", \"toy-b\"], \"tasks\": [\"toy\"], \"presets\": [\"paper\", \"keep-best\"],"
            + " \"seeds\": [1, 2], \"steps\": 2, \"train\": 6, \"dev\": 2, \"evaluate\": {\"split\": \"test\", \"limit\": 4},"
            + " \"config\": {\"topk\": 11, \"maxNewTokens\": 32}, \"transfer\": true}";

    static {
        // one libtorch thread, as each of the two worker processes gets on 2 cores (OMP_NUM_THREADS = cores / workers):
        // on a machine shared with other jobs, two OpenMP threads waiting for each other made the in-process run ~10x slower
        System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    @TempDir
    static Path tmp;
    static Grid grid;
    static SweepResults local;

    @BeforeAll
    static void runLocally() {
        grid = Grid.parse(GRID, "test grid");
        local = Sweep.run(grid, tmp.resolve("local"), new LocalExecutor(1), SweepWorker.printer(System.err));
    }

    /** The columns that must not depend on how the sweep ran (not the times). */
    static Table comparable(SweepResults r) {
        return r.table().selectColumns("cell", "model", "task", "preset", "seed", "initialPrompt", "finalPrompt", "steps", "n",
                "initialAccuracy", "testAccuracy", "initialAccuracyParsed", "testAccuracyParsed", "generatedTokens", "forwardTokens",
                "backwardTokens");
    }

    static CellResult cell(SweepResults r, Cell key) {
        return r.cells().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void aCellIsTheRunGreaterMakesDirectly() {
        assertThat(local.cells()).extracting(CellResult::key).containsExactlyElementsOf(grid.cells());
        assertThat(local.cells()).hasSize(8);
        Task task = Tasks.load("toy").head(6, 2, 0);
        for (String model : grid.models()) {
            try (LanguageModel m = LanguageModel.load(model)) {
                for (Cell key : grid.cells()) {
                    CellResult c = cell(local, key);
                    if (key.model().equals(model)) {
                        // the cell is the run Greater makes directly from the cell's config (both presets, both seeds)
                        Run direct = Greater.of(m, task, grid.config(key)).run(2, null);
                        assertThat(c.finalPrompt()).as(key.id()).isEqualTo(direct.finalPrompt());
                        assertThat(c.steps()).isEqualTo(2);
                        assertThat(c.n()).isEqualTo(4);
                        assertThat(c.initialPrompt()).isEqualTo("no thinking just feeling .");
                    } else {
                        // the other model's final prompt evaluated here, on the grid's split and rows, is the cell's transfer
                        assertThat(c.transfer()).containsOnlyKeys(model);
                        GreaterConfig cfg = grid.config(key);
                        EvaluationConfig ec = EvaluationConfig.builder().split(grid.split()).limit(grid.limit())
                                .maxNewTokens(cfg.maxNewTokens()).batchSize(cfg.batchSize()).build();
                        Protocol p = Protocol.of(m, task, Protocol.Options.defaults().withSeparator(cfg.separator()));
                        double acc = Evaluation.of(p, task, ec)
                                .run(c.finalPrompt(), EvaluationListener.NONE).summary().accuracy();
                        assertThat(c.transfer().get(model)).as(key.id() + " on " + model).isEqualTo(acc);
                    }
                }
            }
        }
        // two different models: the same initial prompt scores differently on them (toy 0%, toy-b 25% of the 4 rows)
        assertThat(local.cells().stream().map(c -> c.model() + " " + c.initialAccuracy()).distinct()).hasSize(2);
    }

    @Test
    void sparkWithAKilledTaskGivesTheSameTable() throws Exception {
        Path out = tmp.resolve("spark");
        Cell killed = grid.cells().get(3);
        System.setProperty(CellRunner.FAIL_ONCE, killed.id() + ":1");
        SweepResults spark;
        try {
            spark = Sweep.run(grid, out, SparkSweep.executor("local[2]", 0, 2), CellRunner.Progress.NONE);
        } finally {
            System.clearProperty(CellRunner.FAIL_ONCE);
        }
        assertThat(Files.readString(out.resolve("cells").resolve(killed.id()).resolve(".failed-once"))).contains("after step 1");
        assertThat(comparable(spark).printAll()).isEqualTo(comparable(local).printAll());
        assertThat(spark.cells()).extracting(CellResult::transfer).isEqualTo(local.cells().stream().map(CellResult::transfer).toList());
        Run resumed = Run.read(out.resolve("cells").resolve(killed.id()));
        Run whole = Run.read(tmp.resolve("local").resolve("cells").resolve(killed.id()));
        assertThat(resumed.steps()).hasSize(2);
        for (int i = 0; i < 2; i++) assertThat(resumed.steps().get(i).next()).isEqualTo(whole.steps().get(i).next());
        assertThat(SweepResults.read(out).cells()).isEqualTo(spark.cells());
    }

    @Test
    void sparkOnAHadoopUriGivesTheSameTableAndResumesFromTheCheckpointCopiedUp() throws Exception {
        Path served = tmp.resolve("testfs");
        Path scratch = tmp.resolve("scratch");
        String name = "greater4j-testfs-" + UUID.randomUUID();
        Cell killed = grid.cells().get(1); // the second cell of its task: the retry finds the first one finished
        Map<String, String> props = Map.of(TestFs.ROOT, served.toString(), "spark.hadoop.fs.testfs.impl", TestFs.class.getName(),
                SparkSweep.SCRATCH, scratch.toString(), CellRunner.FAIL_ONCE, killed.id() + ":1");
        props.forEach(System::setProperty);
        TestFs.RENAMED.clear();
        TestFs.OPENED.clear();
        SweepResults spark;
        try {
            spark = Sweep.run(grid, SparkSweep.store("testfs:///" + name + "/sweep1"), SparkSweep.executor("local[2]", 0, 2),
                    CellRunner.Progress.NONE);
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
        assertThat(comparable(spark).printAll()).isEqualTo(comparable(local).printAll());
        assertThat(spark.cells()).extracting(CellResult::transfer).isEqualTo(local.cells().stream().map(CellResult::transfer).toList());
        // everything went through Hadoop's FileSystem: into the served folder, nothing at the plain path or a folder "testfs:"
        Path remote = served.resolve(name).resolve("sweep1");
        assertThat(SweepResults.read(remote).cells()).isEqualTo(spark.cells());
        assertThat(Files.readString(remote.resolve("results-transfer.csv"))).isEqualTo(Files.readString(tmp.resolve("local")
                .resolve("results-transfer.csv")));
        assertThat(Path.of("/" + name)).doesNotExist();
        assertThat(Path.of("testfs:")).doesNotExist();
        try (var scratchLeft = Files.list(scratch); var up = Files.walk(remote)) {
            assertThat(scratchLeft.toList()).as("scratch folders are deleted after their tasks").isEmpty();
            assertThat(up.map(f -> f.getFileName().toString())).doesNotContain(".lock").noneMatch(n -> n.endsWith(".tmp"));
        }
        // the killed cell's marker went up with its checkpoint after step 1; the retry read that checkpoint back and ran step 2
        // only: every cell's checkpoint was copied up once per step (a restart from scratch would have copied it up 3 times)
        String cells = "/" + name + "/sweep1/cells/";
        assertThat(remote.resolve("cells").resolve(killed.id()).resolve(".failed-once")).exists();
        for (Cell c : grid.cells()) {
            assertThat(TestFs.RENAMED.stream().filter(f -> f.equals(cells + c.id() + "/checkpoint.json"))).as(c.id()).hasSize(2);
        }
        assertThat(TestFs.OPENED.stream().filter(f -> f.endsWith("/checkpoint.json"))).containsExactly(cells + killed.id() + "/checkpoint.json");
        // cell.json is the last file of each cell copied up
        for (Cell c : grid.cells()) {
            List<String> mine = TestFs.RENAMED.stream().filter(f -> f.startsWith(cells + c.id() + "/") && !f.contains("/transfer/")).toList();
            assertThat(mine.get(mine.size() - 1)).isEqualTo(cells + c.id() + "/cell.json");
        }
        Run resumed = Run.read(remote.resolve("cells").resolve(killed.id()));
        Run whole = Run.read(tmp.resolve("local").resolve("cells").resolve(killed.id()));
        for (int i = 0; i < 2; i++) assertThat(resumed.steps().get(i).next()).isEqualTo(whole.steps().get(i).next());
    }

    @Test
    void theLocalExecutorRefusesAHadoopUri() {
        assertThatThrownBy(() -> SweepStore.folder("hdfs://namenode/greater/sweep1")).hasMessageContaining("--executor spark")
                .hasMessageContaining("local or shared path");
        assertThat(SweepStore.folder("file://" + tmp.resolve("x")).localFolder()).contains(tmp.resolve("x"));
        assertThat(SparkSweep.store(tmp.resolve("y").toString()).localFolder()).contains(tmp.resolve("y"));
    }

    @Test
    void theToyGridsTransferTable() throws Exception {
        Table t = local.transferTable();
        assertThat(t.columnNames()).containsExactly("task", "optimizedBy", "preset", "cells", "on toy", "on toy-b");
        assertThat(t.rowCount()).isEqualTo(4);
        // each row is the mean over the two seeds' cells: on its own model their test accuracy, on the other their transfer,
        // in percent
        for (int i = 0; i < 4; i++) {
            String model = t.stringColumn("optimizedBy").get(i);
            String preset = t.stringColumn("preset").get(i);
            List<CellResult> mine = local.cells().stream().filter(c -> c.model().equals(model) && c.preset().equals(preset)).toList();
            assertThat(mine).hasSize(2);
            assertThat(t.intColumn("cells").get(i)).isEqualTo(2);
            String other = model.equals("toy") ? "toy-b" : "toy";
            assertThat(t.doubleColumn("on " + model).get(i)).isCloseTo(100 * mine.stream().mapToDouble(CellResult::testAccuracy).average()
                    .orElseThrow(), within(1e-9));
            assertThat(t.doubleColumn("on " + other).get(i)).isCloseTo(100 * mine.stream().mapToDouble(c -> c.transfer().get(other))
                    .average().orElseThrow(), within(1e-9));
        }
        assertThat(t.stringColumn("optimizedBy").asList()).containsExactly("toy", "toy", "toy-b", "toy-b");
        assertThat(Files.readAllLines(tmp.resolve("local").resolve("results-transfer.csv"))).hasSize(5).first().asString()
                .startsWith("task,optimizedBy,preset,cells,on toy,");
        assertThat(local.text()).contains("Table 3 layout");
    }

    @Test
    void twoWorkerProcessesGiveTheSameRows() {
        Grid part = Grid.parse(GRID.replace("\"presets\": [\"paper\", \"keep-best\"]", "\"presets\": [\"paper\"]")
                        .replace("\"transfer\": true", "\"transfer\": false"),
                "part of the test grid");
        assertThat(part.cells()).containsExactly(grid.cells().get(0), grid.cells().get(1), grid.cells().get(4), grid.cells().get(5));
        Path out = tmp.resolve("workers");
        SweepResults r = Sweep.run(part, out, new LocalExecutor(2), CellRunner.Progress.NONE);
        SweepResults expected = new SweepResults(List.of(local.cells().get(0), local.cells().get(1), local.cells().get(4),
                local.cells().get(5)));
        assertThat(comparable(r).printAll()).isEqualTo(comparable(expected).printAll());
    }

    @Test
    void aFinishedSweepRunsNothingAgain() throws Exception {
        Path out = tmp.resolve("local");
        Path cellJson = out.resolve("cells").resolve(grid.cells().get(0).id()).resolve("cell.json");
        FileTime before = Files.getLastModifiedTime(cellJson);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        SweepResults again = Sweep.run(grid, out, new LocalExecutor(1), (c, m) -> lines.add(m));
        assertThat(again).isEqualTo(local);
        assertThat(lines).isEmpty();
        // one cell removed: only it runs again
        Cell redo = grid.cells().get(2);
        Files.delete(out.resolve("cells").resolve(redo.id()).resolve("cell.json"));
        Sweep.run(grid, out, new LocalExecutor(1), (c, m) -> lines.add(c.id() + " " + m));
        assertThat(lines).allMatch(l -> l.startsWith(redo.id())).anyMatch(l -> l.contains("resuming"));
        assertThat(Files.getLastModifiedTime(cellJson)).isEqualTo(before);
        assertThat(comparable(SweepResults.read(out)).printAll()).isEqualTo(comparable(local).printAll());
    }
}
