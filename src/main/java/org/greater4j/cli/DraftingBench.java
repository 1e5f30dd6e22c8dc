package org.greater4j.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Cost;
import org.greater4j.optimize.Evaluated;
import org.greater4j.optimize.Greater;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.Step;
import org.greater4j.task.Task;
import org.greater4j.toy.ToyModels;
import org.greater4j.toy.ToyTask;

/**
 * The optimizer's generation work per step on the toy model under the official schedule, the efficient one with plain
 * decoding, and the efficient one with drafted decoding (reasoning verified against each question's last reasoning):
 * tokens the model chose in decode steps, draft tokens confirmed, batched decode calls, wall time, and whether the
 * three made identical steps.
 */
final class DraftingBench {
    private DraftingBench() {}

    static List<String> section(int steps, List<Long> seeds, Path shared, int storySteps) {
        List<String> md = new ArrayList<>();
        md.add("## Optimizer: drafted reasoning (measured " + LocalDate.now() + ")");
        md.add("");
        String common = "Official: batch 1 except generation (batch 9), everything regenerated. Efficient: batches of 8, shared "
                + "prefixes, the winner's reasoning reused. Drafted: the efficient schedule with every reasoning verified against the "
                + "question's last reasoning (`GreaterConfig.drafting`, on by default): chunks of up to 32 drafted tokens per row in "
                + "one pass, the longest prefix equal to the greedy argmax kept. \"Decode-chosen tokens\" are output tokens the model "
                + "chose in a decode step; confirmed draft tokens are counted apart. Per step, averaged over all steps. ";
        try (LanguageModel m = LanguageModel.load(ToyModels.path("toy"))) {
            Task task = ToyTask.task().head(40, 40, 0);
            GreaterConfig base = GreaterConfig.paper().withInitialPrompt(ToyTask.INITIAL_PROMPT);
            md.add("### Toy model");
            md.add("");
            md.add(String.format(Locale.ROOT, "The toy model and task (40 training questions), the paper preset from \"%s\", %d steps per "
                    + "schedule and seed (seeds %s), run one after the other in one process after a one-step warm-up of each. %s%s.",
                    ToyTask.INITIAL_PROMPT, steps, seeds, common, BenchCommand.conditions()));
            md.add("");
            md.addAll(compare(Greater.of(m, task, base), base, steps, seeds));
        }
        if (storySteps > 0) {
            try (LanguageModel m = LanguageModel.load(shared.resolve("models/stories260K-llama2c/stories260K.bin"))) {
                Task stories = OptimizerBench.storyTask(16);
                GreaterConfig base = OptimizerBench.storyConfig();
                md.add("");
                md.add("### stories260K");
                md.add("");
                md.add(String.format(Locale.ROOT, "stories260K (llama2.c, plain chat format), the 16 story questions and reasoning cap "
                        + "(64 tokens) of the schedule comparison above, the paper preset from \"%s\", %d steps per schedule and seed "
                        + "(seeds %s), after a one-step warm-up of each. %s%s.", OptimizerBench.STORY_PROMPT, storySteps, seeds, common,
                        BenchCommand.conditions()));
                md.add("");
                md.addAll(compare(Greater.of(OptimizerBench.storyProtocol(m, stories), stories, base), base, storySteps, seeds));
            }
        }
        return md;
    }

