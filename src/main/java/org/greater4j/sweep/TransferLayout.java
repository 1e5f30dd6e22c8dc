package org.greater4j.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.greater4j.task.PaperResults;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * {@link SweepResults#transferTable()}: the paper's Table 3 layout, prompts optimized on one model evaluated on the others,
 * with the paper's Table 3 numbers ({@link PaperResults#table3()}) beside where one matches.
 */
final class TransferLayout {
    /** The method of the paper's rows that greater4j's runs stand for. */
    static final String METHOD = "GReaTer";

    private TransferLayout() {}

    /**
     * The paper's model a model name or path stands for: {@link PaperResults#LLAMA3_8B} when it holds
     * {@code llama-3-8b-instruct} (e.g. {@code meta-llama/Meta-Llama-3-8B-Instruct}), {@link PaperResults#GEMMA2_9B} when it
     * holds {@code gemma-2-9b-it}, ignoring case; else empty.
     */
    static Optional<String> paperModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        for (String p : List.of(PaperResults.LLAMA3_8B, PaperResults.GEMMA2_9B)) {
            if (m.contains(p.toLowerCase(Locale.ROOT))) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * The paper's Table 3 accuracy (percent) of GReaTer prompts optimized on {@code source} and evaluated on {@code target},
     * for a task of the paper's BBH (Table 3 is an average over 5 of them; Table 1's benchmarks are matched the same way,
     * by {@link PaperResults#benchmarkOf}); empty when the models are not the paper's or the task is not a paper BBH task.
     */
    static OptionalDouble paper(PaperResults paper, String task, String source, String target) {
        if (!PaperResults.benchmarkOf(task).equals(Optional.of("bbh"))) return OptionalDouble.empty();
        Optional<String> s = paperModel(source);
        Optional<String> t = paperModel(target);
        if (s.isEmpty() || t.isEmpty()) return OptionalDouble.empty();
        return paper.table3().stream().filter(r -> r.method().equals(METHOD) && r.optimizedBy().equals(s) && r.model().equals(t.get()))
                .mapToDouble(PaperResults.Result::accuracy).findFirst();
    }

    static Table of(List<CellResult> cells) {
        PaperResults paper = PaperResults.load();
        Set<String> targets = new LinkedHashSet<>();
        for (CellResult r : cells) targets.add(r.model());
        for (CellResult r : cells) targets.addAll(r.transfer().keySet());
        Map<List<String>, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult r : cells) groups.computeIfAbsent(List.of(r.task(), r.model(), r.preset()), k -> new ArrayList<>()).add(r);

        StringColumn task = StringColumn.create("task");
        StringColumn source = StringColumn.create("optimizedBy");
        StringColumn preset = StringColumn.create("preset");
        IntColumn n = IntColumn.create("cells");
        Map<String, DoubleColumn> on = new LinkedHashMap<>();
        Map<String, DoubleColumn> beside = new LinkedHashMap<>();
        for (String m : targets) {
            on.put(m, DoubleColumn.create("on " + m));
            beside.put(m, DoubleColumn.create("paper on " + m));
        }
        for (var g : groups.entrySet()) {
            String t = g.getKey().get(0);
            String src = g.getKey().get(1);
            task.append(t);
            source.append(src);
            preset.append(g.getKey().get(2));
            n.append(g.getValue().size());
            for (String m : targets) {
                // the final prompt's accuracy on m, the mean over the group's seeds; on its own model, its test accuracy
                OptionalDouble mean = g.getValue().stream().map(r -> m.equals(r.model()) ? Double.valueOf(r.testAccuracy()) : r.transfer().get(m))
                        .filter(Objects::nonNull).mapToDouble(Double::doubleValue).average();
                if (mean.isPresent()) on.get(m).append(100 * mean.getAsDouble());
                else on.get(m).appendMissing();
                OptionalDouble p = m.equals(src) ? OptionalDouble.empty() : paper(paper, t, src, m);
                if (p.isPresent()) beside.get(m).append(p.getAsDouble());
                else beside.get(m).appendMissing();
            }
        }
        Table table = Table.create(caption(cells, paper), task, source, preset, n);
        for (String m : targets) {
            table.addColumns(on.get(m));
            if (beside.get(m).countMissing() < beside.get(m).size()) table.addColumns(beside.get(m));
        }
        for (DoubleColumn c : on.values()) c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        for (DoubleColumn c : beside.values()) c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return table;
    }

    private static String caption(List<CellResult> cells, PaperResults paper) {
        String split = cells.isEmpty() ? "test" : cells.get(0).split();
        return String.format(Locale.ROOT, SweepResults.PERCENT_TABLE + " on the %s split of the final prompt optimized by a model (rows, means "
                + "over seeds) on each model (columns; on its own model: its test accuracy); paper columns: GReaTer (ICLR 2025) Table 3, %s, "
                + "beside rows of the paper's BBH tasks", split, paper.benchmarks().getOrDefault("bbh-5", "bbh-5"));
    }
}
