package org.greater4j.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.greater4j.task.PaperResults;
import org.greater4j.task.Tasks;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** {@link SweepResults#paperTable()}: the paper's Table 1 numbers ({@link PaperResults}) and the sweep's, in one layout. */
final class PaperLayout {
    private static final Map<String, String> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("gsm8k", "GSM8K");
        BENCHMARKS.put("bbh", "BBH");
        BENCHMARKS.put("folio", "FOLIO");
    }

    private PaperLayout() {}

    /** The column a task's accuracy goes to: its paper benchmark, else the task's own name. */
    static String column(String task) {
        Optional<String> b = PaperResults.benchmarkOf(task);
        return b.isPresent() ? BENCHMARKS.get(b.get()) : task;
    }

    static Table of(List<CellResult> cells) {
        PaperResults paper = PaperResults.load();
        Set<String> columns = new LinkedHashSet<>(BENCHMARKS.values());
        for (CellResult r : cells) columns.add(column(r.task()));
        StringColumn method = StringColumn.create("method");
        StringColumn model = StringColumn.create("model");
        StringColumn source = StringColumn.create("source");
        Map<String, DoubleColumn> acc = new LinkedHashMap<>();
        for (String c : columns) acc.put(c, DoubleColumn.create(c));
        IntColumn n = IntColumn.create("cells");
        DoubleColumn secs = DoubleColumn.create("meanSeconds");

        Set<String> methods = new LinkedHashSet<>();
        for (PaperResults.Result r : paper.table1()) methods.add(r.method());
        for (String m : methods) {
            for (String pm : List.of(PaperResults.LLAMA3_8B, PaperResults.GEMMA2_9B)) {
                method.append(m);
                model.append(pm);
                source.append("paper");
                for (var e : acc.entrySet()) {
                    String bench = BENCHMARKS.entrySet().stream().filter(b -> b.getValue().equals(e.getKey())).map(Map.Entry::getKey)
                            .findFirst().orElse(null);
                    OptionalDouble v = bench == null ? OptionalDouble.empty() : paper.accuracy(m, pm, bench);
                    if (v.isPresent()) e.getValue().append(v.getAsDouble());
                    else e.getValue().appendMissing();
                }
                n.appendMissing();
                secs.appendMissing();
            }
        }
        Set<String> models = new LinkedHashSet<>();
        Set<String> presets = new LinkedHashSet<>();
        for (CellResult r : cells) {
            models.add(r.model());
            presets.add(r.preset());
        }
        for (String m : models) {
            List<CellResult> mine = cells.stream().filter(r -> r.model().equals(m)).toList();
            row(method, model, source, acc, n, secs, "initial prompt", m, mine, CellResult::initialAccuracy);
            for (String p : presets) {
                List<CellResult> rows = mine.stream().filter(r -> r.preset().equals(p)).toList();
                if (!rows.isEmpty()) row(method, model, source, acc, n, secs, "GReaTer (" + p + ")", m, rows, CellResult::testAccuracy);
            }
        }
        Table t = Table.create(caption(cells), method, model, source);
        acc.values().forEach(t::addColumns);
        t.addColumns(n, secs);
        for (DoubleColumn c : acc.values()) c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        secs.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return t;
    }

    private static void row(StringColumn method, StringColumn model, StringColumn source, Map<String, DoubleColumn> acc, IntColumn n,
                            DoubleColumn secs, String label, String m, List<CellResult> rows, ToDoubleFunction<CellResult> value) {
        method.append(label);
        model.append(m);
        source.append("greater4j");
        for (var e : acc.entrySet()) {
            // mean over seeds per task, then over the tasks of the column (BBH: the mean of its tasks, as the paper's)
            Map<String, List<Double>> byTask = new LinkedHashMap<>();
            for (CellResult r : rows) {
                if (column(r.task()).equals(e.getKey())) byTask.computeIfAbsent(r.task(), k -> new ArrayList<>()).add(value.applyAsDouble(r));
            }
            if (byTask.isEmpty()) {
                e.getValue().appendMissing();
                continue;
            }
            double s = 0;
            for (List<Double> v : byTask.values()) s += v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            e.getValue().append(100 * s / byTask.size());
        }
        n.append(rows.size());
        secs.append(rows.stream().mapToDouble(CellResult::seconds).average().orElse(Double.NaN));
    }

    private static String caption(List<CellResult> cells) {
        long bbh = cells.stream().map(CellResult::task).distinct().filter(t -> column(t).equals("BBH")).count();
        String split = cells.isEmpty() ? "test" : cells.get(0).split();
        return String.format(Locale.ROOT, "Table 1 layout: accuracy %% on the %s split; paper rows from %s%s", split,
                "GReaTer (ICLR 2025) Table 1",
                bbh > 0 ? "; BBH here is the mean of " + bbh + " of the paper's " + Tasks.paperBbhTasks().size() + " tasks" : "");
    }
}
