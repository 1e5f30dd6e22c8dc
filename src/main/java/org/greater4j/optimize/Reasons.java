package org.greater4j.optimize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.greater4j.generate.Reasoner;
import org.greater4j.task.Example;
import org.greater4j.text.Layout;
import org.greater4j.text.LayoutTemplate;

/**
 * GReaTer's reason step: greedy reasoning of the training examples under one prompt, or under several prompts
 * that differ in one position (the swap's candidates), counting the work in the step's cost.
 */
final class Reasons {
    private final Context ctx;
    /** Drafting: each question's last reasoning tokens (from any prompt), the draft of its next reasoning. */
    private final Map<String, int[]> last = new HashMap<>();

    Reasons(Context ctx) {
        this.ctx = ctx;
    }

    /** Greedy reasoning of {@code examples} with {@code promptIds}. */
    Reasoning reason(int[] promptIds, List<Example> examples) {
        List<String> qs = examples.stream().map(Example::question).toList();
        int bs = ctx.cfg.naive() ? 9 : ctx.cfg.batchSize();
        List<Reasoner.Result> rs = ctx.reasoner.reason(qs, promptIds, maxNewTokens(promptIds), bs, drafts(qs), (row, t) -> {},
                ctx.meter::decode);
        for (Reasoner.Result r : rs) ctx.meter.prefill += r.input().length();
        count(rs);
        return ctx.reasoning(promptIds, examples, rs);
    }

    /**
     * Greedy reasoning of every training example under each of several prompts of one length (the
     * candidates of a swap). The efficient schedule runs each question's shared prefix once
     * ({@link Reasoner#reasonShared}), {@code batchSize} questions x {@code prompts} rows together; the
     * official schedule generates each prompt on its own. Greedy results are the same either way.
     */
    List<Reasoning> reason(List<int[]> prompts) {
        if (prompts.isEmpty()) return List.of();
        boolean sameLength = prompts.stream().allMatch(q -> q.length == prompts.get(0).length);
        if (ctx.cfg.naive() || prompts.size() == 1 || !sameLength) {
            return prompts.stream().map(p -> reason(p, ctx.train)).toList();
        }
        List<String> qs = ctx.train.stream().map(Example::question).toList();
        int maxNew = maxNewTokens(prompts.get(0));
        List<List<Reasoner.Result>> rs = ctx.reasoner.reasonShared(qs, prompts, maxNew, ctx.cfg.batchSize(), drafts(qs), (row, t) -> {},
                ctx.meter::decode);
        for (int i = 0; i < qs.size(); i++) {
            Layout[] inputs = new Layout[prompts.size()];
            for (int j = 0; j < inputs.length; j++) inputs[j] = rs.get(j).get(i).input();
            int shared = Reasoner.sharedPrefix(inputs);
            ctx.meter.prefill += shared;
            for (Layout l : inputs) ctx.meter.prefill += l.length() - shared;
        }
        List<Reasoning> out = new ArrayList<>();
        for (int j = 0; j < prompts.size(); j++) {
            count(rs.get(j));
            out.add(ctx.reasoning(prompts.get(j), ctx.train, rs.get(j)));
        }
        return out;
    }

    private void count(List<Reasoner.Result> rs) {
        for (Reasoner.Result r : rs) {
            ctx.meter.generations++;
            if (drafting()) last.put(r.question(), r.tokens());
        }
    }

    /** Makes {@code r} (the reasoning a step works with) the draft of its questions' next reasoning. */
    void remember(Reasoning r) {
        if (!drafting()) return;
        for (Reasoning.Trace t : r.traces()) last.put(t.question(), t.tokens());
    }

    private boolean drafting() {
        return ctx.cfg.drafting() && !ctx.cfg.naive();
    }

    /** The drafts of the questions (null entries: none), or null when drafting is off or nothing is known yet. */
    private List<int[]> drafts(List<String> questions) {
        if (!drafting()) return null;
        List<int[]> d = new ArrayList<>();
        boolean any = false;
        for (String q : questions) {
            int[] t = last.get(q);
            any |= t != null;
            d.add(t);
        }
        return any ? d : null;
    }

    /**
     * The reasoning cap: the config's, less what the longest training layout and a tail need of the context. The
     * same cap serves every set of examples (training, dev); a longer dev question stops at the context instead.
     */
    int maxNewTokens(int[] promptIds) {
        List<Example> examples = ctx.train;
        int longest = 0;
        for (Example e : examples) longest = Math.max(longest, ctx.layout.generation(e.question(), promptIds).length());
        int context = ctx.model.config().maxPositions();
        int room = context - longest - tailReserve(examples);
        if (room < 1) {
            throw new IllegalArgumentException("the prompt leaves no room for reasoning: the longest example takes " + longest
                    + " of the model's " + context + " tokens");
        }
        return Math.min(ctx.cfg.maxNewTokens(), room);
    }

    private int tailReserve(List<Example> examples) {
        int longestAnswer = 0;
        for (Example e : examples) {
            longestAnswer = Math.max(longestAnswer, ctx.tok.encode(" " + LayoutTemplate.answerText(e.lossAnswer())).length);
        }
        return ctx.tok.encode(" " + ctx.extractor).length + longestAnswer + 2;
    }
}
