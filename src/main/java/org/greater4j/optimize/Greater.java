package org.greater4j.optimize;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Example;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;

/**
 * GReaTer over a model and a task: {@link #propose}, {@link #reason}, {@link #score} and {@link #swap}, each a
 * public method taking and returning immutable values; {@link #step} composes them and {@link #run} repeats it
 * with checkpoints. The prompt layout and the extractor come from the model and the task ({@link Protocol}).
 *
 * <pre>{@code
 * var g = Greater.of(model, task, GreaterConfig.paper().withTopk(11));
 * var p = g.initialPrompt();
 * var c = g.propose(p);  var r = g.reason(p);  var s = g.score(p, r, c);  var w = g.swap(p, s);
 * var run = g.run(30, Path.of("runs/toy"));
 * }</pre>
 *
 * <p>The state a user would otherwise thread through calls is the optimizer's: the step index lives in the
 * {@link PromptState} (each step's random choices come from (seed, step)), and the winner's reasoning of the last
 * swap is kept and reused when the next step's prompt is exactly the winner's (greedy reasoning is
 * deterministic, so this only saves time). The model is only read. Not thread-safe.
 */
public final class Greater {
    private final Context ctx;
    /** The protocol asked for, before {@link GreaterConfig#officialChatLayout()} may replace its chat format. */
    private final Protocol asked;
    private final Proposal proposal;
    private final Reasons reasons;
    private final Gradient gradient;
    private final RealScore real;
    private final SwapRule swapRule;
    private Reasoning lastWinner;

    private Greater(Protocol protocol, Task task, GreaterConfig cfg) {
        this.asked = protocol;
        this.ctx = new Context(cfg.officialChatLayout() ? protocol.official() : protocol, task, cfg);
        this.proposal = new Proposal(ctx);
        this.reasons = new Reasons(ctx);
        this.gradient = new Gradient(ctx);
        this.real = new RealScore(ctx, gradient);
        this.swapRule = new SwapRule(ctx, reasons, real);
    }

    /** An optimizer for {@code task} on {@code model}: the command line's layout and the task's extractor for the model. */
    public static Greater of(LanguageModel model, Task task, GreaterConfig cfg) {
        return of(Protocol.of(model, task, Protocol.Options.defaults().withSeparator(cfg.separator())), task, cfg);
    }

    /**
     * An optimizer with a chosen protocol (chat format, date, extractor); its separator must be the config's.
     *
     * @throws IllegalArgumentException when the task has no training rows or the separators differ
     */
    public static Greater of(Protocol protocol, Task task, GreaterConfig cfg) {
        return new Greater(protocol, task, cfg);
    }

    /** This optimizer with another config (same model, task and layout). */
    public Greater with(GreaterConfig cfg) {
        return new Greater(asked.options().settings().separator().equals(cfg.separator()) ? asked
                : Protocol.of(ctx.model, ctx.task, asked.options().withSeparator(cfg.separator())), ctx.task, cfg);
    }

    /** This optimizer with the chat template's date set (a resumed run keeps the date it started with). */
    public Greater withDate(LocalDate date) {
        return new Greater(asked.withDate(date), ctx.task, ctx.cfg);
    }

    /** The config. */
    public GreaterConfig config() {
        return ctx.cfg;
    }

    /** The protocol the optimizer uses: layout and extractor (the official chat format when the config asks for it). */
    public Protocol protocol() {
        return ctx.protocol;
    }

    /** The task. */
    public Task task() {
        return ctx.task;
    }

    /** The training examples. */
    public List<Example> train() {
        return ctx.train;
    }

    /** The model. */
    public LanguageModel model() {
        return ctx.model;
    }

    /** The extractor phrase. */
    public String extractor() {
        return ctx.extractor;
    }

    /** The token id appended when the prompt grows. */
    public int growthId() {
        return ctx.growthId;
    }

    /** A prompt's text: the decoded ids (a trailing growth token dropped), no leading space. */
    public String text(int[] ids) {
        return ctx.text(ids);
    }

    /** The ids of a prompt text as it follows the separator. */
    public int[] encode(String prompt) {
        return ctx.layout.encodePrompt(prompt);
    }

    /** True when a token may be proposed (not banned). */
    public boolean isAllowed(int id) {
        return proposal.isAllowed(id);
    }