    private static List<String> compare(Greater optimizer, GreaterConfig base, int steps, List<Long> seeds) {
        List<String> md = new ArrayList<>();
        String[] names = {"official (naive)", "efficient, plain decoding", "efficient, drafted"};
        List<List<Step>> runs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        boolean same = true;
        boolean sameScores = true;
        GreaterConfig[] cfgs = {base.withNaive(true), base.withDrafting(false), base.withDrafting(true)};
        for (GreaterConfig c : cfgs) optimizer.with(c.withSeed(seeds.get(0))).steps(1); // warm-up
        for (long seed : seeds) {
            List<List<Step>> one = new ArrayList<>();
            for (int i = 0; i < cfgs.length; i++) {
                List<Step> s = optimizer.with(cfgs[i].withSeed(seed)).steps(steps);
                one.add(s);
                runs.get(i).addAll(s);
            }
            same &= identical(one.get(0), one.get(1), false) && identical(one.get(0), one.get(2), false);
            sameScores &= identical(one.get(1), one.get(2), true);
        }
        md.add("| per step | " + String.join(" | ", names) + " |");
        md.add("|---|---|---|---|");
        row(md, "sequences generated", runs, c -> c.generations());
        row(md, "output tokens", runs, c -> c.generatedTokens() + c.acceptedTokens());
        row(md, "decode-chosen tokens (generatedTokens)", runs, c -> c.generatedTokens());
        row(md, "draft tokens verified (draftedTokens)", runs, c -> c.draftedTokens());
        row(md, "draft tokens confirmed (acceptedTokens)", runs, c -> c.acceptedTokens());
        row(md, "batched decode calls (decodeCalls)", runs, c -> c.decodeCalls());
        row(md, "reason + swap time, s", runs, c -> c.seconds().getOrDefault("reason", 0.0) + c.seconds().getOrDefault("swap", 0.0));
        row(md, "wall time per step, s", runs, Cost::totalSeconds);
        md.add("");
        double[] gen = new double[3];
        double[] calls = new double[3];
        double[] wall = new double[3];
        for (int i = 0; i < 3; i++) {
            gen[i] = avg(runs.get(i), c -> c.generatedTokens());
            calls[i] = avg(runs.get(i), c -> c.decodeCalls());
            wall[i] = avg(runs.get(i), Cost::totalSeconds);
        }
        double accepted = avg(runs.get(2), c -> c.acceptedTokens());
        double drafted = avg(runs.get(2), c -> c.draftedTokens());
        md.add(String.format(Locale.ROOT, "- Drafted against official: decode-chosen tokens %.3fx, decode calls %.3fx, wall time %.3fx. "
                + "Against the efficient schedule with plain decoding: %.3fx, %.3fx, %.3fx.", gen[2] / gen[0], calls[2] / calls[0],
                wall[2] / wall[0], gen[2] / gen[1], calls[2] / calls[1], wall[2] / wall[1]));
        md.add(String.format(Locale.ROOT, "- Acceptance: %.1f%% of verified draft tokens confirmed; %.1f%% of the drafted schedule's output "
                + "tokens came from drafts.", 100 * accepted / drafted, 100 * accepted / (accepted + gen[2])));
        md.add("- The three schedules made identical steps (candidates, shortlists, winners, prompts): " + (same ? "yes" : "NO")
                + "; plain and drafted decoding gave bit-identical real scores of every shortlisted candidate (the official schedule "
                + "scores one sequence at a time, so its float sums differ in the last bits): " + (sameScores ? "yes" : "NO") + ".");
        return md;
    }

    private static boolean identical(List<Step> a, List<Step> b, boolean scores) {
        for (int i = 0; i < a.size(); i++) {
            Step x = a.get(i);
            Step y = b.get(i);
            if (!Arrays.equals(x.candidates().tokens(), y.candidates().tokens())
                    || !Arrays.equals(x.scores().shortlist(), y.scores().shortlist())
                    || x.swap().winner() != y.swap().winner()
                    || !Arrays.equals(x.swap().next().ids(), y.swap().next().ids())
                    || scores && !x.swap().evaluated().stream().map(Evaluated::score).toList()
                            .equals(y.swap().evaluated().stream().map(Evaluated::score).toList())) {
                return false;
            }
        }
        return true;
    }


    private static double avg(List<Step> steps, ToDoubleFunction<Cost> f) {
        return steps.stream().mapToDouble(s -> f.applyAsDouble(s.cost())).average().orElse(Double.NaN);
    }

    private static void row(List<String> md, String what, List<List<Step>> runs, ToDoubleFunction<Cost> f) {
        StringBuilder b = new StringBuilder("| " + what + " |");
        for (List<Step> r : runs) {
            double v = avg(r, f);
            b.append(' ').append(v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v))
                    .append(" |");
        }
        md.add(b.toString());
    }
}
