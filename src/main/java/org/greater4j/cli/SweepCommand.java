package org.greater4j.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.greater4j.sweep.Grid;
import org.greater4j.sweep.LocalExecutor;
import org.greater4j.sweep.Sweep;
import org.greater4j.sweep.SweepExecutor;
import org.greater4j.sweep.SweepResults;
import org.greater4j.sweep.SweepStore;
import org.greater4j.sweep.SweepWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greater sweep}: a grid of optimize + evaluate cells, locally or on Spark; results.json / results.csv in --out. */
@Command(name = "sweep", description = "Run a grid of GReaTer runs (models x tasks x presets x seeds), each evaluated on the test split; "
        + "an interrupted sweep resumes, finished cells are not run again. Writes results.json and results.csv (with "
        + "transfers results-transfer.csv, the Table 3 layout) to --out and prints the results beside the paper's Table 1 (and 3).")
final class SweepCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "GRID.json", description = "the grid, e.g. {\"models\": [\"toy\", \"toy-b\"], \"tasks\": [\"toy\"], "
            + "\"presets\": [\"paper\", \"keep-best\"], \"seeds\": [1, 2], \"steps\": 3, \"evaluate\": {\"split\": \"test\", \"limit\": 40}}")
    Path gridFile;

    @Option(names = "--out", required = true, description = "the sweep's folder (cells/<id>/, results.json, results.csv, "
            + "results-transfer.csv); a path every worker sees, or with --executor spark a Hadoop filesystem URI (hdfs://namenode/dir, "
            + "s3a://bucket/dir)")
    String out;

    @Option(names = "--executor", defaultValue = "local", description = "local (this machine) or spark")
    String executor;

    @Option(names = "--workers", defaultValue = "1", description = "local: worker processes (1: cells in order in this process)")
    int workers;

    @Option(names = "--gpus", defaultValue = "0", description = "local: one worker process per GPU (gpu:0 .. gpu:N-1); spark: GPUs per "
            + "executor, one per task")
    int gpus;

    @Option(names = "--master", description = "spark: the master URL (local[2], spark://host:7077, yarn ...); default: spark-submit's")
    String master;

    @Option(names = "--max-failures", defaultValue = "2", description = "attempts of a cell, worker or Spark task before the sweep "
            + "fails (a retry resumes from the cells' checkpoints)")
    int maxFailures;

    @Override
    public void run() {
        Grid grid = Grid.read(gridFile);
        SweepStore store = switch (executor) {
            case "spark" -> org.greater4j.sweep.spark.SparkSweep.store(out);
            default -> SweepStore.folder(out);
        };
        SweepExecutor ex = switch (executor) {
            case "local" -> {
                if (master != null) throw new IllegalArgumentException("--master is for --executor spark");
                List<String> devices = new ArrayList<>();
                for (int i = 0; i < gpus; i++) devices.add("gpu:" + i);
                yield new LocalExecutor(gpus > 0 ? Math.max(workers, gpus) : workers, devices, maxFailures);
            }
            case "spark" -> org.greater4j.sweep.spark.SparkSweep.executor(master, gpus, maxFailures);
            default -> throw new IllegalArgumentException("unknown --executor " + executor + "; use local or spark");
        };
        System.err.println("sweep: " + grid.cells().size() + " cells (" + grid.models().size() + " models x " + grid.tasks().size()
                + " tasks x " + grid.presets().size() + " presets x " + grid.seeds().size() + " seeds) into " + out);
        SweepResults r = Sweep.run(grid, store, ex, SweepWorker.printer(System.err));
        PrintStream o = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        o.print(r.text());
        o.println("results: " + store.location("results.json") + ", " + store.location("results.csv")
                + (r.hasTransfer() ? ", " + store.location("results-transfer.csv") : ""));
    }
}
