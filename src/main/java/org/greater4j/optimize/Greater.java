package org.greater4j.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.greater4j.generate.Reasoner;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.OneHotGradient;
import org.greater4j.optimize.Values.Candidates;
import org.greater4j.optimize.Values.Cost;
import org.greater4j.optimize.Values.Evaluated;
import org.greater4j.optimize.Values.Intersection;
import org.greater4j.optimize.Values.PromptState;
import org.greater4j.optimize.Values.Reasoning;
import org.greater4j.optimize.Values.Scores;
import org.greater4j.optimize.Values.Step;
import org.greater4j.optimize.Values.Swap;
import org.greater4j.optimize.Values.Trace;
import org.greater4j.task.AnswerType;
import org.greater4j.task.Example;
import org.greater4j.text.ExtractorCut;
import org.greater4j.text.Layout;
import org.greater4j.text.LayoutPart;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.Span;
import org.greater4j.text.Tokenizer;

/**
 * GReaTer's four steps over a model, a prompt layout and training examples, each a public method
 * taking and returning immutable values ({@link Values}): {@link #propose}, {@link #reason},
 * {@link #score}, {@link #swap}; {@link #step} composes them. The model is only read. Not
 * thread-safe (it counts the cost of the current step).
 */
public final class Greater {
    private final LanguageModel model;
    private final LayoutTemplate template;
    private final List<Example> train;
    private final String extractor;
    private final AnswerType answerType;
    private final GreaterConfig cfg;
    private final Tokenizer tok;
    private final BitSet banned;
    private final Reasoner reasoner;
    private final int growthId;

    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong forward = new AtomicLong();
    private final AtomicLong backward = new AtomicLong();
    private final AtomicLong generations = new AtomicLong();
    private final AtomicLong forwardSeqs = new AtomicLong();
    private final AtomicLong backwardSeqs = new AtomicLong();
    private final AtomicLong forwardCalls = new AtomicLong();
    private final AtomicLong backwardCalls = new AtomicLong();
    private final AtomicLong prefill = new AtomicLong();

    private Greater(LanguageModel model, LayoutTemplate template, List<Example> train, String extractor, AnswerType answerType,
                    GreaterConfig cfg) {
        if (train.isEmpty()) throw new IllegalArgumentException("no training examples; GReaTer needs at least one (the paper uses 50-100)");
        this.model = model;
        this.template = template;
        this.train = List.copyOf(train);
        this.extractor = extractor;
        this.answerType = answerType;
        this.cfg = cfg;
        this.tok = template.tokenizer();
        this.banned = bannedTokens(tok, model.config().vocabSize());
        this.reasoner = Reasoner.of(model, template);
        int[] g = tok.encode(cfg.growthToken());
        if (g.length == 0) throw new IllegalArgumentException("the growth token \"" + cfg.growthToken() + "\" encodes to nothing");
        this.growthId = g[g.length - 1]; // the official code takes tokenizer.encode("_")[-1]
    }

    /**
     * An optimizer for {@code model} with prompts laid out by {@code template} (whose separator must
     * be the config's), training examples, the extractor phrase and the task's answer type (used only
     * to show the answer each reasoning reached).
     */
    public static Greater of(LanguageModel model, LayoutTemplate template, List<Example> train, String extractor,
                             AnswerType answerType, GreaterConfig cfg) {
        if (!template.settings().separator().equals(cfg.separator())) {
            throw new IllegalArgumentException("the layout's separator \"" + template.settings().separator()
                    + "\" differs from the config's \"" + cfg.separator() + "\"");
        }
        return new Greater(model, template, train, extractor, answerType, cfg);
    }

    /** The config. */
    public GreaterConfig config() {
        return cfg;
    }

    /** The layout template. */
    public LayoutTemplate template() {
        return template;
    }

    /** The training examples. */
    public List<Example> train() {
        return train;
    }

    /** The extractor phrase. */
    public String extractor() {
        return extractor;
    }

