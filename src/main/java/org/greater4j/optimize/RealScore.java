package org.greater4j.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Example;
import org.greater4j.text.Layout;
import org.greater4j.text.LayoutPart;
import org.greater4j.text.LayoutTemplate;

/**
 * The swap's real score of a prompt: teacher-forced {@code [generation input, reasoning ids, extractor, answer]}
 * after fresh reasoning; an example is a mistake when the argmax at any answer position differs from the gold
 * token. Score = mistake rate + w x mean NLL of the prompt tokens, where (as in the official code) the NLL
 * targets are {@code nllTargets}, the prompt the step started from, not the candidate (with
 * {@link GreaterConfig#firstExampleNllOnCandidate()}, training example 0's targets are the candidate).
 */
final class RealScore {
    private final Context ctx;
    private final Gradient gradient;

    RealScore(Context ctx, Gradient gradient) {
        this.ctx = ctx;
        this.gradient = gradient;
    }

    /**
     * The teacher-forced rows: per example the sequence, the positions read (the prompt tokens' predictions, then
     * the extractor-and-answer's) and their targets.
     */
    record Rows(int[][] seqs, int[][] at, int[][] tg, int promptLen) {}

    /** Scores a prompt whose reasoning {@code r} on {@code examples} is known. */
    Evaluated evaluate(int[] promptIds, int[] nllTargets, int token, Reasoning r, List<Example> examples) {
        Rows rows = rows(promptIds, nllTargets, r, examples);
        int n = examples.size();
        double[][] lp = new double[n][];
        int[][] am = new int[n][];
        Batches.forEach(n, ctx.cfg.naive() ? 1 : ctx.cfg.batchSize(), (s, e) -> {
            LanguageModel.TokenScores ts = ctx.model.scoreTokens(Arrays.copyOfRange(rows.seqs, s, e), Arrays.copyOfRange(rows.at, s, e),
                    Arrays.copyOfRange(rows.tg, s, e));
            long tokens = 0;
            for (int i = s; i < e; i++) {
                lp[i] = ts.logProb()[i - s];
                am[i] = ts.argmax()[i - s];
                tokens += rows.seqs[i].length;
            }
            ctx.meter.forward(e - s, tokens);
        });
        return result(token, promptIds, r, rows, lp, am);
    }

    /**
     * {@link #evaluate} of several candidate prompts at once (efficient schedule): each example's rows for the
     * candidates share their beginning (question and prompt up to the position), which runs through the model once
     * ({@link LanguageModel#scoreTokens(int[][], int[], int[][], int[][], int[][])}); {@code batchSize} examples x
     * candidates rows per call.
     */
    List<Evaluated> evaluateShared(List<int[]> prompts, int[] nllTargets, List<Integer> tokens, List<Reasoning> rs) {
        int c = prompts.size();
        List<Example> train = ctx.train;
        int n = train.size();
        List<Rows> rows = new ArrayList<>();
        for (int j = 0; j < c; j++) rows.add(rows(prompts.get(j), nllTargets, rs.get(j), train));
        int[] shared = new int[n];
        for (int i = 0; i < n; i++) {
            int[] first = rows.get(0).seqs[i];
            int k = first.length - 1; // every row keeps at least one token of its own
            for (Rows x : rows) {
                int[] q = x.seqs[i];
                k = Math.min(k, q.length - 1);
                int d = 0;
                while (d < k && q[d] == first[d]) d++;
                k = d;
            }
            if (k == 0) { // nothing in common (cannot happen with a chat prefix or BOS): one candidate at a time
                List<Evaluated> out = new ArrayList<>();
                for (int j = 0; j < c; j++) out.add(evaluate(prompts.get(j), nllTargets, tokens.get(j), rs.get(j), train));
                return out;
            }
            shared[i] = k;
        }
        double[][][] lp = new double[c][n][];
        int[][][] am = new int[c][n][];
        Batches.forEach(n, ctx.cfg.batchSize(), (s, e) -> {
            int[][] prefixes = new int[e - s][];
            int[] prefixOf = new int[(e - s) * c];
            int[][] tails = new int[prefixOf.length][];
            int[][] at = new int[prefixOf.length][];
            int[][] tg = new int[prefixOf.length][];
            long fed = 0;
            for (int i = s; i < e; i++) {
                prefixes[i - s] = Arrays.copyOf(rows.get(0).seqs[i], shared[i]);
                fed += prefixes[i - s].length;
                for (int j = 0; j < c; j++) {
                    int row = (i - s) * c + j;
                    int[] q = rows.get(j).seqs[i];
                    prefixOf[row] = i - s;
                    tails[row] = Arrays.copyOfRange(q, prefixes[i - s].length, q.length);
                    at[row] = rows.get(j).at[i];
                    tg[row] = rows.get(j).tg[i];
                    fed += tails[row].length;
                }
            }
            LanguageModel.TokenScores ts = ctx.model.scoreTokens(prefixes, prefixOf, tails, at, tg);
            ctx.meter.forward(prefixOf.length, fed);
            for (int row = 0; row < prefixOf.length; row++) {
                int i = s + row / c;
                int j = row % c;
                lp[j][i] = ts.logProb()[row];
                am[j][i] = ts.argmax()[row];
            }
        });
        List<Evaluated> out = new ArrayList<>();
        for (int j = 0; j < c; j++) out.add(result(tokens.get(j), prompts.get(j), rs.get(j), rows.get(j), lp[j], am[j]));
        return out;
    }

