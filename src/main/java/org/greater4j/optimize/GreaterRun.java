package org.greater4j.optimize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.greater4j.optimize.Values.BestPrompt;
import org.greater4j.optimize.Values.PromptState;
import org.greater4j.optimize.Values.Reasoning;
import org.greater4j.optimize.Values.Step;
import org.greater4j.task.Example;

/**
 * The optimization loop: {@link Greater#step} repeated, with a callback per step, the best 10
 * prompts by training score, a checkpoint after every step, and the final prompt chosen as the
 * paper did (the best of the 10 on the dev split). Nothing else: every decision is in the steps.
 */
public final class GreaterRun {
    /** Called after every step. */
    @FunctionalInterface
    public interface Listener {
        /** A step finished; {@code total} steps are planned. */
        void onStep(Step step, StepSummary summary, int total);
    }

    /** How the final prompt is chosen. */
    public static final String RULE_DEV = "best dev-split accuracy among the 10 best prompts by training score "
            + "(ties: better training score, then the later step)";
    /** How the final prompt is chosen without dev rows. */
    public static final String RULE_TRAIN = "best training score (no dev rows; ties to the later step)";

    /**
     * The result.
     *
     * @param checkpoint       the final checkpoint (steps, best prompts, state)
     * @param finalPrompt      the chosen prompt text
     * @param finalIds         its ids
     * @param finalPromptRule  how it was chosen
     * @param lastPrompt       the last prompt's text
     * @param best             the best prompts with their dev accuracy
     */
    public record Result(Checkpoint checkpoint, String finalPrompt, int[] finalIds, String finalPromptRule, String lastPrompt,
                         List<BestPrompt> best) {}

    private GreaterRun() {}

    /**
     * Runs steps until {@code steps} are done, starting from {@code resume} (or the initial prompt),
     * writing {@code checkpointFile} (may be null) after every step. Each step's random choices come
     * from (seed, step index), so extending a run equals running it longer.
     */
    public static Result run(Greater g, int steps, Map<String, String> identity, Checkpoint resume, Path checkpointFile,
                             List<Example> dev, Listener listener) {
        PromptState state = resume != null ? resume.state() : g.initialPrompt();
        Reasoning reuse = resume != null ? resume.reuse() : null;
        List<StepSummary> summaries = new ArrayList<>(resume != null ? resume.steps() : List.of());
        List<BestPrompt> best = new ArrayList<>(resume != null ? resume.best() : List.of());
        int start = resume != null ? resume.nextStep() : 0;
        Checkpoint cp = resume;
        for (int i = start; i < steps; i++) {
            Step s = g.step(state, i, reuse);
            StepSummary sum = StepSummary.of(s, g);
            summaries.add(sum);
            int[] chosen = state.ids();
            chosen[s.swap().position()] = s.swap().winner();
            offer(best, new BestPrompt(chosen, g.text(chosen), s.swap().score(), Double.NaN, i));
            state = s.swap().next();
            reuse = s.swap().reasoning() != null && Arrays.equals(s.swap().reasoning().promptIds(), state.ids()) ? s.swap().reasoning() : null;
            cp = new Checkpoint(identity, i + 1, state, reuse, List.copyOf(summaries), List.copyOf(best));
            if (checkpointFile != null) cp.write(checkpointFile);
            if (listener != null) listener.onStep(s, sum, steps);
        }
        if (cp == null) cp = new Checkpoint(identity, start, state, reuse, List.copyOf(summaries), List.copyOf(best));
        return finish(g, cp, dev);
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

    /** Chooses the final prompt: dev accuracy of each best prompt, or the training score without dev rows. */
    static Result finish(Greater g, Checkpoint cp, List<Example> dev) {
        String last = g.text(cp.state().ids());
        List<BestPrompt> best = new ArrayList<>(cp.best());
        if (best.isEmpty()) {
            int[] ids = cp.state().ids();
            return new Result(cp, g.text(ids), ids, RULE_TRAIN, last, List.of());
        }
        if (dev == null || dev.isEmpty()) {
            BestPrompt b = best.get(0);
            return new Result(cp, b.prompt(), b.ids(), RULE_TRAIN, last, best);
        }
        List<BestPrompt> measured = new ArrayList<>();
        for (BestPrompt b : best) {
            measured.add(new BestPrompt(b.ids(), b.prompt(), b.trainScore(), g.accuracy(b.ids(), dev), b.step()));
        }
        BestPrompt chosen = measured.stream().max(Comparator.comparingDouble(BestPrompt::devAccuracy)
                .thenComparing(Comparator.comparingDouble(BestPrompt::trainScore).reversed())
                .thenComparingInt(BestPrompt::step)).orElseThrow();
        return new Result(cp, chosen.prompt(), chosen.ids(), RULE_DEV, last, measured);
    }
}
