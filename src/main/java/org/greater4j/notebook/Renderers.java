package org.greater4j.notebook;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiFunction;
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
    static <T> Renderer<T> of(BiFunction<T, RenderContext, String> html, BiFunction<T, RenderContext, String> text) {
        return new Renderer<>() {
            @Override
            public String html(T value, RenderContext ctx) {
                return html.apply(value, ctx);
            }

            @Override
            public String text(T value, RenderContext ctx) {
                return text.apply(value, ctx);
            }
        };
    }

    static void registerBuiltIns() {
        Html.register(Rendered.class, of((r, c) -> r.html(), (r, c) -> r.text()));
        Html.register(Table.class, of((t, c) -> t.html(), (t, c) -> t.text()));
        Html.register(Plot.class, of((p, c) -> Plotly.embed(p.figure()), (p, c) -> p.toString()));
        Html.register(LanguageModel.class, of(Renderers::modelHtml, Renderers::modelText));
        Html.register(ModelConfig.class, of((m, c) -> configTable(m).html(), (m, c) -> configTable(m).text()));
        Html.register(Task.class, of(Renderers::taskHtml, Renderers::taskText));
        Html.register(PromptState.class, of(Renderers::promptHtml, Renderers::promptText));
        Html.register(Candidates.class, of(Renderers::candidatesHtml, Renderers::candidatesText));
        Html.register(Trace.class, of(Renderers::traceHtml, Renderers::traceText));
        Html.register(Reasoning.class, of(Renderers::reasoningHtml, Renderers::reasoningText));
        Html.register(Scores.class, of(Renderers::scoresHtml, Renderers::scoresText));
        Html.register(Evaluated.class, of((e, c) -> evaluatedTable(List.of(e), -1, c).html(), (e, c) -> evaluatedTable(List.of(e), -1, c).text()));
        Html.register(Swap.class, of(Renderers::swapHtml, Renderers::swapText));
        Html.register(Cost.class, of((x, c) -> costTable(x).html(), (x, c) -> costTable(x).text()));
        Html.register(Step.class, of(Renderers::stepHtml, Renderers::stepText));
        Html.register(BestPrompt.class, of((b, c) -> bestTable(List.of(b)).html(), (b, c) -> bestTable(List.of(b)).text()));
        Html.register(Run.class, of(Renderers::runHtml, Renderers::runText));
        Html.register(Checkpoint.class, of(Renderers::checkpointHtml, Renderers::checkpointText));
        Html.register(EvaluationSummary.class, of((s, c) -> summaryTable(s).html(), (s, c) -> summaryTable(s).text()));
        Html.register(EvaluationRecord.class, of((r, c) -> recordsTable(List.of(r)).html(), (r, c) -> recordsTable(List.of(r)).text()));
        Html.register(EvaluationResult.class, of(Renderers::resultHtml, Renderers::resultText));
        Html.register(PaperResults.class, of(Renderers::paperHtml, Renderers::paperText));
        Html.register(PaperComparison.class, of((p, c) -> besidePaper(p).html(), (p, c) -> besidePaper(p).text()));
        Html.register(Comparison.class, of(Renderers::comparisonHtml, Renderers::comparisonText));
        Html.register(GreaterConfig.class, of((g, c) -> recordTable(g, "optimizer config").html(), (g, c) -> recordTable(g, "optimizer config").text()));
        Html.register(Example.class, of((e, c) -> recordTable(e, "example").html(), (e, c) -> recordTable(e, "example").text()));
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

    /** The prompt's tokens as chips; the token at {@code mark} gets {@code markClass}. */
    static String chips(int[] ids, int mark, String markClass, RenderContext ctx) {
        StringBuilder b = new StringBuilder("<div class=\"g4j-prompt\">");
        for (int i = 0; i < ids.length; i++) b.append(Html.chip(ctx.token(ids[i]), ids[i], i == mark ? markClass : null));
        return b.append("</div>").toString();
    }

    /** The prompt's tokens as text: {@code |tok|tok|>>tok<<|}. */
    static String chipsText(int[] ids, int mark, RenderContext ctx) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < ids.length; i++) {
            String t = Html.visible(ctx.token(ids[i]));
            b.append(i == mark ? ">>" + t + "<<" : t).append('|');
        }
        return b.toString();
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

    static String modelHtml(LanguageModel m, RenderContext ctx) {
        return Html.h("Model " + m.source().getFileName()) + "<div class=\"g4j-note\">" + Html.escape(m.toString()) + "</div>"
                + modelTable(m).html();
    }

    static String modelText(LanguageModel m, RenderContext ctx) {
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

    static String taskHtml(Task t, RenderContext ctx) {
        StringBuilder b = new StringBuilder(Html.h("Task " + t.name())).append(taskTable(t).html());
        List<Example> ex = !t.train().isEmpty() ? t.train() : t.test();
        if (!ex.isEmpty()) {
            Example e = ex.get(0);
            b.append(Table.of("id", "question", "answer", "gold").caption("first example")
                    .row(e.id(), e.question(), e.answer(), e.gold()).html());
        }
        return b.toString();
    }

    static String taskText(Task t, RenderContext ctx) {
        String s = "Task " + t + "\n" + taskTable(t).text();
        List<Example> ex = !t.train().isEmpty() ? t.train() : t.test();
        if (!ex.isEmpty()) s += "first example: " + ex.get(0).question() + " -> " + ex.get(0).answer() + "\n";
        return s;
    }

    // ------------------------------------------------------------------ prompt and proposal

    static String promptHtml(PromptState p, RenderContext ctx) {
        return Html.h("Prompt: " + p.ids().length + " tokens, optimizing position " + p.position())
                + chips(p.ids(), p.position(), "g4j-pos", ctx)
                + "<div class=\"g4j-note\">text: " + Html.escape(ctx.prompt(p.ids())) + " &nbsp; (initial length " + p.initialLength()
                + ", restarts " + p.restarts() + ")</div>";
    }

    static String promptText(PromptState p, RenderContext ctx) {
        return "Prompt (" + p.ids().length + " tokens, position " + p.position() + "): " + chipsText(p.ids(), p.position(), ctx)
                + "\n  text: " + ctx.prompt(p.ids());
    }

    private static Table candidatesTable(Candidates c, int current, RenderContext ctx) {
        int[] votes = Plots.votes(c);
        int n = c.topk().length;
        Integer[] order = new Integer[c.tokens().length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> votes[a] != votes[b] ? Integer.compare(votes[b], votes[a]) : Integer.compare(a, b));
        Table t = Table.of("#", "token", "id", "votes", "best rank", "mean rank").caption(c.tokens().length + " candidates at position "
                + c.position() + " (top-" + c.k() + " of " + n + " examples, " + c.intersections().size() + " intersections"
                + (c.currentAdded() ? "; the current token added" : "") + ")");
        int row = 1;
        for (int j : order) {
            int tok = c.tokens()[j];
            int best = Integer.MAX_VALUE;
            double sum = 0;
            int cnt = 0;
            for (int[] r : c.topk()) {
                for (int k = 0; k < r.length; k++) {
                    if (r[k] == tok) {
                        best = Math.min(best, k + 1);
                        sum += k + 1;
                        cnt++;
                    }
                }
            }
            String tokHtml = Html.chip(ctx.token(tok), tok, tok == current ? "g4j-pos" : null);
            Cell tokCell = Cell.raw(tokHtml, "'" + ctx.token(tok) + "'" + (tok == current ? " (current)" : ""));
            Cell voteCell = Cell.raw(Html.bar(n == 0 ? 0 : (double) votes[j] / n) + " " + votes[j] + "/" + n, votes[j] + "/" + n);
            t.rowWithClass(tok == current ? "g4j-cur" : null, row++, tokCell, tok, voteCell, best == Integer.MAX_VALUE ? "-" : best,
                    cnt == 0 ? "-" : String.format(Locale.ROOT, "%.1f", sum / cnt));
        }
        return t;
    }

    // the current token is not part of Candidates: a Step marks it (its state knows it)
    static String candidatesHtml(Candidates c, RenderContext ctx) {
        return candidatesHtml(c, c.current(), ctx);
    }

    static String candidatesHtml(Candidates c, int current, RenderContext ctx) {
        return Html.h("Candidates for position " + c.position()) + candidatesTable(c, current, ctx).html()
                + Plotly.embed(Plots.candidates(c, current, ctx).figure());
    }

    static String candidatesText(Candidates c, RenderContext ctx) {
        return candidatesTable(c, c.current(), ctx).text();
    }

    // ------------------------------------------------------------------ reasoning

    private static Boolean correct(RenderContext ctx, Example e, String answer) {
        if (ctx.answerType() == null || e == null) return null;
        return ctx.answerType().isCorrect(answer == null || answer.isEmpty() ? Optional.empty() : Optional.of(answer), e.gold());
    }

    static String traceHtml(Trace t, RenderContext ctx) {
        return "<div class=\"g4j-reasoning\">" + Html.markAnswer(t.text(), t.answer()) + "</div><div class=\"g4j-note\">answer: "
                + Html.escape(t.answer().isEmpty() ? "(none found)" : t.answer()) + ", " + t.tokens().length + " tokens</div>";
    }

    static String traceText(Trace t, RenderContext ctx) {
        return Html.markAnswerText(t.text(), t.answer()) + "\n  answer: " + (t.answer().isEmpty() ? "(none found)" : t.answer());
    }

    static String reasoningHtml(Reasoning r, RenderContext ctx) {
        StringBuilder b = new StringBuilder(Html.h("Reasoning under: " + ctx.prompt(r.promptIds())));
        b.append("<table class=\"g4j-table\"><thead><tr><th>#</th><th>question</th><th>reasoning (answer marked)</th><th>answer</th>"
                + "<th>gold</th><th>right</th></tr></thead><tbody>");
        int right = 0;
        int judged = 0;
        List<Trace> traces = r.traces();
        for (int i = 0; i < traces.size(); i++) {
            Trace t = traces.get(i);
            Example e = ctx.example(i);
            Boolean ok = correct(ctx, e, t.answer());
            if (ok != null) {
                judged++;
                if (ok) right++;
            }
            if (i >= MAX_ROWS) continue;
            b.append("<tr><td>").append(i).append("</td><td>").append(Html.escape(e == null ? "" : e.question()))
                    .append("</td><td class=\"g4j-reasoning\">").append(Html.markAnswer(t.text(), t.answer())).append("</td><td>")
                    .append(Html.escape(t.answer())).append("</td><td>").append(Html.escape(e == null ? "" : e.gold()))
                    .append("</td><td>").append(okMark(ok)).append("</td></tr>");
        }
        b.append("</tbody></table>");
        if (traces.size() > MAX_ROWS) b.append("<div class=\"g4j-note\">").append(traces.size() - MAX_ROWS).append(" more rows not shown</div>");
        if (judged > 0) b.append("<div class=\"g4j-note\">parsed answer right on ").append(right).append(" of ").append(judged).append("</div>");
        return b.toString();
    }

    static String reasoningText(Reasoning r, RenderContext ctx) {
        StringBuilder b = new StringBuilder("Reasoning under: " + ctx.prompt(r.promptIds()) + "\n");
        for (int i = 0; i < r.traces().size(); i++) {
            Trace t = r.traces().get(i);
            Example e = ctx.example(i);
            b.append("  [").append(i).append("] ");
            if (e != null) b.append(e.question()).append(" (gold ").append(e.gold()).append(")\n      ");
            b.append(Html.markAnswerText(t.text(), t.answer()).replace("\n", " ")).append("  => ")
                    .append(t.answer().isEmpty() ? "(none)" : t.answer());
            Boolean ok = correct(ctx, e, t.answer());
            if (ok != null) b.append(ok ? "  right" : "  wrong");
            b.append('\n');
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ gradient

    private static Table gradientTable(Scores s, RenderContext ctx) {
        int n = s.candidates().length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] g = s.gradient();
        Arrays.sort(order, (a, b) -> g[a] != g[b] ? Double.compare(g[a], g[b]) : Integer.compare(a, b));
        Table t = Table.of("rank", "token", "id", "gradient", "shortlisted")
                .caption("gradient at position " + s.position() + " over " + n + " candidates (most negative first)");
        for (int r = 0; r < n; r++) {
            int j = order[r];
            int tok = s.candidates()[j];
            boolean sl = Arrays.stream(s.shortlist()).anyMatch(v -> v == tok);
            t.rowWithClass(sl ? "g4j-win" : null, r + 1, Cell.raw(Html.chip(ctx.token(tok), tok, null), "'" + ctx.token(tok) + "'"), tok,
                    Cell.raw(Html.gradientBar(g[j]) + " " + String.format(Locale.ROOT, "%+.4f", g[j]), String.format(Locale.ROOT, "%+.4f", g[j])),
                    sl ? "★" : "");
        }
        return t;
    }

    private static Table lossTable(Scores s, RenderContext ctx) {
        Table t = Table.of("#", "question", "loss").caption("loss per example (answer CE / T + w x prompt NLL)");
        for (int i = 0; i < s.exampleLoss().length && i < MAX_ROWS; i++) {
            Example e = ctx.example(i);
            t.row(i, e == null ? "" : e.question(), num(s.exampleLoss()[i]));
        }
        return t;
    }

    static String scoresHtml(Scores s, RenderContext ctx) {
        double mean = Arrays.stream(s.exampleLoss()).average().orElse(Double.NaN);
        return Html.h("Gradient at position " + s.position() + ": mean loss " + num(mean)) + Plotly.embed(Plots.gradient(s, ctx).figure())
                + gradientTable(s, ctx).html() + lossTable(s, ctx).html();
    }

    static String scoresText(Scores s, RenderContext ctx) {
        double mean = Arrays.stream(s.exampleLoss()).average().orElse(Double.NaN);
        return "Gradient at position " + s.position() + ", mean loss " + num(mean) + "\n" + gradientTable(s, ctx).text();
    }

    // ------------------------------------------------------------------ swap

    static Table evaluatedTable(List<Evaluated> ev, int winner, RenderContext ctx) {
        Table t = Table.of("token", "id", "score", "mistake rate", "train accuracy", "prompt NLL");
        for (Evaluated e : ev) {
            String tokText = e.token() >= 0 ? ctx.token(e.token()) : "";
            t.rowWithClass(e.token() == winner ? "g4j-win" : null,
                    Cell.raw(e.token() >= 0 ? Html.chip(tokText, e.token(), null) : "", "'" + tokText + "'" + (e.token() == winner ? " (winner)" : "")),
                    e.token(), num(e.score()), num(e.mistakeRate()), pct(1 - e.mistakeRate()), num(e.promptNll()));
        }
        return t;
    }

    static String swapHtml(Swap w, RenderContext ctx) {
        return Html.h("Swap at position " + w.position() + ": " + Html.visible(ctx.token(w.winner())) + (w.forced() ? " (period forcing)" : "")
                + ", score " + num(w.score())) + evaluatedTable(w.evaluated(), w.winner(), ctx).caption("candidates scored for real").html()
                + "<div>next prompt (the new token in green, next position " + w.next().position() + "):</div>"
                + chips(w.next().ids(), w.position(), "g4j-new", ctx)
                + "<div class=\"g4j-note\">text: " + Html.escape(ctx.prompt(w.next().ids())) + "</div>";
    }

    static String swapText(Swap w, RenderContext ctx) {
        return "Swap at position " + w.position() + ": winner '" + ctx.token(w.winner()) + "'" + (w.forced() ? " (period forcing)" : "")
                + ", score " + num(w.score()) + "\n" + evaluatedTable(w.evaluated(), w.winner(), ctx).text()
                + "next prompt: " + chipsText(w.next().ids(), w.position(), ctx) + "\n  text: " + ctx.prompt(w.next().ids());
    }

    static Table costTable(Cost c) {
        Table t = Table.of("what", "value").caption("cost");
        for (Map.Entry<String, Double> e : c.seconds().entrySet()) t.row(e.getKey() + " (s)", String.format(Locale.ROOT, "%.2f", e.getValue()));
        t.row("generated tokens", c.generatedTokens());
        t.row("prefill tokens", c.prefillTokens());
        t.row("forward tokens / calls", c.forwardTokens() + " / " + c.forwardCalls());
        t.row("backward tokens / calls", c.backwardTokens() + " / " + c.backwardCalls());
        return t;
    }

    // ------------------------------------------------------------------ step

    static String stepHtml(Step s, RenderContext ctx) {
        StringBuilder b = new StringBuilder(Html.h("Step " + s.index() + ": position " + s.state().position() + ", '"
                + Html.visible(ctx.token(s.state().current())) + "' → '" + Html.visible(ctx.token(s.swap().winner())) + "'"));
        b.append("<div>prompt before:</div>").append(chips(s.state().ids(), s.state().position(), "g4j-pos", ctx));
        b.append("<div class=\"g4j-note\">").append(s.candidates().tokens().length).append(" candidates (top-").append(s.candidates().k())
                .append("); reasoning ").append(s.reused() ? "reused from the previous winner" : "generated").append("; shortlist: ");
        List<String> sl = new ArrayList<>();
        for (int t : s.scores().shortlist()) sl.add(Html.visible(ctx.token(t)));
        b.append(Html.escape(String.join(", ", sl))).append("</div>");
        b.append(Plotly.embed(Plots.gradient(s.scores(), ctx).figure()));
        b.append(swapHtml(s.swap(), ctx));
        b.append(costTable(s.cost()).html());
        return b.toString();
    }

    static String stepText(Step s, RenderContext ctx) {
        List<String> sl = new ArrayList<>();
        for (int t : s.scores().shortlist()) sl.add("'" + ctx.token(t) + "'");
        return "Step " + s.index() + ": position " + s.state().position() + ", " + s.candidates().tokens().length + " candidates, shortlist "
                + String.join(", ", sl) + "\n  before: " + chipsText(s.state().ids(), s.state().position(), ctx) + "\n"
                + swapText(s.swap(), ctx);
    }

    // ------------------------------------------------------------------ runs

    static Table stepsTable(List<Step> steps, RenderContext ctx) {
        Table t = Table.of("step", "position", "winner", "score", "train accuracy", "mean loss", "prompt after");
        for (Step s : steps) {
            String w = s.swap().winnerText();
            t.row(s.index(), s.swap().position(), Cell.raw(Html.chip(w, s.swap().winner(), s.swap().forced() ? "g4j-new" : null), "'" + w + "'"),
                    num(s.swap().score()), pct(Plots.winnerAccuracy(s)), num(s.scores().meanLoss()), s.next().text());
        }
        return t.caption("steps");
    }

    static Table bestTable(List<BestPrompt> best) {
        Table t = Table.of("prompt", "train score", "dev accuracy", "step");
        for (BestPrompt b : best) t.row(b.prompt(), num(b.trainScore()), pct(b.devAccuracy()), b.step());
        return t.caption("best prompts by training score");
    }

    static String runHtml(Run r, RenderContext ctx) {
        List<Step> steps = r.steps();
        StringBuilder b = new StringBuilder(Html.h("Run: " + steps.size() + " steps"));
        b.append("<div>final prompt: <b>").append(Html.escape(r.finalPrompt())).append("</b></div>");
        b.append("<div class=\"g4j-note\">chosen by ").append(Html.escape(r.finalPromptRule())).append("; last prompt: ")
                .append(Html.escape(r.lastPrompt())).append("</div>");
        if (!steps.isEmpty()) b.append(Plotly.embed(Plots.curves(steps).figure()));
        b.append(bestTable(r.bestPrompts()).html()).append(stepsTable(steps, ctx).html());
        return b.toString();
    }

    static String runText(Run r, RenderContext ctx) {
        return "Run: " + r.steps().size() + " steps\nfinal prompt: " + r.finalPrompt() + "\nchosen by: " + r.finalPromptRule()
                + "\nlast prompt: " + r.lastPrompt() + "\n" + bestTable(r.bestPrompts()).text() + stepsTable(r.steps(), ctx).text();
    }

    static String checkpointHtml(Checkpoint c, RenderContext ctx) {
        return Html.h("Checkpoint: " + c.steps().size() + " steps, next step " + c.nextStep())
                + (c.steps().isEmpty() ? "" : Plotly.embed(Plots.curves(c.steps()).figure())) + bestTable(c.best()).html()
                + stepsTable(c.steps(), ctx).html();
    }

    static String checkpointText(Checkpoint c, RenderContext ctx) {
        return "Checkpoint: " + c.steps().size() + " steps, next step " + c.nextStep() + "\n" + stepsTable(c.steps(), ctx).text();
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

    static String resultHtml(EvaluationResult r, RenderContext ctx) {
        return Html.h("Evaluation: " + pct(r.summary().accuracy()) + " on " + r.summary().n() + " examples")
                + summaryTable(r.summary()).html() + recordsTable(r.records()).html();
    }

    static String resultText(EvaluationResult r, RenderContext ctx) {
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

    static String paperHtml(PaperResults p, RenderContext ctx) {
        return Html.h(p.paper()) + table1(p).html() + table3(p).html();
    }

    static String paperText(PaperResults p, RenderContext ctx) {
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
            EvaluationSummary s = r.summary();
            String acc = String.format(Locale.ROOT, "%.1f", 100 * s.accuracy());
            String model = java.nio.file.Path.of(s.model()).getFileName().toString();
            String llama = model.toLowerCase(Locale.ROOT).contains("llama-3") ? acc : "";
            String gemma = model.toLowerCase(Locale.ROOT).contains("gemma-2") ? acc : "";
            t.rowWithClass("g4j-cur", "here", r.label(), llama, gemma, model + ": " + acc, s.n(), ci(s.ci95()));
        }
        return t;
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

    static String comparisonHtml(Comparison c, RenderContext ctx) {
        return Html.h("Prompt transfer on " + c.task()) + comparisonTable(c).html() + Plotly.embed(Plots.transfer(c).figure())
                + table3(PaperResults.load()).html();
    }

    static String comparisonText(Comparison c, RenderContext ctx) {
        return "Prompt transfer on " + c.task() + "\n" + comparisonTable(c).text() + table3(PaperResults.load()).text();
    }
}
