package org.greater4j.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One worker of a sweep: runs some cells of the grid in a sweep's folder with one {@link CellRunner} (each model
 * loaded once), or evaluates other models' final prompts on one model (transfer). The body of a worker process of
 * {@link LocalExecutor} ({@link #main}) and of a Spark task.
 *
 * <pre>
 * java -cp CLASSPATH org.greater4j.sweep.SweepWorker --out DIR --device cpu|gpu:N --cells ID,ID,... [--transfer-to MODEL]
 * </pre>
 */
public final class SweepWorker {
    private SweepWorker() {}

    /**
     * Runs cells of the grid kept in {@code out} on a device.
     *
     * @param out      the sweep's folder (holding {@code grid.json})
     * @param cellIds  the cells' ids
     * @param device   {@code cpu}, {@code gpu} or {@code gpu:N}
     * @param progress progress
     * @return the number of cells finished
     */
    public static int runCells(Path out, List<String> cellIds, String device, CellRunner.Progress progress) {
        return runCells(SweepStore.folder(out), out, cellIds, device, progress);
    }

    /**
     * Runs cells of the grid kept in {@code shared} on a device, in the local folder {@code work}: when {@code shared} is
     * not that folder, each cell's folder is copied down before it runs and up after every checkpoint ({@link CellRunner}).
     *
     * @param shared   where the sweep's files are (holding {@code grid.json})
     * @param work     the local folder to run in ({@code shared}'s own folder, or a scratch folder)
     * @param cellIds  the cells' ids
     * @param device   {@code cpu}, {@code gpu} or {@code gpu:N}
     * @param progress progress
     * @return the number of cells finished
     */
    public static int runCells(SweepStore shared, Path work, List<String> cellIds, String device, CellRunner.Progress progress) {
        return withRunner(shared, work, cellIds, device, progress, (r, cells) -> r.run(cells).size());
    }

    /**
     * Evaluates the final prompts of finished cells on {@code model}.
     *
     * @return the number of prompts evaluated
     */
    public static int runTransfer(Path out, String model, List<String> cellIds, String device, CellRunner.Progress progress) {
        return runTransfer(SweepStore.folder(out), out, model, cellIds, device, progress);
    }

    /**
     * Evaluates the final prompts of finished cells of the sweep kept in {@code shared} on {@code model}, in the local
     * folder {@code work} (as {@link #runCells(SweepStore, Path, List, String, CellRunner.Progress)}).
     *
     * @return the number of prompts evaluated
     */
    public static int runTransfer(SweepStore shared, Path work, String model, List<String> cellIds, String device,
                                  CellRunner.Progress progress) {
        return withRunner(shared, work, cellIds, device, progress, (r, cells) -> r.transfer(model, cells).size());
    }

    /** Applies {@code body} to the cells with a runner in {@code work}, copying to and from {@code shared} unless that is {@code work}. */
    private static int withRunner(SweepStore shared, Path work, List<String> cellIds, String device, CellRunner.Progress progress,
                                  BiFunction<CellRunner, List<Cell>, Integer> body) {
        Grid grid = Sweep.gridOf(shared);
        List<Cell> cells = cellIds.stream().map(grid::cell).toList();
        boolean same = shared.localFolder().map(f -> f.toAbsolutePath().normalize().equals(work.toAbsolutePath().normalize())).orElse(false);
        try (CellRunner r = new CellRunner(grid, work, same ? null : shared, CellRunner.device(device), progress)) {
            return body.apply(r, cells);
        }
    }

    /**
     * Runs {@code body} in a new scratch folder under {@code root} (created when missing), deleted afterwards, also when
     * {@code body} fails: where a worker runs its cells when the sweep's files are elsewhere (a Hadoop filesystem URI).
     *
     * @throws java.io.UncheckedIOException when the folder cannot be made
     */
    public static <T> T inScratch(Path root, Function<Path, T> body) {
        Path work;
        try {
            Files.createDirectories(root);
            work = Files.createTempDirectory(root, "greater4j-sweep-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch folder in " + root + ": " + e.getMessage() + "; check that it is "
                    + "writable", e);
        }
        try {
            return body.apply(work);
        } finally {
            SweepFiles.deleteTree(work);
        }
    }

    /** Progress lines on a stream: {@code [cell id] message}. */
    public static CellRunner.Progress printer(PrintStream err) {
        return (cell, message) -> {
            synchronized (err) {
                err.println("[" + cell.id() + "] " + message);
                err.flush();
            }
        };
    }

    /** A worker process: see the class comment. Exit code 0 when every cell finished, 1 with the error on stderr otherwise. */
    public static void main(String[] args) {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        try {
            Path out = null;
            String device = "cpu";
            String transferTo = null;
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--out" -> out = Path.of(v);
                    case "--device" -> device = v;
                    case "--cells" -> cells.addAll(Arrays.asList(v.split(",")));
                    case "--transfer-to" -> transferTo = v;
                    default -> throw new IllegalArgumentException("unknown option " + a + "; use --out DIR --device D --cells ID,... "
                            + "[--transfer-to MODEL]");
                }
            }
            if (out == null) throw new IllegalArgumentException("--out DIR is required");
            if (transferTo != null) runTransfer(out, transferTo, cells, device, printer(err));
            else runCells(out, cells, device, printer(err));
            System.exit(0);
        } catch (RuntimeException e) {
            err.println("sweep worker failed: " + e);
            System.exit(1);
        }
    }
}
