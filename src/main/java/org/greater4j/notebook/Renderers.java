package org.greater4j.notebook;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.ModelConfig;
import org.greater4j.optimize.Checkpoint;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.BestPrompt;
import org.greater4j.optimize.Candidates;
import org.greater4j.optimize.Cost;
import org.greater4j.optimize.Evaluated;
import org.greater4j.optimize.PromptState;
import org.greater4j.optimize.Reasoning;
import org.greater4j.optimize.Reasoning.Trace;
import org.greater4j.optimize.Run;
import org.greater4j.optimize.Scores;
import org.greater4j.optimize.Step;
import org.greater4j.optimize.Swap;
import org.greater4j.task.EvaluationRecord;
import org.greater4j.task.EvaluationResult;
import org.greater4j.task.EvaluationSummary;
import org.greater4j.task.Example;
import org.greater4j.task.ExtractorStyle;
import org.greater4j.task.PaperResults;
import org.greater4j.task.Task;

/** The built-in renderers, one per result type (registered by {@link Html}). */
final class Renderers {
    private Renderers() {}

    /** Rows of a reasoning or evaluation table shown at most (the rest is counted). */
    static final int MAX_ROWS = 50;

    /** A renderer from two functions. */
    static <T> Renderer<T> of(Function<T, String> html, Function<T, String> text) {
        return new Renderer<>() {
            @Override
            public String html(T value) {
                return html.apply(value);
            }

            @Override
            public String text(T value) {
                return text.apply(value);
            }
        };
    }

    static void registerBuiltIns() {
        Html.register(Rendered.class, of(Rendered::html, Rendered::text));
        Html.register(Table.class, of(Table::html, Table::text));
        Html.register(Plot.class, of(p -> Plotly.embed(p.figure()), Plot::toString));
        Html.register(LanguageModel.class, of(Renderers::modelHtml, Renderers::modelText));
        Html.register(ModelConfig.class, of(m -> configTable(m).html(), m -> configTable(m).text()));
        Html.register(Task.class, of(Renderers::taskHtml, Renderers::taskText));
        OptimizerRenderers.register();
        Html.register(EvaluationSummary.class, of(s -> summaryTable(s).html(), s -> summaryTable(s).text()));
        Html.register(EvaluationRecord.class, of(r -> recordsTable(List.of(r)).html(), r -> recordsTable(List.of(r)).text()));
        Html.register(EvaluationResult.class, of(Renderers::resultHtml, Renderers::resultText));
        Html.register(PaperResults.class, of(Renderers::paperHtml, Renderers::paperText));
        Html.register(PaperComparison.class, of(Renderers::besidePaperHtml, Renderers::besidePaperText));
        Html.register(Comparison.class, of(Renderers::comparisonHtml, Renderers::comparisonText));
        Html.register(GreaterConfig.class, of(g -> recordTable(g, "optimizer config").html(), g -> recordTable(g, "optimizer config").text()));
        Html.register(Example.class, of(e -> recordTable(e, "example").html(), e -> recordTable(e, "example").text()));
        Html.register(tech.tablesaw.api.Table.class, of(t -> tablesaw(t).html(), t -> tablesaw(t).text()));
        Html.register(org.greater4j.sweep.Grid.class, of(g -> gridTable(g).html(), g -> gridTable(g).text()));
        Html.register(org.greater4j.sweep.SweepResults.class, of(r -> Html.h("Sweep: " + r.cells().size() + " cells")
                + tablesaw(r.paperTable()).html() + (r.hasTransfer() ? tablesaw(r.transferTable()).html() : "") + tablesaw(r.table()).html(),
                r -> r.text()));
    }

    /** A Tablesaw table as a greater4j table (fractions of a column named "...accuracy..." in percent; at most MAX_ROWS rows shown). */
    static Table tablesaw(tech.tablesaw.api.Table t) {
        Table out = Table.of(t.columnNames());
        int shown = Math.min(t.rowCount(), MAX_ROWS);
        boolean fractions = t.name() == null || !t.name().startsWith(org.greater4j.sweep.SweepResults.PERCENT_TABLE.replace("%%", "%"));
        for (int i = 0; i < shown; i++) {
            Object[] row = new Object[t.columnCount()];
            for (int j = 0; j < row.length; j++) {
                var col = t.column(j);
                if (col.isMissing(i)) {
                    row[j] = "-";
                } else if (col.get(i) instanceof Double d) {
                    row[j] = fractions && (col.name().toLowerCase(Locale.ROOT).contains("accuracy") || col.name().startsWith("on ")) ? pct(d)
                            : String.format(Locale.ROOT, "%.1f", d);
                } else {
                    row[j] = col.getString(i);
                }
            }
            out.row(row);
        }
        String more = t.rowCount() > shown ? " (" + (t.rowCount() - shown) + " more rows not shown)" : "";
        return out.caption(t.name() + more);
    }