    /** The task's answer type (used to show the answer each reasoning reached). */
    public AnswerType answerType() {
        return answerType;
    }

    /** The model. */
    public LanguageModel model() {
        return model;
    }

    /** The token id appended when the prompt grows. */
    public int growthId() {
        return growthId;
    }

    /** The initial prompt state: the config's initial prompt at position 0. */
    public PromptState initialPrompt() {
        int[] ids = template.encodePrompt(cfg.initialPrompt());
        if (ids.length == 0) throw new IllegalArgumentException("the initial prompt encodes to no tokens");
        return new PromptState(ids, 0, ids.length, 0);
    }

    /** A prompt's text: the decoded ids (a trailing growth token dropped), no leading space. */
    public String text(int[] ids) {
        int n = ids.length;
        if (n > 1 && ids[n - 1] == growthId) n--;
        return tok.decode(Arrays.copyOf(ids, n), true).strip();
    }

    /**
     * Tokens a prompt may never take (the official {@code get_nonascii_toks}): every token whose text
     * is not printable ASCII or holds anything but letters and spaces, except exactly ".", "," and
     * " ". Unlike the official loop (ids 3 .. vocab_size of the base vocabulary) every id is checked,
     * so special and added tokens are banned by the same rule.
     */
    static BitSet bannedTokens(Tokenizer tok, int vocab) {
        BitSet b = new BitSet(vocab);
        for (int id = 0; id < vocab; id++) {
            String s = id < tok.vocabSize() ? tok.tokenText(id) : null;
            if (s == null || !allowed(s)) b.set(id);
        }
        for (int id : new int[] {tok.bosId(), tok.eosId()}) if (id >= 0 && id < vocab) b.set(id);
        return b;
    }

