package org.greater4j.sweep;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        Grid grid = Sweep.gridOf(out);
        List<Cell> cells = cellIds.stream().map(grid::cell).toList();
        try (CellRunner r = new CellRunner(grid, out, CellRunner.device(device), progress)) {
            return r.run(cells).size();
        }
    }

    /**
     * Evaluates the final prompts of finished cells on {@code model}.
     *
     * @return the number of prompts evaluated
     */
    public static int runTransfer(Path out, String model, List<String> cellIds, String device, CellRunner.Progress progress) {
        Grid grid = Sweep.gridOf(out);
        List<Cell> cells = cellIds.stream().map(grid::cell).toList();
        try (CellRunner r = new CellRunner(grid, out, CellRunner.device(device), progress)) {
            return r.transfer(model, cells).size();
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
