package org.greater4j.sweep.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.greater4j.sweep.Cell;
import org.greater4j.sweep.CellRunner;
import org.greater4j.sweep.Grid;
import org.greater4j.sweep.Sweep;
import org.greater4j.sweep.SweepExecutor;
import org.greater4j.sweep.SweepStore;
import org.greater4j.sweep.SweepWorker;
import scala.Tuple2;

/**
 * Runs a sweep on Spark, the only class of greater4j that touches Spark (Spark is a {@code provided} dependency: a
 * cluster brings its own). The driver makes one task per model (its unfinished cells, so each task loads its model once);
 * a task runs {@link SweepWorker#runCells} on its executor, writing the cells' files under the sweep's folder, which
 * must be a path every executor sees (a shared or network filesystem), or under a Hadoop filesystem URI ({@link #store}:
 * {@code hdfs://}, {@code s3a://} ...), in which case the task runs its cells in a local scratch folder ({@link #SCRATCH}),
 * copying each cell's folder down before it runs, up after every checkpoint and up at the end with {@code cell.json}
 * last; the driver reads the cells and writes the results through the same filesystem. A failed task is retried by Spark up to
 * {@code spark.task.maxFailures} times and its cells resume from their checkpoints; finished cells are not run again.
 * With {@code gpus > 0} each executor asks for that many GPUs ({@code spark.executor.resource.gpu.amount}) and each
 * task for one ({@code spark.task.resource.gpu.amount=1}); a task loads its model on the GPU Spark gave it
 * ({@code TaskContext.resources().get("gpu")}). The cluster must tell Spark how to find GPUs (e.g.
 * {@code spark.executor.resource.gpu.discoveryScript}). Transfers run as a second job, one task per model.
 */
public final class SparkSweep implements SweepExecutor {
    /**
     * The Spark setting naming the folder under which a task makes its scratch folder when the sweep is on a Hadoop
     * filesystem (default: the executor's {@code java.io.tmpdir}); each is deleted when its task ends.
     */
    public static final String SCRATCH = "spark.greater4j.scratch";

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

    /**
     * Where a sweep given as {@code --out} keeps its files: a plain path or {@code file:} URI is a folder (every executor
     * must see it: a shared filesystem), any other URI ({@code hdfs://namenode/greater/sweep1}, {@code s3a://bucket/sweep1})
     * a Hadoop filesystem, opened with the {@code spark.hadoop.*} settings of the Spark configuration ({@code --conf}, or
     * system properties) on top of the class path's {@code core-site.xml}.
     *
     * @throws IllegalArgumentException when no filesystem on the class path serves the URI's scheme
     */
    public static SweepStore store(String out) {
        Optional<String> scheme = SweepStore.scheme(out);
        if (scheme.isEmpty() || scheme.get().equals("file")) return SweepStore.folder(out);
        return HadoopStore.open(out, hadoopSettings(new SparkConf()));
    }

    /** The {@code spark.hadoop.*} settings of a Spark configuration, without the prefix. */
    static Map<String, String> hadoopSettings(SparkConf conf) {
        Map<String, String> m = new HashMap<>();
        for (Tuple2<String, String> t : conf.getAllWithPrefix("spark.hadoop.")) m.put(t._1(), t._2());
        return m;
    }

    @Override
    public void execute(Grid grid, SweepStore out, CellRunner.Progress progress) {
        SparkConf conf = new SparkConf().setAppName("greater4j sweep " + out.location().replaceAll("/+$", "").replaceAll(".*/", ""));
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
        Target target = Target.of(out, conf.get(SCRATCH, ""));
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            List<List<String>> groups = new ArrayList<>();
            for (List<Cell> g : Sweep.byModel(Sweep.unfinished(grid, out))) groups.add(ids(g));
            if (!groups.isEmpty()) {
                List<Integer> done = sc.parallelize(groups, groups.size())
                        .map(ids -> target.run((store, work) -> SweepWorker.runCells(store, work, ids, device(), SweepWorker.printer(System.err))))
                        .collect();
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
                    sc.parallelize(jobs, jobs.size()).map(j -> target.run((store, work) -> SweepWorker.runTransfer(store, work, j.get(0),
                            j.subList(1, j.size()), device(), SweepWorker.printer(System.err)))).collect();
                }
            }
        }
    }

    /**
     * Where a task finds the sweep, sent to the executors: a folder they all see ({@code folder}), or a Hadoop URI with its
     * settings, which a task copies cells from and to through a scratch folder under {@code scratch} (empty: the executor's
     * {@code java.io.tmpdir}).
     */
    record Target(String folder, String uri, HashMap<String, String> settings, String scratch) implements Serializable {
        static Target of(SweepStore out, String scratch) {
            if (out.localFolder().isPresent()) return new Target(out.localFolder().get().toAbsolutePath().toString(), null, null, scratch);
            if (out instanceof HadoopStore h) return new Target(null, h.location(), new HashMap<>(h.settings()), scratch);
            throw new IllegalArgumentException("the Spark executor writes to a folder or a Hadoop filesystem URI (SparkSweep.store), not to "
                    + out.getClass().getName());
        }

        /** Runs {@code body} with the sweep's files and the local folder to run in. */
        <T> T run(BiFunction<SweepStore, Path, T> body) {
            if (folder != null) return body.apply(SweepStore.folder(Path.of(folder)), Path.of(folder));
            Path root = Path.of(scratch.isEmpty() ? System.getProperty("java.io.tmpdir") : scratch);
            return SweepWorker.inScratch(root, work -> body.apply(HadoopStore.open(uri, settings), work));
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
