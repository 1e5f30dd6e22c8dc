package org.greater4j.sweep;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * A sweep's results, one {@link CellResult} per cell in the grid's order: what {@code results.json} holds. {@link #table()}
 * is one row per cell (a Tablesaw table, also {@code results.csv}); {@link #paperTable()} is the paper's Table 1 layout
 * with the paper's numbers beside; {@link #transferTable()} the paper's Table 3 layout (also {@code results-transfer.csv}).
 * An immutable value.
 *
 * <pre>{@code
 * var results = SweepResults.read(Path.of("runs/sweep"));
 * results.table();        // model, task, preset, seed, prompts, accuracies, cost
 * results.paperTable();   // method x model rows, GSM8K / BBH / FOLIO (and other tasks) columns, paper rows first
 * results.transferTable(); // task x optimizedBy x preset rows, one column per model the final prompt was evaluated on
 * }</pre>
 *
 * @param cells the cells' results
 */
public record SweepResults(List<CellResult> cells) {

    /** Copies the list. */
    public SweepResults {
        cells = List.copyOf(cells);
    }

    /**
     * Reads {@code results.json} of a finished sweep's folder.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not a sweep's results
     */
    public static SweepResults read(Path dir) {
        return read(SweepStore.folder(dir));
    }

    /**
     * Reads {@code results.json} of a finished sweep (a folder, or a Hadoop filesystem URI through
     * {@code spark.SparkSweep.store}).
     *
     * @throws IllegalArgumentException naming the file when it is missing or not a sweep's results
     */
    public static SweepResults read(SweepStore out) {
        String f = SweepFiles.RESULTS_JSON;
        String text = out.read(f).orElseThrow(() -> new IllegalArgumentException("no " + f + " in " + out.location()
                + "; run `greater sweep GRID.json --out " + out.location() + "` first (it writes the file when every cell is finished)"));
        try {
            return new SweepResults(SweepFiles.MAPPER.readValue(text, new TypeReference<List<CellResult>>() { }));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the sweep results " + out.location(f) + ": " + e.getMessage(), e);
        }
    }

    /** {@link #gather(Grid, SweepStore)} from a folder. */
    public static SweepResults gather(Grid grid, Path out) {
        return gather(grid, SweepStore.folder(out));
    }

    /**
     * The results the cells' folders hold: every cell's {@code cell.json}, with the transfer evaluations (the final prompt
     * on each other model) when the grid asks for them.
     *
     * @throws IllegalStateException naming the cells that are not finished
     */
    public static SweepResults gather(Grid grid, SweepStore out) {
        List<CellResult> rs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Cell c : grid.cells()) {
            var r = SweepFiles.finished(out, c);
            if (r.isEmpty()) {
                missing.add(c.id());
                continue;
            }
            rs.add(grid.transfer() ? r.get().withTransfer(transfers(grid, out, c)) : r.get());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("unfinished cells in " + out.location() + ": " + missing + "; run the sweep again to finish them");
        }
        return new SweepResults(rs);
    }

    private static Map<String, Double> transfers(Grid grid, SweepStore out, Cell c) {
        Map<String, Double> t = new LinkedHashMap<>();
        for (String m : grid.models()) {
            if (m.equals(c.model())) continue;
            String f = Sweep.transferSummary(c, m);
            String text = out.read(f).orElseThrow(() -> new IllegalStateException("the transfer of cell " + c.id() + " to " + m
                    + " is not finished (" + out.location(f) + ")"));
            try {
                t.put(m, SweepFiles.MAPPER.readTree(text).get("accuracy").asDouble());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + out.location(f) + ": " + e.getMessage(), e);
            }
        }
        return t;
    }

    /** Writes {@code results.json}, {@code results.csv} and, with transfers, {@code results-transfer.csv} into {@code dir}. */
    public void write(Path dir) {
        write(SweepStore.folder(dir));
    }

    /**
     * Writes {@code results.json} ({@link #cells()}), {@code results.csv} ({@link #table()}) and, when the cells hold
     * transfers, {@code results-transfer.csv} ({@link #transferTable()}) into the sweep, each atomically.
     */
    public void write(SweepStore out) {
        out.write(SweepFiles.RESULTS_JSON, SweepFiles.json(cells));
        out.write(SweepFiles.RESULTS_CSV, csv(table()));
        if (hasTransfer()) out.write(SweepFiles.RESULTS_TRANSFER_CSV, csv(transferTable()));
    }

    private static String csv(Table t) {
        StringWriter w = new StringWriter();
        t.write().csv(w);
        return w.toString();
    }

    /** True when some cell holds the accuracy of its final prompt on another model (a grid with {@code "transfer": true}). */
    public boolean hasTransfer() {
        return cells.stream().anyMatch(r -> !r.transfer().isEmpty());
    }

    /**
     * One row per cell: cell, model, task, preset, seed, initialPrompt, finalPrompt, steps, split, n, initialAccuracy,
     * testAccuracy (and the parsed readings), optimizeSeconds, evaluateSeconds, generatedTokens, forwardTokens,
     * backwardTokens, then {@code on <model>} per transfer model. Accuracies are fractions.
     */
    public Table table() {
        Table t = Table.create("sweep results");
        t.addColumns(StringColumn.create("cell", cells.stream().map(CellResult::cell)),
                StringColumn.create("model", cells.stream().map(CellResult::model)),
                StringColumn.create("task", cells.stream().map(CellResult::task)),
                StringColumn.create("preset", cells.stream().map(CellResult::preset)),
                LongColumn.create("seed", cells.stream().mapToLong(CellResult::seed)),
                StringColumn.create("initialPrompt", cells.stream().map(CellResult::initialPrompt)),
                StringColumn.create("finalPrompt", cells.stream().map(CellResult::finalPrompt)),
                IntColumn.create("steps", cells.stream().mapToInt(CellResult::steps)),
                StringColumn.create("split", cells.stream().map(CellResult::split)),
                IntColumn.create("n", cells.stream().mapToInt(CellResult::n)),
                DoubleColumn.create("initialAccuracy", cells.stream().mapToDouble(CellResult::initialAccuracy)),
                DoubleColumn.create("testAccuracy", cells.stream().mapToDouble(CellResult::testAccuracy)),
                DoubleColumn.create("initialAccuracyParsed", cells.stream().mapToDouble(CellResult::initialAccuracyParsed)),
                DoubleColumn.create("testAccuracyParsed", cells.stream().mapToDouble(CellResult::testAccuracyParsed)),
                DoubleColumn.create("optimizeSeconds", cells.stream().mapToDouble(CellResult::optimizeSeconds)),
                DoubleColumn.create("evaluateSeconds", cells.stream().mapToDouble(CellResult::evaluateSeconds)),
                LongColumn.create("generatedTokens", cells.stream().mapToLong(CellResult::generatedTokens)),
                LongColumn.create("forwardTokens", cells.stream().mapToLong(CellResult::forwardTokens)),
                LongColumn.create("backwardTokens", cells.stream().mapToLong(CellResult::backwardTokens)));
        TreeSet<String> targets = new TreeSet<>();
        for (CellResult r : cells) targets.addAll(r.transfer().keySet());
        for (String m : targets) {
            DoubleColumn col = DoubleColumn.create("on " + m);
            for (CellResult r : cells) {
                Double v = r.transfer().get(m);
                if (v == null) col.appendMissing();
                else col.append(v);
            }
            t.addColumns(col);
        }
        return t;
    }

    /**
     * The paper's Table 1 layout: a row per method and model, a column per benchmark (GSM8K, BBH, FOLIO, then the sweep's
     * tasks that are not in the paper), accuracy in percent. The paper's rows come first; then, per model of the sweep,
     * its initial prompt and GReaTer with each preset (means over seeds; BBH is the mean over the sweep's paper BBH
     * tasks, the paper's over 21), with the number of cells and their mean seconds.
     */
    public Table paperTable() {
        return PaperLayout.of(cells);
    }

    /** How the name of a table whose accuracy columns already hold percent (not fractions) begins: the Table 3 layout. */
    public static final String PERCENT_TABLE = "Table 3 layout: accuracy %%";

    /**
     * The paper's Table 3 layout (prompt transfer): a row per task, model that optimized the prompt ({@code optimizedBy}) and
     * preset, a column {@code on <model>} per model of the sweep holding the accuracy in percent of that final prompt on it
     * (means over seeds; on the prompt's own model its test accuracy, the diagonal), and a column {@code paper on <model>}
     * beside it where the paper's Table 3 has the number: GReaTer prompts optimized on Llama-3-8B-Instruct or Gemma-2-9B-it
     * (a model whose name holds {@code llama-3-8b-instruct} / {@code gemma-2-9b-it}) evaluated on the other, for rows of
     * the paper's BBH tasks (the paper's number is its average over 5 BBH tasks). Without transfers (a grid without
     * {@code "transfer": true}) only the diagonal is filled.
     */
    public Table transferTable() {
        return TransferLayout.of(cells);
    }

    /** The per-cell table, the paper table and, with transfers, the transfer table as text (what {@code greater sweep} prints). */
    public String text() {
        Table all = table();
        List<String> cols = new ArrayList<>(List.of("model", "task", "preset", "seed", "initialAccuracy", "testAccuracy"));
        all.columnNames().stream().filter(n -> n.startsWith("on ")).forEach(cols::add);
        cols.addAll(List.of("optimizeSeconds", "evaluateSeconds", "finalPrompt"));
        Table brief = all.selectColumns(cols.toArray(String[]::new));
        brief.doubleColumn("optimizeSeconds").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        brief.doubleColumn("evaluateSeconds").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        brief.setName("cells (accuracy on the " + (cells.isEmpty() ? "test" : cells.get(0).split()) + " split, fractions)");
        return brief.printAll() + "\n\n" + paperTable().printAll() + "\n" + (hasTransfer() ? "\n" + transferTable().printAll() + "\n" : "");
    }
}