    Rows rows(int[] promptIds, int[] nllTargets, Reasoning r, List<Example> examples) {
        int n = examples.size();
        int[][] seqs = new int[n][];
        int[][] at = new int[n][];
        int[][] tg = new int[n][];
        int promptLen = promptIds.length;
        LayoutTemplate layout = ctx.layout;
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            Reasoning.Trace t = r.traces().get(i);
            Layout g = layout.generation(e.question(), promptIds);
            int[] input = g.ids();
            int ps = g.span(LayoutPart.PROMPT).start();
            int[] gen = gradient.scoredTokens(t);
            if (ctx.cfg.dropEosInSwap()) { // seq[(seq != pad) * (seq != eos)] (attack_manager.py L1045)
                ps = without(Arrays.copyOf(input, ps), ctx.eosId, ctx.padId).length;
                input = without(input, ctx.eosId, ctx.padId);
                gen = without(gen, ctx.eosId, ctx.padId);
            }
            if (ctx.cfg.gemmaLastFifth() && ctx.endOfTurnId >= 0) {
                // the official sequence holds the <end_of_turn> that ended the reasoning, then the cleanup (L1046-1061)
                boolean ended = gen.length == t.tokens().length && t.tokens().length < ctx.cfg.maxNewTokens();
                int[] body = Arrays.copyOf(input, input.length + gen.length + (ended ? 1 : 0));
                System.arraycopy(gen, 0, body, input.length, gen.length);
                if (ended) body[body.length - 1] = ctx.endOfTurnId;
                body = OfficialCleanup.gemmaLastFifth(body, ctx.gemmaCleanupId);
                int keep = Math.min(input.length, body.length);
                if (Arrays.equals(body, 0, keep, input, 0, keep) && keep == input.length) {
                    gen = Arrays.copyOfRange(body, input.length, body.length);
                } else {
                    input = body; // a cut inside the generation input (the prompt positions stay, as the official slices do)
                    gen = new int[0];
                }
            }
            int[] own = t.tokens();
            boolean whole = gen.length >= own.length && Arrays.equals(gen, 0, own.length, own, 0, own.length); // all of it (+ end of turn)
            String text = whole ? t.text() : ctx.tok.decode(gen, true).strip();
            LayoutTemplate.Tail tail = layout.tail(text, ctx.extractor, e.lossAnswer());
            int[] tailIds = tail.ids();
            int[] tgt = Arrays.copyOfRange(tailIds, tail.reasoningEnd(), tailIds.length); // extractor + answer
            int room = ctx.model.config().maxPositions() - input.length - tgt.length;
            if (gen.length > room) gen = Arrays.copyOf(gen, Math.max(0, room));
            int[] seq = new int[input.length + gen.length + tgt.length];
            System.arraycopy(input, 0, seq, 0, input.length);
            System.arraycopy(gen, 0, seq, input.length, gen.length);
            System.arraycopy(tgt, 0, seq, input.length + gen.length, tgt.length);
            seqs[i] = seq;
            int ansStart = input.length + gen.length + (tail.answerStart() - tail.reasoningEnd());
            int na = seq.length - ansStart;
            at[i] = new int[promptLen + na];
            tg[i] = new int[promptLen + na];
            // firstExampleNllOnCandidate: the official in-place write through a view (greater_opt.py L238, L371) makes
            // training example 0's NLL targets the candidate
            int[] nt = i == 0 && ctx.cfg.firstExampleNllOnCandidate() ? promptIds : nllTargets;
            for (int j = 0; j < promptLen; j++) {
                at[i][j] = ps + j - 1;
                tg[i][j] = j < nt.length ? nt[j] : promptIds[j];
            }
            for (int j = 0; j < na; j++) {
                at[i][promptLen + j] = ansStart + j - 1;
                tg[i][promptLen + j] = seq[ansStart + j];
            }
        }
        return new Rows(seqs, at, tg, promptLen);
    }

    /** {@code ids} without any {@code eos} or {@code pad} id (what the official swap drops; -1 drops nothing). */
    static int[] without(int[] ids, int eos, int pad) {
        return Arrays.stream(ids).filter(id -> id != eos && id != pad).toArray();
    }

    /** Mistake rate and prompt NLL from each row's target log-probabilities and argmax tokens. */
    private Evaluated result(int token, int[] promptIds, Reasoning r, Rows rows, double[][] lp, int[][] am) {
        int n = rows.seqs.length;
        double mistakes = 0;
        double nll = 0;
        for (int i = 0; i < n; i++) {
            double rowNll = 0;
            for (int j = 0; j < rows.promptLen; j++) rowNll -= lp[i][j];
            nll += rowNll / rows.promptLen;
            boolean wrong = false;
            for (int j = rows.promptLen; j < am[i].length; j++) wrong |= am[i][j] != rows.tg[i][j];
            if (wrong) mistakes++;
        }
        double rate = mistakes / n;
        double meanNll = nll / n;
        if (!Double.isFinite(meanNll)) {
            throw new ArithmeticException("the prompt NLL is " + meanNll + " for prompt \"" + ctx.text(promptIds) + "\"");
        }
        return new Evaluated(token, token >= 0 ? ctx.tokenText(token) : "", rate + ctx.cfg.selectPromptWeight() * meanNll, rate,
                meanNll, r);
    }
}