    static Table gridTable(org.greater4j.sweep.Grid g) {
        return Table.of("key", "value").caption("sweep grid: " + g.cells().size() + " cells")
                .row("models", String.join(", ", g.models()))
                .row("tasks", String.join(", ", g.tasks()))
                .row("presets", String.join(", ", g.presets()))
                .row("seeds", g.seeds())
                .row("steps", g.steps())
                .row("evaluation", g.split() + (g.limit() > 0 ? ", first " + g.limit() + " rows" : ", all rows"));
    }

    // ------------------------------------------------------------------ helpers

    static String pct(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction) : "-";
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }

    static String ci(EvaluationSummary.Interval i) {
        return String.format(Locale.ROOT, "[%.1f, %.1f]", 100 * i.low(), 100 * i.high());
    }

    /** A generic table of a record's components. */
    static Table recordTable(Record r, String caption) {
        Table t = Table.of("field", "value").caption(caption);
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(r);
                t.row(c.getName(), v instanceof int[] a ? Arrays.toString(a) : String.valueOf(v));
            } catch (ReflectiveOperationException e) {
                t.row(c.getName(), "?");
            }
        }
        return t;
    }

    static String okMark(Boolean ok) {
        if (ok == null) return "";
        return ok ? "<span class=\"g4j-ok\">✓</span>" : "<span class=\"g4j-bad\">✗</span>";
    }

    static String okText(Boolean ok) {
        return ok == null ? "" : ok ? "yes" : "no";
    }

    // ------------------------------------------------------------------ model and task

    static Table configTable(ModelConfig m) {
        return Table.of("property", "value").caption("architecture")
                .row("family", m.family())
                .row("layers", m.numLayers())
                .row("hidden size", m.hiddenSize())
                .row("MLP size", m.intermediateSize())
                .row("heads / KV heads", m.numHeads() + " / " + m.numKvHeads())
                .row("head dim", m.headDim())
                .row("vocabulary", m.vocabSize())
                .row("context", m.maxPositions())
                .row("parameters", String.format(Locale.ROOT, "%,d", m.parameterCount()))
                .row("activation", m.activation())
                .row("tied embeddings", m.tieEmbeddings());
    }

    static String modelHtml(LanguageModel m) {
        return Html.h("Model " + m.name()) + "<div class=\"g4j-note\">" + Html.escape(m.toString()) + "</div>"
                + modelTable(m).html();
    }

    static String modelText(LanguageModel m) {
        return "Model " + m.toString() + "\n" + modelTable(m).text();
    }

    private static Table modelTable(LanguageModel m) {
        ModelConfig c = m.config();
        Table t = configTable(c).caption("model");
        t.row("source", m.source());
        t.row("stored dtype", m.storedDtype());
        t.row("tokenizer", m.tokenizer().map(k -> k.source().getFileName() + " (" + k.vocabSize() + " tokens)").orElse("none"));
        t.row("fingerprint", m.fingerprint().length() > 16 ? m.fingerprint().substring(0, 16) : m.fingerprint());
        return t;
    }

    private static Table taskTable(Task t) {
        Table tb = Table.of("property", "value").caption("task " + t.name())
                .row("answer type", t.answerType().label())
                .row("train / dev / test", t.train().size() + " / " + t.dev().size() + " / " + t.test().size())
                .row("in the paper", t.inPaper())
                .row("extractor (Llama-3)", t.extractor(ExtractorStyle.DEFAULT))
                .row("extractor (Gemma-2)", t.extractor(ExtractorStyle.GEMMA2))
                .row("source", t.source());
        for (String n : t.notes()) tb.row("note", n);
        return tb;
    }

    static String taskHtml(Task t) {
        StringBuilder b = new StringBuilder(Html.h("Task " + t.name())).append(taskTable(t).html());
        List<Example> ex = !t.train().isEmpty() ? t.train() : t.test();
        if (!ex.isEmpty()) {
            Example e = ex.get(0);
            b.append(Table.of("id", "question", "answer", "gold").caption("first example")
                    .row(e.id(), e.question(), e.answer(), e.gold()).html());
        }
        return b.toString();
    }

    static String taskText(Task t) {
        String s = "Task " + t + "\n" + taskTable(t).text();
        List<Example> ex = !t.train().isEmpty() ? t.train() : t.test();
        if (!ex.isEmpty()) s += "first example: " + ex.get(0).question() + " -> " + ex.get(0).answer() + "\n";
        return s;
    }

    // ------------------------------------------------------------------ evaluation

    static Table summaryTable(EvaluationSummary s) {
        return Table.of("property", "value").caption("evaluation of " + s.task() + " (" + s.split() + ")")
                .row("model", s.model())
                .row("prompt", s.prompt())
                .row("extractor", s.extractor())
                .row("chat format", s.chatFormat())
                .row("examples", s.n())
                .row("accuracy (a): extractor + greedy answer", pct(s.accuracy()) + " " + ci(s.ci95()) + " (" + s.correct() + "/" + s.n() + ")")
                .row("accuracy (b): parsed from the reasoning", pct(s.accuracyParsed()) + " " + ci(s.ci95Parsed()) + " (" + s.correctParsed() + "/" + s.n() + ")")
                .row("no answer (a) / (b)", s.noAnswer() + " / " + s.noAnswerParsed())
                .row("truncated reasoning", s.truncated() + " (limit " + s.maxNewTokens() + " tokens)")
                .row("mean reasoning tokens", String.format(Locale.ROOT, "%.1f", s.meanReasoningTokens()));
    }

    static Table recordsTable(List<EvaluationRecord> records) {
        Table t = Table.of("#", "question", "reasoning (parsed answer marked)", "after the extractor", "answer (a)", "answer (b)", "gold", "right (a)");
        int shown = 0;
        for (EvaluationRecord r : records) {
            if (shown++ >= MAX_ROWS) break;
            t.row(r.index(), r.question(),
                    Cell.raw("<span class=\"g4j-reasoning\">" + Html.markAnswer(r.reasoning(), r.answerParsed()) + "</span>",
                            Html.markAnswerText(r.reasoning(), r.answerParsed())),
                    Cell.raw(Html.markAnswer(r.continuation(), r.answerExtracted()), r.continuation()),
                    r.answerExtracted() == null ? "-" : r.answerExtracted(), r.answerParsed() == null ? "-" : r.answerParsed(), r.gold(),
                    Cell.raw(okMark(r.correct()), okText(r.correct())));
        }
        if (records.size() > MAX_ROWS) t.caption((records.size() - MAX_ROWS) + " more rows not shown");
        return t;
    }

    static String resultHtml(EvaluationResult r) {
        return Html.h("Evaluation: " + pct(r.summary().accuracy()) + " on " + r.summary().n() + " examples")
                + summaryTable(r.summary()).html() + recordsTable(r.records()).html();
    }

    static String resultText(EvaluationResult r) {
        return summaryTable(r.summary()).text() + recordsTable(r.records()).text();
    }

    // ------------------------------------------------------------------ the paper

    private static final List<String> MODELS = List.of(PaperResults.LLAMA3_8B, PaperResults.GEMMA2_9B);

    private static String cell(PaperResults p, String method, String model, String bench) {
        OptionalDouble a = p.accuracy(method, model, bench);
        return a.isPresent() ? String.format(Locale.ROOT, "%.1f", a.getAsDouble()) : "-";
    }

    private static List<String> methods(PaperResults p) {
        List<String> m = new ArrayList<>();
        for (PaperResults.Result r : p.table1()) if (!m.contains(r.method())) m.add(r.method());
        return m;
    }

    static Table table1(PaperResults p) {
        List<String> head = new ArrayList<>(List.of("method"));
        List<String> benches = List.of("gsm8k", "bbh", "folio");
        for (String b : benches) for (String m : MODELS) head.add(b + " · " + m);
        Table t = Table.of(head).caption("paper, Table 1: accuracy (%)");
        for (String method : methods(p)) {
            List<Object> row = new ArrayList<>(List.of(method));
            for (String b : benches) for (String m : MODELS) row.add(cell(p, method, m, b));
            t.rowWithClass(method.equals("GReaTer") ? "g4j-win" : null, row.toArray());
        }
        return t;
    }

    static Table table3(PaperResults p) {
        Table t = Table.of("method", "prompt optimized by", "evaluated on", "accuracy (%)").caption("paper, Table 3: prompt transfer ("
                + p.benchmarks().getOrDefault("bbh-5", "bbh-5") + ")");
        for (PaperResults.Result r : p.table3()) {
            t.row(r.method(), r.optimizedBy().orElse("-"), r.model(), String.format(Locale.ROOT, "%.1f", r.accuracy()));
        }
        return t;
    }

    static String paperHtml(PaperResults p) {
        return Html.h(p.paper()) + table1(p).html() + table3(p).html();
    }

    static String paperText(PaperResults p) {
        return p.paper() + "\n" + table1(p).text() + table3(p).text();
    }

    static Table besidePaper(PaperComparison pc) {
        PaperResults p = PaperResults.load();
        String b = pc.benchmark();
        Table t = Table.of("source", "method / run", PaperResults.LLAMA3_8B, PaperResults.GEMMA2_9B, "model here", "n", "95% interval")
                .caption(b + ": " + p.benchmarks().get(b) + ", accuracy (%)");
        for (String method : methods(p)) {
            if (p.accuracy(method, MODELS.get(0), b).isEmpty() && p.accuracy(method, MODELS.get(1), b).isEmpty()) continue;
            t.row("paper", method, cell(p, method, MODELS.get(0), b), cell(p, method, MODELS.get(1), b), "", "", "");
        }
        for (PaperComparison.Row r : pc.ours()) {
            if (!pc.comparable(r)) continue;
            EvaluationSummary s = r.summary();
            String acc = String.format(Locale.ROOT, "%.1f", 100 * s.accuracy());
            String model = PaperComparison.modelName(s.model());
            String llama = model.toLowerCase(Locale.ROOT).contains("llama-3") ? acc : "";
            String gemma = model.toLowerCase(Locale.ROOT).contains("gemma-2") ? acc : "";
            t.rowWithClass("g4j-cur", "here", r.label(), llama, gemma, model + ": " + acc, s.n(), ci(s.ci95()));
        }
        return t;
    }

    /** Rows measured on another task or split than the paper's benchmark: beside it, never in its table. */
    static Table apartFromPaper(PaperComparison pc) {
        Table t = Table.of("run", "task", "split", "model", "accuracy (%)", "n", "95% interval")
                .caption("measured here on another task than " + pc.benchmark() + " (not comparable with the paper's numbers)");
        for (PaperComparison.Row r : pc.ours()) {
            if (pc.comparable(r)) continue;
            EvaluationSummary s = r.summary();
            t.row(r.label(), s.task(), s.split(), PaperComparison.modelName(s.model()), String.format(Locale.ROOT, "%.1f", 100 * s.accuracy()),
                    s.n(), ci(s.ci95()));
        }
        return t;
    }

    static String besidePaperHtml(PaperComparison pc) {
        boolean apart = pc.ours().stream().anyMatch(r -> !pc.comparable(r));
        return besidePaper(pc).html() + (apart ? apartFromPaper(pc).html() : "");
    }

    static String besidePaperText(PaperComparison pc) {
        boolean apart = pc.ours().stream().anyMatch(r -> !pc.comparable(r));
        return besidePaper(pc).text() + (apart ? apartFromPaper(pc).text() : "");
    }

    // ------------------------------------------------------------------ comparison

    private static Table comparisonTable(Comparison c) {
        List<String> head = new ArrayList<>(List.of("prompt", "optimized by", "text"));
        for (String m : c.models()) head.add("on " + m);
        Table t = Table.of(head).caption("accuracy (%) of each prompt on each model, task " + c.task());
        for (int i = 0; i < c.prompts().size(); i++) {
            Comparison.Source s = c.prompts().get(i);
            List<Object> row = new ArrayList<>(List.of(s.label(), s.optimizedBy().isEmpty() ? "-" : s.optimizedBy(), s.prompt()));
            for (int j = 0; j < c.models().size(); j++) {
                EvaluationSummary e = c.results().get(i).get(j);
                String v = String.format(Locale.ROOT, "%.1f (%d/%d)", 100 * e.accuracy(), e.correct(), e.n());
                boolean own = c.models().get(j).equals(s.optimizedBy());
                row.add(Cell.raw(own ? "<b>" + Html.escape(v) + "</b>" : Html.escape(v), v + (own ? " *own" : "")));
            }
            t.row(row.toArray());
        }
        return t;
    }

    static String comparisonHtml(Comparison c) {
        return Html.h("Prompt transfer on " + c.task()) + comparisonTable(c).html() + Plotly.embed(Plots.transfer(c).figure())
                + table3(PaperResults.load()).html();
    }

    static String comparisonText(Comparison c) {
        return "Prompt transfer on " + c.task() + "\n" + comparisonTable(c).text() + table3(PaperResults.load()).text();
    }
}
