package org.greater4j.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** Runs the grid's unfinished cells into {@code out}, then gathers and writes the results. */
    public static SweepResults run(Grid grid, Path out, SweepExecutor executor, CellRunner.Progress progress) {
        prepare(grid, out);
        executor.execute(grid, out, progress);
        SweepResults r = SweepResults.gather(grid, out);
        r.write(out);
        return r;
    }

    /**
     * Creates the folder and keeps the grid in it as {@code grid.json} (what workers read); a folder holding another
     * grid is refused.
     *
     * @throws IllegalArgumentException when {@code out} holds another grid
     */
    public static void prepare(Grid grid, Path out) {
        Path f = out.resolve(SweepFiles.GRID_JSON);
        if (Files.exists(f)) {
            Grid old = Grid.read(f);
            if (!old.equals(grid)) {
                throw new IllegalArgumentException(out + " holds another sweep (" + f + "); pass another --out, or the same grid to finish "
                        + "that sweep");
            }
            return;
        }
        SweepFiles.writeAtomically(f, grid.toJson());
    }

    /** The grid a prepared folder holds. */
    public static Grid gridOf(Path out) {
        return Grid.read(out.resolve(SweepFiles.GRID_JSON));
    }

    /** The cells of the grid that have no {@code cell.json} yet, in the grid's order. */
    public static List<Cell> unfinished(Grid grid, Path out) {
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
    public static Map<String, List<Cell>> transferSources(Grid grid, Path out) {
        Map<String, List<Cell>> t = new LinkedHashMap<>();
        for (String m : grid.models()) {
            List<Cell> todo = grid.cells().stream().filter(c -> !c.model().equals(m) && !Files.exists(transferSummary(out, c, m))).toList();
            if (!todo.isEmpty()) t.put(m, todo);
        }
        return t;
    }

    /** Where the evaluation of a cell's final prompt on another model keeps its summary. */
    static Path transferSummary(Path out, Cell c, String model) {
        return SweepFiles.cellDir(out, c).resolve("transfer").resolve(Cell.fileName(model)).resolve("summary.json");
    }
}
