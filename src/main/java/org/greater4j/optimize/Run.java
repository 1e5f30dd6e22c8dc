package org.greater4j.optimize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.greater4j.task.Evaluation;
import org.greater4j.task.EvaluationConfig;
import org.greater4j.task.EvaluationListener;
import org.greater4j.task.EvaluationSummary;
import org.greater4j.task.Example;
import org.greater4j.task.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GReaTer run: {@link Greater#step} repeated, a checkpoint after every step in the run's folder
 * ({@code checkpoint.json}, resumable from the command line and from a notebook alike), the best 10 prompts by
 * training score, the final prompt chosen as the paper did (the best of the 10 on the dev split), and
 * {@code run.json} with everything. Every decision is in the steps; this is only the loop and its files.
 * An immutable result once returned (except {@link #testAccuracy(int)}, which measures and records the test split).
 */
public final class Run {
    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    /** How the final prompt is chosen. */
    public static final String RULE_DEV = "best dev-split accuracy among the 10 best prompts by training score "
            + "(ties: better training score, then the later step)";
    /** How the final prompt is chosen with {@link GreaterConfig#perPassBest()}. */
    public static final String RULE_DEV_OFFICIAL = "best dev-split accuracy among the official pool: the best-10 list of the "
            + "pass (duplicates kept) as last printed at a step % 15 == 0 (ties: better training score, then the later step)";
    /** How the final prompt is chosen without dev rows. */
    public static final String RULE_TRAIN = "best training score (no dev rows; ties to the later step)";

    private final Greater greater; // null for a run read back from its files
    private final GreaterConfig config;
    private final Path dir;
    private final Checkpoint checkpoint;
    private final BestPrompt chosen;
    private final String rule;
    private final String lastPrompt;
    private final List<BestPrompt> best;
    private TestAccuracy test;

    private Run(Greater greater, GreaterConfig config, Path dir, Checkpoint checkpoint, BestPrompt chosen, String rule, String lastPrompt,
                List<BestPrompt> best, TestAccuracy test) {
        this.greater = greater;
        this.config = config;
        this.dir = dir;
        this.checkpoint = checkpoint;
        this.chosen = chosen;
        this.rule = rule;
        this.lastPrompt = lastPrompt;
        this.best = List.copyOf(best);
        this.test = test;
    }

    private static Run of(Greater g, Path dir, Checkpoint cp, BestPrompt chosen, String rule, List<BestPrompt> best) {
        return new Run(g, g.config(), dir, cp, chosen, rule, g.text(cp.state().ids()), best, null);
    }

    /**
     * A finished run as its files hold it (no optimizer attached: it cannot measure anything more).
     *
     * @param config     the config it ran with
     * @param checkpoint its last checkpoint
     * @param chosen     the final prompt
     * @param rule       how it was chosen
     * @param lastPrompt the prompt after the last step
     * @param best       the best prompts with their dev accuracy
     * @param test       the test accuracies, or null
     * @param dir        its folder, or null
     */
    public static Run of(GreaterConfig config, Checkpoint checkpoint, BestPrompt chosen, String rule, String lastPrompt, List<BestPrompt> best,
                         TestAccuracy test, Path dir) {
        return new Run(null, config, dir, checkpoint, chosen, rule, lastPrompt, best, test);
    }

    /**
     * Reads a finished run from its folder ({@code checkpoint.json} and {@code run.json}), e.g. a run the command
     * line made, to show or compare it.
     *
     * @throws IllegalArgumentException naming the file when a file is missing or not a greater4j run
     */
    public static Run read(Path dir) {
        return RunFiles.readRun(dir);
    }

    /**
     * Test-split accuracy of the initial and the final prompt by the shared evaluation (both of its methods).
     *
     * @param before the initial prompt's summary
     * @param after  the final prompt's summary
     */
    public record TestAccuracy(EvaluationSummary before, EvaluationSummary after) {
        /** The gain of method (a), in accuracy points (fractions). */
        public double gain() {
            return after.accuracy() - before.accuracy();
        }
    }

    static Run start(Greater g, RunOptions o) {
        Path dir = o.dir();
        try (RunLock lock = dir == null ? null : RunLock.acquire(dir)) {
            Path cpFile = dir == null ? null : dir.resolve("checkpoint.json");
            Checkpoint resume = null;
            if (cpFile != null && Files.exists(cpFile)) {
                if (o.resume() == RunOptions.Resume.NEVER) {
                    throw new IllegalArgumentException(cpFile + " exists; pass --resume to continue that run, or another --out");
                }
                resume = Checkpoint.read(cpFile);
                String date = resume.identity().get("date");
                if (date != null && g.protocol().dateUsed() != null && !date.equals(g.protocol().dateUsed().toString())) {
                    LOG.info("resuming with the chat template's date of the run, {}", date);
                    g = g.withDate(LocalDate.parse(date));
                }
                resume.requireSameRun(RunIdentity.of(g), cpFile);
            } else if (o.resume() == RunOptions.Resume.REQUIRED) {
                throw new IllegalArgumentException("--resume: no checkpoint at " + cpFile);
            }
            Map<String, String> identity = RunIdentity.of(g);
            PromptState state = resume != null ? resume.state() : g.initialPrompt();
            g.reuse(resume != null ? resume.reuse() : null);
            List<Step> steps = resume != null ? resume.steps() : List.of();
            List<BestPrompt> best = new ArrayList<>(resume != null ? resume.best() : List.of());
            Checkpoint cp = resume;
            for (int i = state.step(); i < o.steps(); i++) {
                Step s = g.step(state);
                steps = Checkpoint.plus(steps, s.compact());
                if (g.config().perPassBest()) {
                    best = new ArrayList<>(OfficialBest.devPool(steps, g::text));
                } else {
                    int[] chosen = state.ids();
                    chosen[s.swap().position()] = s.swap().winner();
                    offer(best, new BestPrompt(chosen, g.text(chosen), s.swap().score(), Double.NaN, i));
                }
                state = s.next();
                Reasoning reuse = g.lastWinner() != null && g.lastWinner().isFor(state.ids()) ? g.lastWinner() : null;
                cp = new Checkpoint(Checkpoint.FORMAT, identity, i + 1, state, reuse, steps, best);
                if (cpFile != null) cp.write(cpFile);
                o.listener().onStep(s, o.steps());
            }
            if (cp == null) cp = new Checkpoint(Checkpoint.FORMAT, identity, state.step(), state, null, steps, best);
            Run r = finish(g, dir, cp, o);
            if (dir != null) RunFiles.writeRunJson(r);
            return r;
        }
    }

    /** Keeps the 10 lowest scores, one entry per prompt (a repeated prompt keeps its better score; ties to the later step). */
    static void offer(List<BestPrompt> best, BestPrompt p) {
        for (int i = 0; i < best.size(); i++) {
            if (Arrays.equals(best.get(i).ids(), p.ids())) {
                if (p.trainScore() <= best.get(i).trainScore()) best.set(i, p);
                sortBest(best);
                return;
            }
        }
        best.add(p);
        sortBest(best);
        while (best.size() > 10) best.remove(best.size() - 1);
    }

    private static void sortBest(List<BestPrompt> best) {
        best.sort(Comparator.comparingDouble(BestPrompt::trainScore).thenComparing(Comparator.comparingInt(BestPrompt::step).reversed()));
    }

    /**
     * The entry with the ids its text encodes to, so that the prompt chosen on dev is the one the test split (which
     * reads the text) measures: the same unless the ids were not the tokenizer's own (no {@code retokenize}) or end
     * in the growth token, which the text leaves out.
     */
    static BestPrompt canonical(Greater g, BestPrompt b) {
        int[] ids = g.encode(b.prompt());
        return ids.length == 0 || Arrays.equals(ids, b.ids()) ? b : new BestPrompt(ids, b.prompt(), b.trainScore(), b.devAccuracy(), b.step());
    }

    /** Chooses the final prompt: dev accuracy of each best prompt, or the training score without dev rows. */
    private static Run finish(Greater g, Path dir, Checkpoint cp, RunOptions o) {
        List<BestPrompt> best = new ArrayList<>();
        for (BestPrompt b : cp.best()) best.add(canonical(g, b));
        if (best.isEmpty()) {
            int[] ids = cp.state().ids();
            return of(g, dir, cp, new BestPrompt(ids, g.text(ids), Double.NaN, Double.NaN, cp.state().step()), RULE_TRAIN, List.of());
        }
        List<Example> dev = g.task().dev();
        if (o.devLimit() > 0 && dev.size() > o.devLimit()) dev = dev.subList(0, o.devLimit());
        if (dev.isEmpty()) return of(g, dir, cp, best.get(0), RULE_TRAIN, best);
        List<BestPrompt> measured = new ArrayList<>();
        Map<List<Integer>, Double> known = new java.util.HashMap<>(); // the official pool may hold a prompt twice
        for (BestPrompt b : best) {
            List<Integer> key = Arrays.stream(b.ids()).boxed().toList();
            final List<Example> rows = dev;
            measured.add(b.withDevAccuracy(known.computeIfAbsent(key, k -> g.accuracy(b.ids(), rows))));
            o.listener().onDev(measured.size(), best.size());
        }
        BestPrompt chosen = measured.stream().max(Comparator.comparingDouble(BestPrompt::devAccuracy)
                .thenComparing(Comparator.comparingDouble(BestPrompt::trainScore).reversed())
                .thenComparingInt(BestPrompt::step)).orElseThrow();
        return of(g, dir, cp, chosen, g.config().perPassBest() ? RULE_DEV_OFFICIAL : RULE_DEV, measured);
    }

    /**
     * Measures the test split's accuracy of the initial and the final prompt (each by its ids, the very prompt the
     * run chose) with the shared evaluation, records it in {@code run.json}, and returns it.
     *
     * @param limit the first {@code limit} test rows (0: all)
     */
    public TestAccuracy testAccuracy(int limit) {
        if (greater == null) throw new IllegalStateException("this run was read from its files; load the model and task and run it "
                + "again (it resumes from its checkpoint) to measure more");
        EvaluationConfig ec = EvaluationConfig.builder().split(Split.TEST).limit(limit).maxNewTokens(greater.config().maxNewTokens())
                .batchSize(greater.config().batchSize()).extractor(greater.extractor()).build();
        Evaluation ev = Evaluation.of(greater.protocol(), greater.task(), ec);
        EvaluationSummary before = ev.run(greater.text(greater.initialPrompt().ids()), EvaluationListener.NONE).summary();
        EvaluationSummary after = ev.run(finalPrompt(), EvaluationListener.NONE).summary();
        test = new TestAccuracy(before, after);
        if (dir != null) RunFiles.writeRunJson(this);
        return test;
    }

    /** The test accuracies measured by {@link #testAccuracy(int)}, or null. */
    public TestAccuracy testAccuracy() {
        return test;
    }

    /** The optimizer that made this run, or null for a run read from its files. */
    public Greater greater() {
        return greater;
    }

    /** The config the run ran with. */
    public GreaterConfig config() {
        return config;
    }

    /** The run's folder, or null for a run kept in memory. */
    public Path dir() {
        return dir;
    }

    /** The last checkpoint (state, steps, best prompts, identity). */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /** Every step, compact (no reasoning texts). */
    public List<Step> steps() {
        return checkpoint.steps();
    }

    /** The chosen final prompt's text. */
    public String finalPrompt() {
        return chosen.prompt();
    }

    /** The chosen final prompt's ids. */
    public int[] finalIds() {
        return chosen.ids();
    }

    /** The chosen final prompt with its scores and step. */
    public BestPrompt chosen() {
        return chosen;
    }

    /** How the final prompt was chosen ({@link #RULE_DEV} or {@link #RULE_TRAIN}). */
    public String finalPromptRule() {
        return rule;
    }

    /** The prompt after the last step. */
    public String lastPrompt() {
        return lastPrompt;
    }

    /** The best prompts by training score, with their dev accuracy when measured. */
    public List<BestPrompt> bestPrompts() {
        return best;
    }

    /** The run's curves, for a plot: score, loss, dev accuracy of the best prompts, prompt length per step. */
    public RunChart plot() {
        return RunChart.of(this);
    }

    @Override
    public String toString() {
        return "Run[" + steps().size() + " steps, final prompt \"" + finalPrompt() + "\"]";
    }
}
