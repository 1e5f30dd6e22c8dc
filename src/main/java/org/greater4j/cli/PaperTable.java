package org.greater4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.greater4j.task.PaperResults;

/**
 * The GReaTer paper's published numbers for the benchmark a task belongs to ({@link PaperResults}),
 * for display beside an evaluation: only Table 1 (and, for BBH, the Table 3 transfer averages); the
 * paper reports BBH as an average over 21 tasks, so no per-task number is shown or made up.
 */
final class PaperTable {
    private PaperTable() {}

    /** Lines to print under an evaluation of {@code task}; empty when the paper has no number for it. */
    static List<String> lines(String task) {
        Optional<String> bench = PaperResults.benchmarkOf(task);
        if (bench.isEmpty()) return List.of();
        PaperResults paper = PaperResults.load();
        String b = bench.get();
        List<String> out = new ArrayList<>();
        out.add("paper, Table 1 (" + paper.benchmarks().get(b) + "), accuracy %"
                + (b.equals("bbh") ? "; an average, not this task's number" : "") + ":");
        List<String> models = List.of(PaperResults.LLAMA3_8B, PaperResults.GEMMA2_9B);
        out.add(String.format("  %-14s %20s %14s", "method", models.get(0), models.get(1)));
        Set<String> methods = new LinkedHashSet<>();
        for (PaperResults.Result r : paper.table1()) if (r.benchmark().equals(b)) methods.add(r.method());
        for (String m : methods) {
            out.add(String.format("  %-14s %20s %14s", m, cell(paper, m, models.get(0), b), cell(paper, m, models.get(1), b)));
        }
        if (b.equals("bbh")) {
            out.add("paper, Table 3 (" + paper.benchmarks().get("bbh-5") + "), prompt transfer, accuracy %:");
            for (PaperResults.Result r : paper.table3()) {
                out.add(String.format("  %-8s optimized by %-20s on %-20s %5.1f", r.method(), r.optimizedBy().orElse("?"),
                        r.model(), r.accuracy()));
            }
        }
        return out;
    }

    private static String cell(PaperResults paper, String method, String model, String bench) {
        var a = paper.accuracy(method, model, bench);
        return a.isPresent() ? String.format("%.1f", a.getAsDouble()) : "-";
    }

    /**
     * The same numbers as JSON: {@code {"benchmark", "description", "table1": [{method, model,
     * accuracyPercent}], "table3": [...]}} (Table 3 for BBH only), or empty.
     */
    static Optional<ObjectNode> json(String task) {
        Optional<String> bench = PaperResults.benchmarkOf(task);
        if (bench.isEmpty()) return Optional.empty();
        PaperResults paper = PaperResults.load();
        String b = bench.get();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("benchmark", b);
        o.put("description", paper.benchmarks().get(b));
        ArrayNode t1 = o.putArray("table1");
        for (PaperResults.Result r : paper.table1()) if (r.benchmark().equals(b)) t1.add(result(r));
        if (b.equals("bbh")) {
            ArrayNode t3 = o.putArray("table3");
            for (PaperResults.Result r : paper.table3()) t3.add(result(r));
        }
        return Optional.of(o);
    }

    private static ObjectNode result(PaperResults.Result r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("method", r.method());
        r.optimizedBy().ifPresent(x -> n.put("optimizedBy", x));
        n.put("model", r.model());
        n.put("benchmark", r.benchmark());
        n.put("accuracyPercent", r.accuracy());
        return n;
    }
}