    static boolean allowed(String s) {
        if (s.equals(".") || s.equals(",") || s.equals(" ")) return true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) return false;       // printable ASCII only
            if (!Character.isLetter(c) && c != ' ') return false;
        }
        return true;
    }

    /** True when a token may be proposed. */
    public boolean isAllowed(int id) {
        return !banned.get(id);
    }

    // ---------------------------------------------------------------------------------- propose

    /**
     * Candidate tokens for the state's position: each example's next-token top-k there (banned tokens
     * and the previous prompt token excluded), {@code topq} random intersections of
     * {@code intersectionSize} examples' top-k sets, their union; k grows by 2 while the union has
     * fewer than {@code minCandidates} tokens (up to the vocabulary size); the current token is added.
     * Random choices come from {@code (seed, stepIndex)}.
     */
    public Candidates propose(PromptState p, int stepIndex) {
        int pos = p.position();
        int[] ids = p.ids();
        int n = train.size();
        int[][] seqs = new int[n][];
        int[][] at = new int[n][];
        for (int i = 0; i < n; i++) {
            Layout g = template.generation(train.get(i).question(), ids);
            int upTo = g.span(LayoutPart.PROMPT).start() + pos; // the prefix before the position
            seqs[i] = Arrays.copyOf(g.ids(), upTo);
            at[i] = new int[] {upTo - 1};
        }
        int prev = ids[Math.floorMod(pos - 1, ids.length)];
        float[][] logits = new float[n][];
        int bs = cfg.naive() ? 1 : cfg.batchSize();
        for (int s = 0; s < n; s += bs) {
            int e = Math.min(n, s + bs);
            float[][][] lg = model.logits(Arrays.copyOfRange(seqs, s, e), Arrays.copyOfRange(at, s, e));
            forwardCalls.incrementAndGet();
            for (int i = s; i < e; i++) {
                logits[i] = lg[i - s][0];
                forward.addAndGet(seqs[i].length);
                forwardSeqs.incrementAndGet();
            }
        }
        int vocab = model.config().vocabSize();
        int allowedCount = vocab - banned.cardinality() - (banned.get(prev) ? 0 : 1);
        // per-example ranking of allowed tokens (log-softmax is monotone: rank raw logits)
        Integer[][] order = new Integer[n][];
        for (int i = 0; i < n; i++) {
            float[] l = logits[i];
            List<Integer> ok = new ArrayList<>();
            for (int t = 0; t < vocab; t++) if (!banned.get(t) && t != prev) ok.add(t);
            Integer[] o = ok.toArray(new Integer[0]);
            Arrays.sort(o, (a, b) -> l[b] != l[a] ? Float.compare(l[b], l[a]) : Integer.compare(a, b));
            order[i] = o;
        }
        SplittableRandom rng = new SplittableRandom(cfg.seed() * 1_000_003L + stepIndex);
        int k = cfg.topk();
        int m = Math.min(cfg.intersectionSize(), n);
        while (true) {
            int kk = Math.min(k, allowedCount);
            int[][] topk = new int[n][];
            for (int i = 0; i < n; i++) {
                topk[i] = new int[Math.min(kk, order[i].length)];
                for (int r = 0; r < topk[i].length; r++) topk[i][r] = order[i][r];
            }
            List<Intersection> inters = new ArrayList<>();
            TreeSet<Integer> union = new TreeSet<>();
            for (int q = 0; q < cfg.topq(); q++) {
                int[] sample = sample(rng, n, m);
                TreeSet<Integer> inter = new TreeSet<>();
                for (int t : topk[sample[0]]) inter.add(t);
                for (int j = 1; j < sample.length; j++) {
                    TreeSet<Integer> other = new TreeSet<>();
                    for (int t : topk[sample[j]]) other.add(t);
                    inter.retainAll(other);
                }
                inters.add(new Intersection(sample, inter.stream().mapToInt(Integer::intValue).toArray()));
                union.addAll(inter);
            }
            if (union.size() >= cfg.minCandidates() || kk >= allowedCount) {
                boolean added = union.add(p.current());
                return new Candidates(pos, kk, topk, List.copyOf(inters), union.stream().mapToInt(Integer::intValue).toArray(), added);
            }
            k += 2;
        }
    }

    /** {@code m} distinct indices of [0, n) in sampling order (random.sample). */
    static int[] sample(SplittableRandom rng, int n, int m) {
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) pool[i] = i;
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
            out[i] = pool[i];
        }
        return out;
    }

    // ---------------------------------------------------------------------------------- reason

    /** Greedy reasoning of every training example with the state's prompt. */
    public Reasoning reason(PromptState p) {
        return reason(p.ids());
    }

    /** Greedy reasoning of every training example with {@code promptIds}. */
    public Reasoning reason(int[] promptIds) {
        List<String> qs = train.stream().map(Example::question).toList();
        int maxNew = maxNewTokens(promptIds);
        int bs = cfg.naive() ? 9 : cfg.batchSize();
        List<Reasoner.Result> rs = reasoner.reason(qs, promptIds, maxNew, bs, (row, t) -> {});
        for (Reasoner.Result r : rs) prefill.addAndGet(r.input().length());
        return reasoning(promptIds, rs);
    }

    private Reasoning reasoning(int[] promptIds, List<Reasoner.Result> rs) {
        List<Trace> traces = new ArrayList<>();
        for (Reasoner.Result r : rs) {
            generated.addAndGet(r.tokens().length);
            generations.incrementAndGet();
            traces.add(new Trace(r.tokens(), r.text(), answerType.parse(r.text()).orElse("")));
        }
        return new Reasoning(promptIds.clone(), List.copyOf(traces));
    }

    /**
     * Greedy reasoning of every training example under each of several prompts of one length (the
     * candidates of a swap). The efficient schedule runs each question's shared prefix once
     * ({@link Reasoner#reasonShared}), {@code batchSize} questions x {@code prompts} rows together; the
     * official schedule generates each prompt on its own. Greedy results are the same either way.
     */
    public List<Reasoning> reason(List<int[]> prompts) {
        if (prompts.isEmpty()) return List.of();
        boolean sameLength = prompts.stream().allMatch(q -> q.length == prompts.get(0).length);
        if (cfg.naive() || prompts.size() == 1 || !sameLength) return prompts.stream().map(this::reason).toList();
        List<String> qs = train.stream().map(Example::question).toList();
        int maxNew = maxNewTokens(prompts.get(0));
        List<List<Reasoner.Result>> rs = reasoner.reasonShared(qs, prompts, maxNew, cfg.batchSize(), (row, t) -> {});
        for (int i = 0; i < qs.size(); i++) {
            Layout[] inputs = new Layout[prompts.size()];
            for (int j = 0; j < inputs.length; j++) inputs[j] = rs.get(j).get(i).input();
            int shared = Reasoner.sharedPrefix(inputs);
            prefill.addAndGet(shared);
            for (Layout l : inputs) prefill.addAndGet(l.length() - shared);
        }
        List<Reasoning> out = new ArrayList<>();
        for (int j = 0; j < prompts.size(); j++) out.add(reasoning(prompts.get(j), rs.get(j)));
        return out;
    }

    /** The reasoning cap: the config's, less what the longest layout and a tail need of the context. */
    private int maxNewTokens(int[] promptIds) {
        int longest = 0;
        for (Example e : train) longest = Math.max(longest, template.generation(e.question(), promptIds).length());
        int room = model.config().maxPositions() - longest - tailReserve();
        if (room < 1) {
            throw new IllegalArgumentException("the prompt leaves no room for reasoning: the longest example takes " + longest
                    + " of the model's " + model.config().maxPositions() + " tokens");
        }
        return Math.min(cfg.maxNewTokens(), room);
    }

    private int tailReserve() {
        int longestAnswer = 0;
        for (Example e : train) longestAnswer = Math.max(longestAnswer, tok.encode(" " + LayoutTemplate.answerText(e.lossAnswer())).length);
        return tok.encode(" " + extractor).length + longestAnswer + 2;
    }

    // ---------------------------------------------------------------------------------- score

    /**
     * The gradient step: for every example the sequence {@code [chat(question + sep + prompt),
     * reasoning, extractor, answer]} (the reasoning cut before an extractor it already wrote, when
     * {@code cutAtExtractor}); loss = CE(answer logits / T, answer) + w x mean NLL(prompt
     * tokens); the gradient of the summed loss with respect to the reduced one-hot over the
     * candidates at the position, L2-normalized; the shortlist = the candidates with the most
     * negative gradient (ties to the lower index).
     */
    public Scores score(PromptState p, Reasoning r, Candidates c) {
        int n = train.size();
        int[] ids = p.ids();
        int[][] seqs = new int[n][];
        int[][] oneHotAt = new int[n][];
        List<OneHotGradient.Target> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Example e = train.get(i);
            Layout l = template.full(e.question(), ids, scoredText(r.traces().get(i)), extractor, e.lossAnswer());
            seqs[i] = l.ids();
            Span pr = l.span(LayoutPart.PROMPT);
            Span an = l.span(LayoutPart.ANSWER);
            oneHotAt[i] = new int[] {pr.start() + p.position()};
            targets.add(new OneHotGradient.Target(i, range(an.start() - 1, an.end() - 1), Arrays.copyOfRange(seqs[i], an.start(), an.end()),
                    cfg.gradTemperature(), 1.0));
            targets.add(new OneHotGradient.Target(i, range(pr.start() - 1, pr.end() - 1), Arrays.copyOfRange(seqs[i], pr.start(), pr.end()),
                    1.0, cfg.gradPromptWeight()));
            backward.addAndGet(seqs[i].length);
            backwardSeqs.incrementAndGet();
        }
        int gbs = cfg.naive() ? 1 : cfg.batchSize();
        backwardCalls.addAndGet((n + gbs - 1) / gbs);
        OneHotGradient.Result g = OneHotGradient.compute(model, new OneHotGradient.Request(seqs, oneHotAt, c.tokens(), targets), gbs);
        double[] sum = new double[c.tokens().length];
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
        for (int j = 0; j < s; j++) shortlist[j] = c.tokens()[order[j]];
        return new Scores(p.position(), c.tokens(), g.rowLoss(), grad, shortlist);
    }

    /** The reasoning ids that are scored: all of them, or those before the extractor it already wrote ({@code cutAtExtractor}). */
    private int[] scoredTokens(Trace t) {
        return cfg.cutAtExtractor() ? ExtractorCut.tokens(tok, t.tokens(), extractor) : t.tokens();
    }

    /** The reasoning text that is scored (see {@link #scoredTokens}). */
    private String scoredText(Trace t) {
        return cfg.cutAtExtractor() ? ExtractorCut.text(tok, t.tokens(), t.text(), extractor) : t.text();
    }

    private static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) a[i] = from + i;
        return a;
    }

    // ---------------------------------------------------------------------------------- swap

    /**
     * Scores a prompt for real on the training examples: fresh greedy reasoning, then teacher-forced
     * {@code [generation input, reasoning ids, extractor, answer]} (the reasoning ids cut before an
     * extractor they already wrote, when {@code cutAtExtractor}); an example is a mistake when the
     * argmax at any answer position differs from the gold token. Score = mistake rate + w x mean NLL
     * of the prompt tokens, where (as in the official code) the NLL targets are {@code nllTargets},
     * the prompt the step started from, not the candidate.
     */
    public Evaluated evaluate(int[] promptIds, int[] nllTargets, int token) {
        Reasoning r = reason(promptIds);
        return evaluate(promptIds, nllTargets, token, r, train);
    }

    Evaluated evaluate(int[] promptIds, int[] nllTargets, int token, Reasoning r, List<Example> examples) {
        Rows rows = rows(promptIds, nllTargets, r, examples);
        int n = examples.size();
        double[][] lp = new double[n][];
        int[][] am = new int[n][];
        int bs = cfg.naive() ? 1 : cfg.batchSize();
        for (int s = 0; s < n; s += bs) {
            int e = Math.min(n, s + bs);
            LanguageModel.TokenScores ts = model.scoreTokens(Arrays.copyOfRange(rows.seqs, s, e), Arrays.copyOfRange(rows.at, s, e),
                    Arrays.copyOfRange(rows.tg, s, e));
            forwardCalls.incrementAndGet();
            for (int i = s; i < e; i++) {
                lp[i] = ts.logProb()[i - s];
                am[i] = ts.argmax()[i - s];
                forward.addAndGet(rows.seqs[i].length);
                forwardSeqs.incrementAndGet();
            }
        }
        return result(token, promptIds, r, rows, lp, am);
    }

    /**
     * The teacher-forced rows of {@link #evaluate}: per example the sequence, the positions read (the
     * prompt tokens' predictions, then the extractor-and-answer's) and their targets.
     */
    private record Rows(int[][] seqs, int[][] at, int[][] tg, int promptLen) {}

    private Rows rows(int[] promptIds, int[] nllTargets, Reasoning r, List<Example> examples) {
        int n = examples.size();
        int[][] seqs = new int[n][];
        int[][] at = new int[n][];
        int[][] tg = new int[n][];
        int promptLen = promptIds.length;
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            Trace t = r.traces().get(i);
            Layout g = template.generation(e.question(), promptIds);
            int[] gen = scoredTokens(t);
            String text = gen.length == t.tokens().length ? t.text() : tok.decode(gen, true).strip();
            LayoutTemplate.Tail tail = template.tail(text, extractor, e.lossAnswer());
            int[] tailIds = tail.ids();
            int[] tgt = Arrays.copyOfRange(tailIds, tail.reasoningEnd(), tailIds.length); // extractor + answer
            int room = model.config().maxPositions() - g.length() - tgt.length;
            if (gen.length > room) gen = Arrays.copyOf(gen, Math.max(0, room));
            int[] seq = new int[g.length() + gen.length + tgt.length];
            System.arraycopy(g.ids(), 0, seq, 0, g.length());
            System.arraycopy(gen, 0, seq, g.length(), gen.length);
            System.arraycopy(tgt, 0, seq, g.length() + gen.length, tgt.length);
            seqs[i] = seq;
            int ansStart = g.length() + gen.length + (tail.answerStart() - tail.reasoningEnd());
            int ps = g.span(LayoutPart.PROMPT).start();
            int na = seq.length - ansStart;
            at[i] = new int[promptLen + na];
            tg[i] = new int[promptLen + na];
            for (int j = 0; j < promptLen; j++) {
                at[i][j] = ps + j - 1;
                tg[i][j] = j < nllTargets.length ? nllTargets[j] : promptIds[j];
            }
            for (int j = 0; j < na; j++) {
                at[i][promptLen + j] = ansStart + j - 1;
                tg[i][promptLen + j] = seq[ansStart + j];
            }
        }
        return new Rows(seqs, at, tg, promptLen);
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
            throw new ArithmeticException("the prompt NLL is " + meanNll + " for prompt \"" + text(promptIds) + "\"");
        }
        return new Evaluated(token, rate + cfg.selectPromptWeight() * meanNll, rate, meanNll, r);
    }

    /**
     * {@link #evaluate} of several candidate prompts at once (efficient schedule): each example's rows
     * for the candidates share their beginning (question and prompt up to the position), which runs
     * through the model once ({@link LanguageModel#scoreTokens(int[][], int[], int[][], int[][], int[][])});
     * {@code batchSize} examples x candidates rows per call.
     */
    private List<Evaluated> evaluateShared(List<int[]> prompts, int[] nllTargets, List<Integer> tokens, List<Reasoning> rs) {
        int c = prompts.size();
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
        for (int s = 0; s < n; s += cfg.batchSize()) {
            int e = Math.min(n, s + cfg.batchSize());
            int[][] prefixes = new int[e - s][];
            int[] prefixOf = new int[(e - s) * c];
            int[][] tails = new int[prefixOf.length][];
            int[][] at = new int[prefixOf.length][];
            int[][] tg = new int[prefixOf.length][];
            for (int i = s; i < e; i++) {
                prefixes[i - s] = Arrays.copyOf(rows.get(0).seqs[i], shared[i]);
                forward.addAndGet(prefixes[i - s].length);
                for (int j = 0; j < c; j++) {
                    int row = (i - s) * c + j;
                    int[] q = rows.get(j).seqs[i];
                    prefixOf[row] = i - s;
                    tails[row] = Arrays.copyOfRange(q, prefixes[i - s].length, q.length);
                    at[row] = rows.get(j).at[i];
                    tg[row] = rows.get(j).tg[i];
                    forward.addAndGet(tails[row].length);
                    forwardSeqs.incrementAndGet();
                }
            }
            LanguageModel.TokenScores ts = model.scoreTokens(prefixes, prefixOf, tails, at, tg);
            forwardCalls.incrementAndGet();
            for (int row = 0; row < prefixOf.length; row++) {
                int i = s + row / c;
                int j = row % c;
                lp[j][i] = ts.logProb()[row];
                am[j][i] = ts.argmax()[row];
            }
        }
        List<Evaluated> out = new ArrayList<>();
        for (int j = 0; j < c; j++) out.add(result(tokens.get(j), prompts.get(j), rs.get(j), rows.get(j), lp[j], am[j]));
        return out;
    }

    /**
     * The swap: each shortlisted token (in gradient order) is tried at the position and scored for
     * real ({@link #evaluate}); the winner is the lowest score, ties to the later one. Period forcing:
     * a token whose text contains "." at a position at least half the initial length is taken at once.
     * With keep-best, the current token is scored first and kept unless a candidate is not worse.
     * The next state: position + 1; at the end of the prompt, wrap to 0 when the last token holds
     * ".", else append the growth token and optimize it next; a score below the early-stop threshold
     * restarts the pass at position 0.
     */
    public Swap swap(PromptState p, Scores s) {
        return swap(p, s, null);
    }

    /** {@link #swap(PromptState, Scores)} reusing an already scored current prompt (keep-best), may be null. */
    Swap swap(PromptState p, Scores s, Evaluated currentScored) {
        int pos = p.position();
        int[] base = p.ids();
        List<Evaluated> evaluated = new ArrayList<>();
        if (cfg.keepBest()) evaluated.add(currentScored != null ? currentScored : evaluate(base, base, p.current()));
        List<Integer> tried = new ArrayList<>();
        for (int token : s.shortlist()) {
            if (cfg.keepBest() && token == p.current()) continue;
            tried.add(token);
            if (forcesPeriod(token, pos, p.initialLength())) break; // taken at once: later candidates are not scored
        }
        evaluated.addAll(evaluateAll(base, pos, tried));
        Choice c = choose(evaluated, t -> forcesPeriod(t, pos, p.initialLength()));
        PromptState next = advance(p, c.winner().token(), c.winner().score(), tok.tokenText(c.winner().token()).contains("."), growthId,
                cfg.earlyStopScore());
        return new Swap(pos, List.copyOf(evaluated), c.winner().token(), c.winner().score(), c.forced(), next, c.winner().reasoning());
    }

    /**
     * Scores {@code tokens} at {@code pos} of {@code base} for real ({@link #evaluate}), in order, their
     * fresh reasoning generated together ({@link #reason(List)}) and, in the efficient schedule, their
     * teacher-forced rows scored together from each example's shared beginning.
     */
    private List<Evaluated> evaluateAll(int[] base, int pos, List<Integer> tokens) {
        List<int[]> prompts = new ArrayList<>();
        for (int token : tokens) {
            int[] cand = base.clone();
            cand[pos] = token;
            prompts.add(cand);
        }
        List<Reasoning> rs = reason(prompts);
        if (!cfg.naive() && tokens.size() > 1) return evaluateShared(prompts, base, tokens, rs);
        List<Evaluated> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) out.add(evaluate(prompts.get(i), base, tokens.get(i), rs.get(i), train));
        return out;
    }

    private boolean forcesPeriod(int token, int pos, int initialLength) {
        return cfg.periodForcing() && tok.tokenText(token).contains(".") && pos >= 0.5 * initialLength;
    }

    /**
     * The winner of scored candidates in evaluation order: the lowest score, ties to the later one
     * ({@code <=}, as the official loop); a candidate for which {@code forces} holds is taken at once
     * (nothing after it counts). With keep-best the current token is the first entry, so a candidate
     * replaces it only when it is not worse.
     */
    public static Choice choose(List<Evaluated> inOrder, java.util.function.IntPredicate forces) {
        if (inOrder.isEmpty()) throw new IllegalArgumentException("nothing was scored");
        Evaluated best = null;
        for (Evaluated e : inOrder) {
            if (best == null || e.score() <= best.score()) best = e;
            if (forces.test(e.token())) return new Choice(e, true);
        }
        return new Choice(best, false);
    }

    /** The swap's decision. @param winner the chosen entry @param forced period forcing chose it */
    public record Choice(Evaluated winner, boolean forced) {}

    /**
     * The state after a step put {@code winner} at the position (the official position rules): the
     * position advances by one; past the end it wraps to 0 when the winner's text holds ".", else the
     * growth token is appended and becomes the next position; a score below {@code earlyStop}
     * restarts the pass at position 0.
     */
    public static PromptState advance(PromptState p, int winner, double score, boolean winnerHasPeriod, int growthId, double earlyStop) {
        int[] next = p.ids();
        next[p.position()] = winner;
        int nextPos = p.position() + 1;
        if (nextPos >= next.length) {
            if (winnerHasPeriod) {
                nextPos = 0;
            } else {
                next = Arrays.copyOf(next, next.length + 1);
                next[next.length - 1] = growthId;
            }
        }
        int restarts = p.restarts();
        if (score < earlyStop && nextPos != 0) {
            nextPos = 0;
            restarts++;
        }
        return new PromptState(next, nextPos, p.initialLength(), restarts);
    }

    // ---------------------------------------------------------------------------------- step

    /**
     * One step: propose, reason (or reuse {@code previous} when it was generated with exactly this
     * prompt and the schedule allows reuse), score, swap; with the diagnostic on, every candidate is
     * also scored for real. Reports the step's cost.
     */
    public Step step(PromptState p, int index, Reasoning previous) {
        resetCounters();
        Map<String, Double> sec = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Candidates c = propose(p, index);
        long t1 = System.nanoTime();
        sec.put("propose", (t1 - t0) / 1e9);
        boolean reuse = !cfg.naive() && previous != null && Arrays.equals(previous.promptIds(), p.ids());
        Reasoning r = reuse ? previous : reason(p);
        long t2 = System.nanoTime();
        sec.put("reason", (t2 - t1) / 1e9);
        Scores s = score(p, r, c);
        long t3 = System.nanoTime();
        sec.put("score", (t3 - t2) / 1e9);
        Evaluated current = null;
        if (cfg.keepBest() && !cfg.naive()) {
            // the current prompt's reasoning is r: score it without generating again
            current = evaluate(p.ids(), p.ids(), p.current(), r, train);
        }
        Swap w = swap(p, s, current);
        long t4 = System.nanoTime();
        sec.put("swap", (t4 - t3) / 1e9);
        List<Evaluated> all = List.of();
        if (cfg.scoreAllCandidates()) {
            Map<Integer, Evaluated> known = new LinkedHashMap<>();
            for (Evaluated e : w.evaluated()) known.put(e.token(), e);
            List<Integer> missing = new ArrayList<>();
            for (int token : c.tokens()) if (!known.containsKey(token)) missing.add(token);
            int group = Math.max(1, cfg.shortlist()); // candidates generated together, as many as a swap scores
            for (int from = 0; from < missing.size(); from += group) {
                List<Integer> part = missing.subList(from, Math.min(missing.size(), from + group));
                List<Evaluated> ev = evaluateAll(p.ids(), p.position(), part);
                for (Evaluated e : ev) known.put(e.token(), e);
            }
            List<Evaluated> d = new ArrayList<>();
            for (int token : c.tokens()) d.add(known.get(token));
            all = List.copyOf(d);
            sec.put("diagnostic", (System.nanoTime() - t4) / 1e9);
        }
        Cost cost = new Cost(generated.get(), forward.get(), backward.get(), generations.get(), forwardSeqs.get(), backwardSeqs.get(),
                forwardCalls.get(), backwardCalls.get(), prefill.get(), sec);
        return new Step(index, p, c, r, reuse, s, w, all, cost);
    }

    private void resetCounters() {
        generated.set(0);
        forward.set(0);
        backward.set(0);
        generations.set(0);
        forwardSeqs.set(0);
        backwardSeqs.set(0);
        forwardCalls.set(0);
        backwardCalls.set(0);
        prefill.set(0);
    }

    /**
     * Accuracy of a prompt on examples by the official proxy: greedy reasoning, then teacher-forced
     * extractor and answer; an example is right when the argmax at every answer position is the
     * gold token. Used for the dev-split selection of the final prompt.
     */
    public double accuracy(int[] promptIds, List<Example> examples) {
        if (examples.isEmpty()) return Double.NaN;
        List<String> qs = examples.stream().map(Example::question).toList();
        List<Reasoner.Result> rs = reasoner.reason(qs, promptIds, maxNewTokens(promptIds), cfg.batchSize(), (row, t) -> {});
        List<Trace> traces = new ArrayList<>();
        for (Reasoner.Result x : rs) traces.add(new Trace(x.tokens(), x.text(), ""));
        Evaluated e = evaluate(promptIds, promptIds, -1, new Reasoning(promptIds.clone(), traces), examples);
        return 1 - e.mistakeRate();
    }
}
