package org.greater4j.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.greater4j.model.OneHotGradient;
import org.greater4j.task.Example;
import org.greater4j.text.ExtractorCut;
import org.greater4j.text.Layout;
import org.greater4j.text.LayoutPart;
import org.greater4j.text.Span;

/**
 * GReaTer's score step: the loss of the gold answer after each example's reasoning and its gradient with respect
 * to the one-hot vector of the prompt token at the position ({@code greater_opt.py} L26-113).
 */
final class Gradient {
    private final Context ctx;

    Gradient(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * The gradient step: for every example the sequence {@code [chat(question + sep + prompt),
     * reasoning, extractor, answer]} (the reasoning cut before an extractor it already wrote, when
     * {@code cutAtExtractor}); loss = CE(answer logits / T, answer) + w x mean NLL(prompt
     * tokens); the gradient of the summed loss with respect to the reduced one-hot over the
     * candidates at the position, L2-normalized; the shortlist = the candidates with the most
     * negative gradient (ties to the lower index).
     */
    Scores score(PromptState p, Reasoning r, Candidates c) {
        GreaterConfig cfg = ctx.cfg;
        int n = ctx.train.size();
        if (r.traces().size() != n) {
            throw new IllegalArgumentException("the reasoning has " + r.traces().size() + " traces for " + n + " training examples");
        }
        int[] ids = p.ids();
        int[][] seqs = new int[n][];
        int[][] oneHotAt = new int[n][];
        List<OneHotGradient.Target> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Example e = ctx.train.get(i);
            Layout l = ctx.layout.full(e.question(), ids, scoredText(r.traces().get(i)), ctx.extractor, e.lossAnswer());
            seqs[i] = l.ids();
            Span pr = l.span(LayoutPart.PROMPT);
            Span an = l.span(LayoutPart.ANSWER);
            oneHotAt[i] = new int[] {pr.start() + p.position()};
            targets.add(new OneHotGradient.Target(i, range(an.start() - 1, an.end() - 1), Arrays.copyOfRange(seqs[i], an.start(), an.end()),
                    cfg.gradTemperature(), 1.0));
            targets.add(new OneHotGradient.Target(i, range(pr.start() - 1, pr.end() - 1), Arrays.copyOfRange(seqs[i], pr.start(), pr.end()),
                    1.0, cfg.gradPromptWeight()));
            ctx.meter.backward += seqs[i].length;
            ctx.meter.backwardSeqs++;
        }
        int gbs = cfg.naive() ? 1 : cfg.batchSize();
        ctx.meter.backwardCalls += (n + gbs - 1) / gbs;
        OneHotGradient.Result g = OneHotGradient.compute(ctx.model, new OneHotGradient.Request(seqs, oneHotAt, c.tokens(), targets), gbs);
        int[] cand = c.tokens();
        double[] sum = new double[cand.length];
        for (int i = 0; i < n; i++) for (int j = 0; j < sum.length; j++) sum[j] += g.gradient()[i][0][j];
        double norm = 0;
        for (double v : sum) norm += v * v;
        norm = Math.sqrt(norm);
        double[] grad = new double[sum.length];
        for (int j = 0; j < sum.length; j++) grad[j] = norm > 0 ? sum[j] / norm : 0;
        Integer[] order = new Integer[grad.length];
        for (int j = 0; j < grad.length; j++) order[j] = j;
        Arrays.sort(order, (a, b) -> grad[a] != grad[b] ? Double.compare(grad[a], grad[b]) : Integer.compare(a, b));
        int s = Math.min(cfg.shortlist(), grad.length);
        int[] shortlist = new int[s];
        for (int j = 0; j < s; j++) shortlist[j] = cand[order[j]];
        return new Scores(p.position(), cand, ctx.tokenTexts(cand), g.rowLoss(), grad, shortlist);
    }

    /** The reasoning ids that are scored: all of them, or those before the extractor it already wrote ({@code cutAtExtractor}). */
    int[] scoredTokens(Reasoning.Trace t) {
        return ctx.cfg.cutAtExtractor() ? ExtractorCut.tokens(ctx.tok, t.tokens(), ctx.extractor) : t.tokens();
    }

    /**
     * The reasoning text that is scored (see {@link #scoredTokens}); with {@code splitAtAssistantHeader}, only what follows
     * the last assistant header text in it.
     */
    String scoredText(Reasoning.Trace t) {
        String text = ctx.cfg.cutAtExtractor() ? ExtractorCut.text(ctx.tok, t.tokens(), t.text(), ctx.extractor) : t.text();
        return ctx.cfg.splitAtAssistantHeader() ? OfficialCleanup.afterLast(text, ctx.assistantText) : text;
    }

    static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) a[i] = from + i;
        return a;
    }
}
