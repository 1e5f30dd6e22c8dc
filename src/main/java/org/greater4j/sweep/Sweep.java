package org.greater4j.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sweep: a {@link Grid} run by a {@link SweepExecutor} into a folder, its results gathered into {@link SweepResults}
 * ({@code results.json}, {@code results.csv}). Running the same grid into the same folder again finishes what is
 * unfinished and runs nothing else.
 *
 * <pre>{@code
 * SweepResults r = Sweep.run(Grid.read(Path.of("grid.json")), Path.of("runs/sweep"), new LocalExecutor(1), CellRunner.Progress.NONE);
 * }</pre>
 */
public final class Sweep {
    private Sweep() {}

    /** Runs the grid's unfinished cells into the folder {@code out}, then gathers and writes the results. */
    public static SweepResults run(Grid grid, Path out, SweepExecutor executor, CellRunner.Progress progress) {
        return run(grid, SweepStore.folder(out), executor, progress);
    }

    /**
     * Runs the grid's unfinished cells into {@code out} (a folder, or for the Spark executor a Hadoop filesystem URI), then
     * gathers and writes the results there.
     */
    public static SweepResults run(Grid grid, SweepStore out, SweepExecutor executor, CellRunner.Progress progress) {
        prepare(grid, out);
        executor.execute(grid, out, progress);
        SweepResults r = SweepResults.gather(grid, out);
        r.write(out);
        return r;
    }

    /** {@link #prepare(Grid, SweepStore)} in a folder. */
    public static void prepare(Grid grid, Path out) {
        prepare(grid, SweepStore.folder(out));
    }

    /**
     * Keeps the grid in the sweep as {@code grid.json} (what workers read; a folder is created); a sweep holding another
     * grid is refused.
     *
     * @throws IllegalArgumentException when {@code out} holds another grid
     */
    public static void prepare(Grid grid, SweepStore out) {
        Optional<String> text = out.read(SweepFiles.GRID_JSON);
        if (text.isPresent()) {
            Grid old = Grid.parse(text.get(), out.location(SweepFiles.GRID_JSON));
            if (!old.equals(grid)) {
                throw new IllegalArgumentException(out.location() + " holds another sweep (" + out.location(SweepFiles.GRID_JSON)
                        + "); pass another --out, or the same grid to finish that sweep");
            }
            return;
        }
        out.write(SweepFiles.GRID_JSON, grid.toJson());
    }

    /** The grid a prepared folder holds. */
    public static Grid gridOf(Path out) {
        return gridOf(SweepStore.folder(out));
    }

    /** The grid a prepared sweep holds. */
    public static Grid gridOf(SweepStore out) {
        String f = SweepFiles.GRID_JSON;
        return Grid.parse(out.read(f).orElseThrow(() -> new IllegalArgumentException("no " + f + " in " + out.location()
                + "; run `greater sweep GRID.json --out " + out.location() + "` to start the sweep")), out.location(f));
    }

    /** The cells of the grid that have no {@code cell.json} yet, in the grid's order. */
    public static List<Cell> unfinished(Grid grid, SweepStore out) {
        return grid.cells().stream().filter(c -> SweepFiles.finished(out, c).isEmpty()).toList();
    }

    /** Cells grouped by model (the grid's model order): one group per model, each loading its model once. */
    public static List<List<Cell>> byModel(List<Cell> cells) {
        Map<String, List<Cell>> g = new LinkedHashMap<>();
        for (Cell c : cells) g.computeIfAbsent(c.model(), k -> new ArrayList<>()).add(c);
        return List.copyOf(g.values());
    }

    /**
     * Cells split into at most {@code n} contiguous parts of the model-ordered list (sizes differ by at most one), so a
     * worker loads as few models as it can.
     */
    public static List<List<Cell>> partition(List<Cell> cells, int n) {
        List<Cell> sorted = new ArrayList<>();
        byModel(cells).forEach(sorted::addAll);
        List<List<Cell>> parts = new ArrayList<>();
        int k = Math.max(1, Math.min(n, sorted.size()));
        int from = 0;
        for (int i = 0; i < k; i++) {
            int size = sorted.size() / k + (i < sorted.size() % k ? 1 : 0);
            if (size > 0) parts.add(List.copyOf(sorted.subList(from, from + size)));
            from += size;
        }
        return parts;
    }

    /**
     * For each model of the grid, the cells of the other models whose final prompt is not yet evaluated on it (what a
     * transfer runs); models with nothing left are left out.
     */
    public static Map<String, List<Cell>> transferSources(Grid grid, SweepStore out) {
        Map<String, List<Cell>> t = new LinkedHashMap<>();
        for (String m : grid.models()) {
            List<Cell> todo = grid.cells().stream().filter(c -> !c.model().equals(m) && !out.exists(transferSummary(c, m))).toList();
            if (!todo.isEmpty()) t.put(m, todo);
        }
        return t;
    }

    /** Where the evaluation of a cell's final prompt on another model keeps its summary, relative to the sweep's root. */
    static String transferSummary(Cell c, String model) {
        return SweepFiles.transferPath(c, model) + "/" + SweepFiles.SUMMARY_JSON;
    }
}