    /** The initial prompt state: the config's initial prompt at position 0, step 0. */
    public PromptState initialPrompt() {
        int[] ids = encode(ctx.cfg.initialPrompt());
        if (ids.length == 0) throw new IllegalArgumentException("the initial prompt encodes to no tokens");
        return ctx.state(ids, 0, ids.length, 0, 0);
    }

    /**
     * A prompt state of one's own: {@code ids} with {@code position} optimized next at step {@code step}
     * (to replay a step of another implementation, or of a run).
     */
    public PromptState state(int[] ids, int position, int step) {
        return ctx.state(ids, position, ids.length, 0, step);
    }

    /**
     * Candidate tokens for the state's position: each example's next-token top-k there (banned tokens and the
     * previous prompt token excluded), {@code topq} random intersections of {@code intersectionSize} examples' top-k
     * sets, their union; k grows by 2 while the union has fewer than {@code minCandidates} tokens; the current token
     * is added. Random choices come from {@code (seed, p.step())}.
     */
    public Candidates propose(PromptState p) {
        return proposal.propose(p);
    }

    /**
     * A candidate set of one's own for the state's position (e.g. another implementation's): {@code tokens}
     * ascending, the current token added when missing, as the proposal forms its set.
     */
    public Candidates candidates(PromptState p, int[] tokens) {
        java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
        for (int t : tokens) {
            if (t < 0 || t >= ctx.model.config().vocabSize()) throw new IllegalArgumentException("candidate " + t + " is not a token id");
            set.add(t);
        }
        boolean added = set.add(p.current());
        int[] ids = set.stream().mapToInt(Integer::intValue).toArray();
        return new Candidates(p.position(), p.current(), 0, new int[0][], List.of(), ids, ctx.tokenTexts(ids), added);
    }

    /**
     * {@link #propose(PromptState)} with the intersections' example samples given (one array of training-example
     * indices per intersection, e.g. as another implementation drew them) instead of drawn at random.
     */
    public Candidates propose(PromptState p, List<int[]> samples) {
        return proposal.propose(p, List.copyOf(samples));
    }

    /**
     * Greedy reasoning of every training example under the state's prompt: the last swap's winner reasoning when
     * the prompt is exactly the winner's (efficient schedule), else generated.
     */
    public Reasoning reason(PromptState p) {
        Reasoning known = reusable(p);
        return known != null ? known : reasons.reason(p.ids(), ctx.train);
    }

    private Reasoning reusable(PromptState p) {
        return !ctx.cfg.naive() && lastWinner != null && lastWinner.isFor(p.ids()) ? lastWinner : null;
    }

    /**
     * The gradient step: for every example the sequence {@code [chat(question + sep + prompt), reasoning,
     * extractor, answer]} (the reasoning cut before an extractor it already wrote, when {@code cutAtExtractor});
     * loss = CE(answer logits / T, answer) + w x mean NLL(prompt tokens); the gradient of the summed loss with
     * respect to the reduced one-hot over the candidates at the position, L2-normalized; the shortlist = the
     * candidates with the most negative gradient (ties to the lower index).
     */
    public Scores score(PromptState p, Reasoning r, Candidates c) {
        return gradient.score(p, r, c);
    }

    /**
     * The swap: each shortlisted token (in gradient order) is tried at the position and scored for real; the
     * winner is the lowest score, ties to the later one; period forcing; with keep-best the current token is
     * scored first and kept unless a candidate is not worse. The next state: position + 1; at the end of the
     * prompt, wrap to 0 when the last token holds ".", else append the growth token and optimize it next; a score
     * below the early-stop threshold restarts the pass at position 0.
     */
    public Swap swap(PromptState p, Scores s) {
        return remember(swapRule.swap(p, s, null));
    }

    private Swap remember(Swap w) {
        Reasoning r = w.reasoning();
        if (r != null) lastWinner = r;
        return w;
    }

    /**
     * Scores a prompt for real on the training examples: fresh greedy reasoning, then the teacher-forced answer
     * (mistake rate + w x prompt NLL, the NLL targets being {@code nllTargets}).
     */
    public Evaluated evaluate(int[] promptIds, int[] nllTargets, int token) {
        return real.evaluate(promptIds, nllTargets, token, reasons.reason(promptIds, ctx.train), ctx.train);
    }

