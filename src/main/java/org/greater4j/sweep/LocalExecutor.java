package org.greater4j.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a sweep on this machine: with one worker, the cells in order in this process; with {@code N}, in {@code N} worker
 * processes ({@code java -cp <this classpath> org.greater4j.sweep.SweepWorker}), the cells split into contiguous parts of
 * the model-ordered list, worker {@code i} on device {@code devices[i % devices.size()]} (one process per GPU:
 * {@code gpu:0}, {@code gpu:1}, ...), each with {@code OMP_NUM_THREADS} = cores / N unless set. A failed cell (in-process) or worker (a process that exits non-zero) is tried
 * again up to {@code maxFailures} times in all, resuming from the cells' checkpoints.
 *
 * @param workers     worker processes (1: this process)
 * @param devices     devices of the workers ({@code cpu}, {@code gpu}, {@code gpu:N})
 * @param maxFailures attempts per cell or worker before the sweep fails (as Spark's {@code spark.task.maxFailures})
 */
public record LocalExecutor(int workers, List<String> devices, int maxFailures) implements SweepExecutor {

    /** Checks the values. */
    public LocalExecutor {
        if (workers < 1) throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        if (maxFailures < 1) throw new IllegalArgumentException("--max-failures must be >= 1, got " + maxFailures);
        devices = List.copyOf(devices == null || devices.isEmpty() ? List.of("cpu") : devices);
        devices.forEach(CellRunner::device);
    }

    /** {@code workers} workers on the CPU, one attempt each. */
    public LocalExecutor(int workers) {
        this(workers, List.of("cpu"), 1);
    }

    @Override
    public void execute(Grid grid, SweepStore store, CellRunner.Progress progress) {
        Path out = store.localFolder().orElseThrow(() -> new IllegalArgumentException("the local executor writes to a folder, and "
                + store.location() + " is not one; use --executor spark for a Hadoop filesystem URI, or a local or shared path"));
        List<Cell> todo = Sweep.unfinished(grid, store);
        if (workers == 1) {
            try (CellRunner r = new CellRunner(grid, out, CellRunner.device(devices.get(0)), progress)) {
                for (Cell c : todo) attempt(c.id(), () -> r.run(c), progress, c);
                if (grid.transfer()) {
                    for (var e : Sweep.transferSources(grid, store).entrySet()) {
                        attempt("transfer to " + e.getKey(), () -> r.transfer(e.getKey(), e.getValue()), progress,
                                e.getValue().get(0));
                    }
                }
            }
            return;
        }
        List<List<Cell>> parts = Sweep.partition(todo, workers);
        processes(out, parts.size(), i -> ids(parts.get(i)), i -> null);
        if (grid.transfer()) {
            List<Map.Entry<String, List<Cell>>> t = new ArrayList<>(Sweep.transferSources(grid, store).entrySet());
            processes(out, t.size(), i -> ids(t.get(i).getValue()), i -> t.get(i).getKey());
        }
    }

    private void attempt(String what, Runnable body, CellRunner.Progress progress, Cell c) {
        for (int a = 1; ; a++) {
            try {
                body.run();
                return;
            } catch (RuntimeException e) {
                if (a >= maxFailures) throw new IllegalStateException(what + " failed " + a + " time(s): " + e.getMessage(), e);
                progress.report(c, "failed (attempt " + a + " of " + maxFailures + "): " + e.getMessage() + "; trying again from its checkpoint");
            }
        }
    }

    private static String ids(List<Cell> cells) {
        return String.join(",", cells.stream().map(Cell::id).toList());
    }

    /** Runs {@code n} worker processes at once (each retried up to maxFailures), waiting for all. */
    private void processes(Path out, int n, Function<Integer, String> cells, Function<Integer, String> transferTo) {
        List<Thread> threads = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int w = i;
            Thread t = new Thread(() -> {
                String device = devices.get(w % devices.size());
                for (int a = 1; ; a++) {
                    int code = spawn(out, device, cells.apply(w), transferTo.apply(w));
                    if (code == 0) return;
                    if (a >= maxFailures) {
                        synchronized (failures) {
                            failures.add("worker " + w + " (" + device + ") exited with " + code + " " + a + " time(s)");
                        }
                        return;
                    }
                    System.err.println("sweep: worker " + w + " exited with " + code + " (attempt " + a + " of " + maxFailures
                            + "); starting it again, its cells resume from their checkpoints");
                }
            }, "sweep-worker-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the sweep's workers", e);
            }
        }
        if (!failures.isEmpty()) throw new IllegalStateException("sweep workers failed: " + failures + " (see their lines above)");
    }

    private int spawn(Path out, String device, String cells, String transferTo) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SweepWorker.class.getName());
        cmd.addAll(List.of("--out", out.toAbsolutePath().toString(), "--device", device, "--cells", cells));
        if (transferTo != null) cmd.addAll(List.of("--transfer-to", transferTo));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            // N workers share the machine's cores: libtorch's (OpenMP, MKL) threads per worker, unless the user chose
            String threads = String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers)));
            for (String v : List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS")) pb.environment().putIfAbsent(v, threads);
            Process p = pb.start();
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                p.destroy();
                Thread.currentThread().interrupt();
                return -1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a sweep worker (" + cmd.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** This JVM's heap limit and module flags, and the sweep's system properties, for a worker. */
    private static List<String> jvmOptions() {
        List<String> o = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("--add-opens") || a.startsWith("--enable-native-access")
                    || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Dgreater4j.")) {
                o.add(a);
            }
        }
        String fail = System.getProperty(CellRunner.FAIL_ONCE);
        if (fail != null && o.stream().noneMatch(a -> a.startsWith("-D" + CellRunner.FAIL_ONCE + "="))) {
            o.add("-D" + CellRunner.FAIL_ONCE + "=" + fail);
        }
        return o;
    }
}
