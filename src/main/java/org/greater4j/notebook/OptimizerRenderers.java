package org.greater4j.notebook;

import static org.greater4j.notebook.Renderers.MAX_ROWS;
import static org.greater4j.notebook.Renderers.num;
import static org.greater4j.notebook.Renderers.of;
import static org.greater4j.notebook.Renderers.okMark;
import static org.greater4j.notebook.Renderers.pct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.greater4j.optimize.BestPrompt;
import org.greater4j.optimize.Candidates;
import org.greater4j.optimize.Checkpoint;
import org.greater4j.optimize.Cost;
import org.greater4j.optimize.Diagnosis;
import org.greater4j.optimize.Evaluated;
import org.greater4j.optimize.GradientQuality;
import org.greater4j.optimize.Greater;
import org.greater4j.optimize.PromptState;
import org.greater4j.optimize.Reasoning;
import org.greater4j.optimize.Reasoning.Trace;
import org.greater4j.optimize.Run;
import org.greater4j.optimize.RunChart;
import org.greater4j.optimize.Scores;
import org.greater4j.optimize.Step;
import org.greater4j.optimize.Swap;

/**
 * The renderers of the optimizer's values. Every value carries the texts it shows (token texts, prompt text, each
 * reasoning's question, gold and judged answer), so rendering needs nothing but the value.
 */
final class OptimizerRenderers {
    private OptimizerRenderers() {}

    static void register() {
        Html.register(Greater.class, of(g -> greaterTable(g).html(), g -> greaterTable(g).text()));
        Html.register(PromptState.class, of(OptimizerRenderers::promptHtml, OptimizerRenderers::promptText));
        Html.register(Candidates.class, of(OptimizerRenderers::candidatesHtml, c -> candidatesTable(c).text()));
        Html.register(Trace.class, of(OptimizerRenderers::traceHtml, OptimizerRenderers::traceText));
        Html.register(Reasoning.class, of(OptimizerRenderers::reasoningHtml, OptimizerRenderers::reasoningText));
        Html.register(Scores.class, of(OptimizerRenderers::scoresHtml, OptimizerRenderers::scoresText));
        Html.register(Evaluated.class, of(e -> evaluatedTable(List.of(e), -1).html(), e -> evaluatedTable(List.of(e), -1).text()));
        Html.register(Swap.class, of(OptimizerRenderers::swapHtml, OptimizerRenderers::swapText));
        Html.register(Cost.class, of(x -> costTable(x).html(), x -> costTable(x).text()));
        Html.register(Step.class, of(OptimizerRenderers::stepHtml, OptimizerRenderers::stepText));
        Html.register(Diagnosis.class, of(OptimizerRenderers::diagnosisHtml, OptimizerRenderers::diagnosisText));
        Html.register(BestPrompt.class, of(b -> bestTable(List.of(b)).html(), b -> bestTable(List.of(b)).text()));
        Html.register(RunChart.class, of(c -> Plotly.embed(Plots.curves(c).figure()), c -> Plots.curves(c).toString()));
        Html.register(Run.class, of(OptimizerRenderers::runHtml, OptimizerRenderers::runText));
        Html.register(Run.TestAccuracy.class, of(t -> testTable(t).html(), t -> testTable(t).text()));
        Html.register(Checkpoint.class, of(OptimizerRenderers::checkpointHtml, OptimizerRenderers::checkpointText));
    }

    // ------------------------------------------------------------------ helpers

    /** The tokens as chips; the token at {@code mark} gets {@code markClass}. */
    static String chips(int[] ids, List<String> texts, int mark, String markClass) {
        StringBuilder b = new StringBuilder("<div class=\"g4j-prompt\">");
        for (int i = 0; i < ids.length; i++) b.append(Html.chip(texts.get(i), ids[i], i == mark ? markClass : null));
        return b.append("</div>").toString();
    }