    /**
     * One step: propose, reason (or reuse the last winner's reasoning), score, swap; with the diagnostic on,
     * every candidate is also scored for real. Reports the step's cost.
     */
    public Step step(PromptState p) {
        CostMeter m = ctx.meter;
        m.reset();
        Candidates c = propose(p);
        m.lap("propose");
        Reasoning known = reusable(p);
        Reasoning r = known != null ? known : reasons.reason(p.ids(), ctx.train);
        reasons.remember(r); // the candidates' reasoning is drafted from this one
        m.lap("reason");
        Scores s = score(p, r, c);
        m.lap("score");
        Evaluated current = ctx.cfg.keepBest() && !ctx.cfg.naive() ? real.evaluate(p.ids(), p.ids(), p.current(), r, ctx.train) : null;
        Swap w = remember(swapRule.swap(p, s, current));
        m.lap("swap");
        List<Evaluated> all = ctx.cfg.scoreAllCandidates() ? scoreAll(p, c, w) : List.of();
        if (ctx.cfg.scoreAllCandidates()) m.lap("diagnostic");
        return new Step(p.step(), p, c, r, known != null, s, w, all, m.cost());
    }

    /**
     * {@code n} steps from the initial prompt, each from the last one's next state, in memory only (no checkpoint,
     * no dev choice: {@link #run(int, Path)} does those).
     */
    public List<Step> steps(int n) {
        List<Step> out = new ArrayList<>();
        PromptState p = initialPrompt();
        for (int i = 0; i < n; i++) {
            Step s = step(p);
            out.add(s);
            p = s.next();
        }
        return out;
    }

    /** The diagnostic: every candidate scored for real (those the swap scored are reused), in candidate order. */
    private List<Evaluated> scoreAll(PromptState p, Candidates c, Swap w) {
        Map<Integer, Evaluated> known = new LinkedHashMap<>();
        for (Evaluated e : w.evaluated()) known.put(e.token(), e);
        List<Integer> missing = new ArrayList<>();
        for (int token : c.tokens()) if (!known.containsKey(token)) missing.add(token);
        int group = Math.max(1, ctx.cfg.shortlist()); // candidates generated together, as many as a swap scores
        for (int from = 0; from < missing.size(); from += group) {
            List<Integer> part = missing.subList(from, Math.min(missing.size(), from + group));
            for (Evaluated e : swapRule.evaluateAll(p.ids(), p.position(), part)) known.put(e.token(), e);
        }
        List<Evaluated> d = new ArrayList<>();
        for (int token : c.tokens()) d.add(known.get(token));
        return d;
    }

    /**
     * How well the gradient ranks the candidates at the state's position: one step with every candidate scored
     * for real (the optimizer's own choices are unchanged), against a shortlist drawn at random.
     */
    public Diagnosis diagnose(PromptState p) {
        Greater d = with(ctx.cfg.withScoreAllCandidates(true));
        d.lastWinner = lastWinner;
        return Diagnosis.of(d.step(p), ctx.cfg.shortlist());
    }

    /**
     * Accuracy of a prompt on examples by the optimizer's own measure (the official proxy, used to choose the
     * final prompt on the dev split): greedy reasoning, then the teacher-forced extractor and answer; an example is
     * right when the argmax at every answer position is the gold token.
     */
    public double accuracy(int[] promptIds, List<Example> examples) {
        if (examples.isEmpty()) return Double.NaN;
        Reasoning r = reasons.reason(promptIds, examples);
        return 1 - real.evaluate(promptIds, promptIds, -1, r, examples).mistakeRate();
    }

    /**
     * Runs {@code steps} steps with checkpoints in {@code dir} (null: in memory only), resuming a run found there,
     * and chooses the final prompt on the dev split. See {@link Run}.
     */
    public Run run(int steps, Path dir) {
        return Run.start(this, RunOptions.of(steps, dir));
    }

    /** {@link #run(int, Path)} with every option ({@link RunOptions}). */
    public Run run(RunOptions options) {
        return Run.start(this, options);
    }

    /** The state after putting {@code winner} at the position with this score (the swap's position rules). */
    PromptState advance(PromptState p, int winner, double score) {
        return swapRule.advance(p, winner, score);
    }

    /** The last swap's winner reasoning (what the next step reuses), or null. */
    Reasoning lastWinner() {
        return lastWinner;
    }

    /** Sets the reasoning the next step may reuse (a resumed run's). */
    void reuse(Reasoning r) {
        lastWinner = r;
    }

    @Override
    public String toString() {
        return "Greater[" + ctx.task.name() + " on " + ctx.model.source().getFileName() + ", " + ctx.cfg.preset() + "]";
    }
}
