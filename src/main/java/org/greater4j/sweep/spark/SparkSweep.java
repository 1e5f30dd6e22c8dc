package org.greater4j.sweep.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.greater4j.sweep.Cell;
import org.greater4j.sweep.CellRunner;
import org.greater4j.sweep.Grid;
import org.greater4j.sweep.Sweep;
import org.greater4j.sweep.SweepExecutor;
import org.greater4j.sweep.SweepWorker;

/**
 * Runs a sweep on Spark, the only class of greater4j that touches Spark (Spark is a {@code provided} dependency: a
 * cluster brings its own). The driver makes one task per model (its unfinished cells, so each task loads its model once);
 * a task runs {@link SweepWorker#runCells} on its executor, writing the cells' files under the sweep's folder, which
 * must be a path every executor sees (a shared or network filesystem). A failed task is retried by Spark up to
 * {@code spark.task.maxFailures} times and its cells resume from their checkpoints; finished cells are not run again.
 * With {@code gpus > 0} each executor asks for that many GPUs ({@code spark.executor.resource.gpu.amount}) and each
 * task for one ({@code spark.task.resource.gpu.amount=1}); a task loads its model on the GPU Spark gave it
 * ({@code TaskContext.resources().get("gpu")}). The cluster must tell Spark how to find GPUs (e.g.
 * {@code spark.executor.resource.gpu.discoveryScript}). Transfers run as a second job, one task per model.
 */
public final class SparkSweep implements SweepExecutor {
    private final String master;
    private final int gpus;
    private final int maxFailures;

    private SparkSweep(String master, int gpus, int maxFailures) {
        if (gpus < 0) throw new IllegalArgumentException("--gpus must be >= 0, got " + gpus);
        if (maxFailures < 1) throw new IllegalArgumentException("--max-failures must be >= 1, got " + maxFailures);
        this.master = master;
        this.gpus = gpus;
        this.maxFailures = maxFailures;
    }

    /**
     * A Spark executor. Declared to return the interface so that callers do not load Spark's classes until it runs.
     *
     * @param master      the Spark master URL, or null for the one {@code spark-submit} set; {@code local[N]} becomes
     *                    {@code local[N,maxFailures]} (local mode retries only when the master says so)
     * @param gpus        GPUs per executor (0: none requested)
     * @param maxFailures attempts per task ({@code spark.task.maxFailures})
     */
    public static SweepExecutor executor(String master, int gpus, int maxFailures) {
        return new SparkSweep(master, gpus, maxFailures);
    }

    /** The master URL with local mode's retries: {@code local[N]} or {@code local[*]} gets {@code ,maxFailures}. */
    static String master(String m, int maxFailures) {
        if (m == null) return null;
        if (m.matches("local\\[(\\d+|\\*)]")) return m.substring(0, m.length() - 1) + "," + maxFailures + "]";
        if (m.equals("local")) return "local[1," + maxFailures + "]";
        return m;
    }

    @Override
    public void execute(Grid grid, Path out, CellRunner.Progress progress) {
        SparkConf conf = new SparkConf().setAppName("greater4j sweep " + out.getFileName());
        if (master != null) conf.setMaster(master(master, maxFailures));
        if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("no Spark master: pass --master URL (e.g. local[2], spark://host:7077) or run under "
                    + "spark-submit --master URL");
        }
        conf.set("spark.task.maxFailures", String.valueOf(maxFailures));
        if (gpus > 0) {
            conf.set("spark.executor.resource.gpu.amount", String.valueOf(gpus));
            conf.set("spark.task.resource.gpu.amount", "1");
        }
        String dir = out.toAbsolutePath().toString();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            List<List<String>> groups = new ArrayList<>();
            for (List<Cell> g : Sweep.byModel(Sweep.unfinished(grid, out))) groups.add(ids(g));
            if (!groups.isEmpty()) {
                List<Integer> done = sc.parallelize(groups, groups.size())
                        .map(ids -> SweepWorker.runCells(Path.of(dir), ids, device(), SweepWorker.printer(System.err))).collect();
                System.err.println("sweep: Spark finished " + done.stream().mapToInt(Integer::intValue).sum() + " cells in " + groups.size()
                        + " tasks");
            }
            if (grid.transfer()) {
                List<List<String>> jobs = new ArrayList<>();
                for (Map.Entry<String, List<Cell>> e : Sweep.transferSources(grid, out).entrySet()) {
                    List<String> job = new ArrayList<>();
                    job.add(e.getKey());
                    job.addAll(ids(e.getValue()));
                    jobs.add(job);
                }
                if (!jobs.isEmpty()) {
                    sc.parallelize(jobs, jobs.size()).map(j -> SweepWorker.runTransfer(Path.of(dir), j.get(0), j.subList(1, j.size()),
                            device(), SweepWorker.printer(System.err))).collect();
                }
            }
        }
    }

    private static List<String> ids(List<Cell> cells) {
        return new ArrayList<>(cells.stream().map(Cell::id).toList());
    }

    /** The device of the running task: the GPU Spark assigned to it, else the CPU. */
    static String device() {
        TaskContext tc = TaskContext.get();
        if (tc == null) return "cpu";
        ResourceInformation gpu = tc.resourcesJMap().get("gpu");
        if (gpu == null || gpu.addresses().length == 0) return "cpu";
        return "gpu:" + gpu.addresses()[0];
    }
}