    /** The tokens as text: {@code |tok|tok|>>tok<<|}. */
    static String chipsText(List<String> texts, int mark) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < texts.size(); i++) {
            String t = Html.visible(texts.get(i));
            b.append(i == mark ? ">>" + t + "<<" : t).append('|');
        }
        return b.toString();
    }

    /** The text of candidate {@code token} among the scores' candidates (its id when it is not one). */
    private static String scoreText(Scores s, int token) {
        int[] c = s.candidates();
        for (int j = 0; j < c.length; j++) if (c[j] == token) return s.texts().get(j);
        return "#" + token;
    }

    private static Cell tokenCell(String text, int id, String cls) {
        return Cell.raw(Html.chip(text, id, cls), "'" + text + "'");
    }

    // ------------------------------------------------------------------ the optimizer and its prompt

    static Table greaterTable(Greater g) {
        var cfg = g.config();
        return Table.of("property", "value").caption("GReaTer optimizer")
                .row("model", g.model().name())
                .row("task", g.task().name() + " (" + g.train().size() + " training examples)")
                .row("preset", cfg.preset())
                .row("extractor", g.extractor())
                .row("initial prompt", cfg.initialPrompt())
                .row("top-k / shortlist", cfg.topk() + " / " + cfg.shortlist())
                .row("reasoning tokens", cfg.maxNewTokens());
    }

    static String promptHtml(PromptState p) {
        return Html.h("Prompt at step " + p.step() + ": " + p.length() + " tokens, optimizing position " + p.position())
                + chips(p.ids(), p.tokens(), p.position(), "g4j-pos")
                + "<div class=\"g4j-note\">text: " + Html.escape(p.text()) + " &nbsp; (initial length " + p.initialLength()
                + ", restarts " + p.restarts() + ")</div>";
    }

    static String promptText(PromptState p) {
        return "Prompt at step " + p.step() + " (" + p.length() + " tokens, position " + p.position() + "): "
                + chipsText(p.tokens(), p.position()) + "\n  text: " + p.text();
    }

    // ------------------------------------------------------------------ proposal

    static Table candidatesTable(Candidates c) {
        int[] votes = c.votes();
        int n = c.topk().length;
        Integer[] order = new Integer[c.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> votes[a] != votes[b] ? Integer.compare(votes[b], votes[a]) : Integer.compare(a, b));
        Table t = Table.of("#", "token", "id", "votes", "best rank", "mean rank").caption(c.size() + " candidates at position "
                + c.position() + " (top-" + c.k() + " of " + n + " examples, " + c.intersections().size() + " intersections"
                + (c.currentAdded() ? "; the current token added" : "") + ")");
        int[][] topk = c.topk();
        int row = 1;
        for (int j : order) {
            int tok = c.tokens()[j];
            int best = Integer.MAX_VALUE;
            double sum = 0;
            int cnt = 0;
            for (int[] r : topk) {
                for (int k = 0; k < r.length; k++) {
                    if (r[k] == tok) {
                        best = Math.min(best, k + 1);
                        sum += k + 1;
                        cnt++;
                    }
                }
            }
            String text = c.texts().get(j);
            boolean cur = tok == c.current();
            Cell tokCell = Cell.raw(Html.chip(text, tok, cur ? "g4j-pos" : null), "'" + text + "'" + (cur ? " (current)" : ""));
            Cell voteCell = Cell.raw(Html.bar(n == 0 ? 0 : (double) votes[j] / n) + " " + votes[j] + "/" + n, votes[j] + "/" + n);
            t.rowWithClass(cur ? "g4j-cur" : null, row++, tokCell, tok, voteCell, best == Integer.MAX_VALUE ? "-" : best,
                    cnt == 0 ? "-" : String.format(Locale.ROOT, "%.1f", sum / cnt));
        }
        return t;
    }

    static String candidatesHtml(Candidates c) {
        return Html.h("Candidates for position " + c.position()) + candidatesTable(c).html() + Plotly.embed(Plots.candidates(c).figure());
    }

    // ------------------------------------------------------------------ reasoning

    static String traceHtml(Trace t) {
        return "<div class=\"g4j-reasoning\">" + Html.markAnswer(t.text(), t.answer()) + "</div><div class=\"g4j-note\">answer: "
                + Html.escape(t.answer().isEmpty() ? "(none found)" : t.answer()) + (t.gold().isEmpty() ? "" : ", gold " + Html.escape(t.gold()))
                + " " + okMark(t.correct()) + ", " + t.length() + " tokens</div>";
    }

    static String traceText(Trace t) {
        return Html.markAnswerText(t.text(), t.answer()) + "\n  answer: " + (t.answer().isEmpty() ? "(none found)" : t.answer())
                + (t.correct() == null ? "" : t.correct() ? "  right" : "  wrong");
    }

    static String reasoningHtml(Reasoning r) {
        StringBuilder b = new StringBuilder(Html.h("Reasoning under: " + r.prompt()));
        Table t = Table.of("#", "question", "reasoning (answer marked)", "answer", "gold", "right");
        List<Trace> traces = r.traces();
        for (int i = 0; i < traces.size() && i < MAX_ROWS; i++) {
            Trace x = traces.get(i);
            t.row(i, x.question(), Cell.raw("<span class=\"g4j-reasoning\">" + Html.markAnswer(x.text(), x.answer()) + "</span>",
                    Html.markAnswerText(x.text(), x.answer())), x.answer(), x.gold(), Cell.raw(okMark(x.correct()), Renderers.okText(x.correct())));
        }
        if (traces.size() > MAX_ROWS) t.caption((traces.size() - MAX_ROWS) + " more rows not shown");
        b.append(t.html());
        int judged = 0;
        int right = 0;
        for (Trace x : traces) {
            if (x.correct() == null) continue;
            judged++;
            if (x.correct()) right++;
        }
        if (judged > 0) {
            b.append("<div class=\"g4j-note\">answer parsed from the reasoning right on ").append(right).append(" of ").append(judged)
                    .append(" (").append(pct(r.parsedAccuracy())).append(")</div>");
        }
        return b.toString();
    }

    static String reasoningText(Reasoning r) {
        StringBuilder b = new StringBuilder("Reasoning under: " + r.prompt() + "\n");
        for (int i = 0; i < r.traces().size(); i++) {
            Trace t = r.traces().get(i);
            b.append("  [").append(i).append("] ");
            if (!t.question().isEmpty()) b.append(t.question()).append(" (gold ").append(t.gold()).append(")\n      ");
            b.append(Html.markAnswerText(t.text(), t.answer()).replace("\n", " ")).append("  => ")
                    .append(t.answer().isEmpty() ? "(none)" : t.answer());
            if (t.correct() != null) b.append(t.correct() ? "  right" : "  wrong");
            b.append('\n');
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ gradient

    static Table gradientTable(Scores s) {
        int n = s.candidates().length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] g = s.gradient();
        Arrays.sort(order, (a, b) -> g[a] != g[b] ? Double.compare(g[a], g[b]) : Integer.compare(a, b));
        Table t = Table.of("rank", "token", "id", "gradient", "shortlisted")
                .caption("gradient at position " + s.position() + " over " + n + " candidates (most negative first)");
        int[] sl = s.shortlist();
        for (int r = 0; r < n; r++) {
            int j = order[r];
            int tok = s.candidates()[j];
            boolean in = Arrays.stream(sl).anyMatch(v -> v == tok);
            t.rowWithClass(in ? "g4j-win" : null, r + 1, tokenCell(s.texts().get(j), tok, null), tok,
                    Cell.raw(Html.gradientBar(g[j]) + " " + String.format(Locale.ROOT, "%+.4f", g[j]), String.format(Locale.ROOT, "%+.4f", g[j])),
                    in ? "★" : "");
        }
        return t;
    }

    private static Table lossTable(Scores s) {
        Table t = Table.of("example", "loss").caption("loss per training example (answer CE / T + w x prompt NLL)");
        for (int i = 0; i < s.exampleLoss().length && i < MAX_ROWS; i++) t.row(i, num(s.exampleLoss()[i]));
        return t;
    }

    static String scoresHtml(Scores s) {
        return Html.h("Gradient at position " + s.position() + ": mean loss " + num(s.meanLoss())) + Plotly.embed(Plots.gradient(s).figure())
                + gradientTable(s).html() + lossTable(s).html();
    }

    static String scoresText(Scores s) {
        return "Gradient at position " + s.position() + ", mean loss " + num(s.meanLoss()) + "\n" + gradientTable(s).text();
    }

    // ------------------------------------------------------------------ swap

    static Table evaluatedTable(List<Evaluated> ev, int winner) {
        Table t = Table.of("token", "id", "score", "mistake rate", "train accuracy", "prompt NLL");
        for (Evaluated e : ev) {
            boolean win = e.token() == winner;
            t.rowWithClass(win ? "g4j-win" : null,
                    Cell.raw(e.token() >= 0 ? Html.chip(e.text(), e.token(), null) : "", "'" + e.text() + "'" + (win ? " (winner)" : "")),
                    e.token(), num(e.score()), num(e.mistakeRate()), pct(1 - e.mistakeRate()), num(e.promptNll()));
        }
        return t;
    }

    static String swapHtml(Swap w) {
        return Html.h("Swap at position " + w.position() + ": " + Html.visible(w.winnerText()) + (w.forced() ? " (period forcing)" : "")
                + ", score " + num(w.score())) + evaluatedTable(w.evaluated(), w.winner()).caption("candidates scored for real").html()
                + "<div>next prompt (the new token in green, next position " + w.next().position() + "):</div>"
                + chips(w.next().ids(), w.next().tokens(), w.position(), "g4j-new")
                + "<div class=\"g4j-note\">text: " + Html.escape(w.next().text()) + "</div>";
    }

    static String swapText(Swap w) {
        return "Swap at position " + w.position() + ": winner '" + w.winnerText() + "'" + (w.forced() ? " (period forcing)" : "")
                + ", score " + num(w.score()) + "\n" + evaluatedTable(w.evaluated(), w.winner()).text()
                + "next prompt: " + chipsText(w.next().tokens(), w.position()) + "\n  text: " + w.next().text();
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

    // ------------------------------------------------------------------ step and diagnosis

    private static List<String> shortlistTexts(Scores s) {
        List<String> out = new ArrayList<>();
        for (int t : s.shortlist()) out.add(scoreText(s, t));
        return out;
    }

    static String stepHtml(Step s) {
        PromptState p = s.state();
        StringBuilder b = new StringBuilder(Html.h("Step " + s.index() + ": position " + p.position() + ", '"
                + Html.visible(p.tokens().get(p.position())) + "' → '" + Html.visible(s.swap().winnerText()) + "'"));
        b.append("<div>prompt before:</div>").append(chips(p.ids(), p.tokens(), p.position(), "g4j-pos"));
        b.append("<div class=\"g4j-note\">").append(s.candidates().size()).append(" candidates (top-").append(s.candidates().k())
                .append("); reasoning ").append(s.reused() ? "reused from the previous winner" : "generated").append("; shortlist: ");
        List<String> sl = new ArrayList<>();
        for (String t : shortlistTexts(s.scores())) sl.add(Html.visible(t));
        b.append(Html.escape(String.join(", ", sl))).append("</div>");
        b.append(Plotly.embed(Plots.gradient(s.scores()).figure()));
        b.append(swapHtml(s.swap()));
        b.append(costTable(s.cost()).html());
        return b.toString();
    }

    static String stepText(Step s) {
        List<String> sl = new ArrayList<>();
        for (String t : shortlistTexts(s.scores())) sl.add("'" + t + "'");
        return "Step " + s.index() + ": position " + s.state().position() + ", " + s.candidates().size() + " candidates, shortlist "
                + String.join(", ", sl) + "\n  before: " + chipsText(s.state().tokens(), s.state().position()) + "\n" + swapText(s.swap());
    }

    static Table diagnosisTable(Diagnosis d) {
        Table t = Table.of("candidate", "id", "gradient", "shortlisted", "real score", "mistake rate", "real rank")
                .caption("step " + d.step().index() + " at position " + d.step().state().position() + ": " + d.rows().size()
                        + " candidates in gradient order, each scored for real");
        for (Diagnosis.Row r : d.rows()) {
            t.rowWithClass(r.realRank() == 1 ? "g4j-win" : null, tokenCell(r.text(), r.token(), r.shortlisted() ? "g4j-new" : null), r.token(),
                    String.format(Locale.ROOT, "%+.4f", r.gradient()), r.shortlisted() ? "★" : "", num(r.score()), pct(r.mistakeRate()), r.realRank());
        }
        return t;
    }

    static Table qualityTable(GradientQuality q) {
        return Table.of("shortlist of " + q.shortlist(), "holds a best candidate", "best real rank in it")
                .caption(q.candidates() + " candidates, " + q.bestCount() + " with the best real score")
                .row("the gradient's", q.hit() ? "yes" : "no", q.bestShortlistRank())
                .row("drawn at random (expected)", pct(q.randomHit()), String.format(Locale.ROOT, "%.2f", q.randomBestRank()));
    }

    static String diagnosisHtml(Diagnosis d) {
        return Html.h("Diagnosis of step " + d.step().index() + ": does the gradient find the best candidates?")
                + qualityTable(d.quality()).html() + Plotly.embed(Plots.diagnosis(d).figure()) + diagnosisTable(d).html();
    }

    static String diagnosisText(Diagnosis d) {
        return qualityTable(d.quality()).text() + diagnosisTable(d).text();
    }

    // ------------------------------------------------------------------ runs

    static Table stepsTable(List<Step> steps) {
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

    static Table testTable(Run.TestAccuracy t) {
        return Table.of("prompt", "test accuracy (a)", "parsed (b)", "examples")
                .caption(String.format(Locale.ROOT, "test split: %+.1f points", 100 * t.gain()))
                .row("initial: " + t.before().prompt(), pct(t.before().accuracy()), pct(t.before().accuracyParsed()), t.before().n())
                .rowWithClass("g4j-win", "final: " + t.after().prompt(), pct(t.after().accuracy()), pct(t.after().accuracyParsed()), t.after().n());
    }

    static String runHtml(Run r) {
        List<Step> steps = r.steps();
        StringBuilder b = new StringBuilder(Html.h("Run: " + steps.size() + " steps" + (r.dir() == null ? "" : " in " + r.dir())));
        b.append("<div>final prompt: <b>").append(Html.escape(r.finalPrompt())).append("</b></div>");
        b.append("<div class=\"g4j-note\">chosen by ").append(Html.escape(r.finalPromptRule())).append("; last prompt: ")
                .append(Html.escape(r.lastPrompt())).append("</div>");
        if (!steps.isEmpty()) b.append(Plotly.embed(Plots.curves(r.plot()).figure()));
        b.append(bestTable(r.bestPrompts()).html()).append(stepsTable(steps).html());
        return b.toString();
    }

    static String runText(Run r) {
        return "Run: " + r.steps().size() + " steps\nfinal prompt: " + r.finalPrompt() + "\nchosen by: " + r.finalPromptRule()
                + "\nlast prompt: " + r.lastPrompt() + "\n" + bestTable(r.bestPrompts()).text() + stepsTable(r.steps()).text();
    }

    static String checkpointHtml(Checkpoint c) {
        return Html.h("Checkpoint: " + c.steps().size() + " steps, next step " + c.nextStep()) + bestTable(c.best()).html()
                + stepsTable(c.steps()).html();
    }

    static String checkpointText(Checkpoint c) {
        return "Checkpoint: " + c.steps().size() + " steps, next step " + c.nextStep() + "\n" + stepsTable(c.steps()).text();
    }
}
