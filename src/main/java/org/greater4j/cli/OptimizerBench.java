package org.greater4j.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Greater;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.Cost;
import org.greater4j.optimize.Step;
import org.greater4j.task.AnswerType;
import org.greater4j.task.Example;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;

/**
 * The optimizer's cost per step under the efficient schedule and the official (naive) one, for the
 * same model, data and seed: work counts, batched calls and wall time, and whether both schedules
 * chose the same prompts.
 */
final class OptimizerBench {
    private OptimizerBench() {}

    /** The initial prompt of the stories260K comparisons. */
    static final String STORY_PROMPT = "think about the story and tell me.";

    /** The stories260K comparisons' task: {@code n} story questions. */
    static Task storyTask(int n) {
        return Task.of("stories", AnswerType.WORDS, storyExamples(n), List.of(), List.of(), "So the answer is");
    }

    /** The stories260K comparisons' layout: the plain chat format (llama2.c has no template). */
    static Protocol storyProtocol(LanguageModel m, Task stories) {
        return Protocol.of(m, stories, Protocol.Options.defaults().withChatFormat("plain"));
    }

    /** The stories260K comparisons' config: the paper preset from {@link #STORY_PROMPT}, reasoning capped at 64 tokens. */
    static GreaterConfig storyConfig() {
        return GreaterConfig.paper().withInitialPrompt(STORY_PROMPT).withMaxNewTokens(64);
    }

    /** Story questions for stories260K: "NAME had a THING. What did NAME have" -> THING. */
    static List<Example> storyExamples(int n) {
        String[] names = {"Lily", "Tom", "Ben", "Sue", "Max", "Anna", "Tim", "Mia", "Sam", "Zoe", "Jack", "Amy", "Lucy", "Bob", "Kim", "Dan"};
        String[] things = {"ball", "dog", "cat", "toy", "cake", "tree", "car", "bird"};
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = names[i % names.length];
            String t = things[(i * 3) % things.length];
            out.add(new Example("story" + i, i, name + " had a " + t + ". What did " + name + " have", t, t));
        }
        return out;
    }

    static List<String> section(Path shared, int steps) {
        Path bin = shared.resolve("models/stories260K-llama2c/stories260K.bin");
        int n = 16;
        String conditions = BenchCommand.conditions();
        List<String> md = new ArrayList<>();
        md.add("## Optimizer: efficient vs official schedule (measured " + LocalDate.now() + ")");
        md.add("");
        try (LanguageModel m = LanguageModel.load(bin)) {
            Task stories = storyTask(n);
            Protocol plain = storyProtocol(m, stories);
            GreaterConfig base = storyConfig()
                    .withSeed(1);
            // warm-up (JIT, native caches): one step of each schedule, not measured
            Greater.of(plain, stories, base).steps(1);
            Greater.of(plain, stories, base.withNaive(true)).steps(1);
            List<Step> eff = Greater.of(plain, stories, base).steps(steps);
            List<Step> naive = Greater.of(plain, stories, base.withNaive(true)).steps(steps);
            boolean same = true;
            for (int i = 0; i < steps; i++) {
                same &= Arrays.equals(eff.get(i).candidates().tokens(), naive.get(i).candidates().tokens())
                        && Arrays.equals(eff.get(i).scores().shortlist(), naive.get(i).scores().shortlist())
                        && eff.get(i).swap().winner() == naive.get(i).swap().winner()
                        && Arrays.equals(eff.get(i).swap().next().ids(), naive.get(i).swap().next().ids());
            }
            md.add(String.format(Locale.ROOT, "stories260K (llama2.c, plain chat format), N = %d story questions, paper preset with "
                    + "reasoning capped at 64 tokens, %d steps of each schedule from the same prompt and seed. Efficient: batches of %d, "
                    + "the winner's reasoning reused by the next step when its prompt is the same (not after growth), logits only where "
                    + "read, proposal forward only up to the optimized position, the shortlist's reasoning generated, and its teacher-forced rows scored, together from each question's shared prefix (run once). Official (`--schedule naive`): batch 1 except generation "
                    + "(batch 9), everything regenerated. Counts are per step, averaged; times after a one-step warm-up of each. " + conditions + ".", n, steps, base.batchSize()));
            md.add("");
            md.add("| per step | official schedule (expected) | official schedule (measured) | efficient (measured) |");
            md.add("|---|---|---|---|");
            row(md, "sequences generated", "4 x N = " + 4 * n, avg(naive, c -> c.generations()), avg(eff, c -> c.generations()));
            row(md, "tokens generated", "", avg(naive, Cost::generatedTokens), avg(eff, Cost::generatedTokens));
            row(md, "tokens prefilled before generating", "", avg(naive, Cost::prefillTokens), avg(eff, Cost::prefillTokens));
            row(md, "sequences in forward passes", "4 x N = " + 4 * n, avg(naive, Cost::forwardSequences), avg(eff, Cost::forwardSequences));
            row(md, "batched forward calls", "4 x N = " + 4 * n, avg(naive, Cost::forwardCalls), avg(eff, Cost::forwardCalls));
            row(md, "tokens in forward passes", "", avg(naive, Cost::forwardTokens), avg(eff, Cost::forwardTokens));
            row(md, "sequences in forward+backward passes", "N = " + n, avg(naive, Cost::backwardSequences), avg(eff, Cost::backwardSequences));
            row(md, "batched forward+backward calls", "N = " + n, avg(naive, Cost::backwardCalls), avg(eff, Cost::backwardCalls));
            row(md, "tokens in forward+backward passes", "", avg(naive, Cost::backwardTokens), avg(eff, Cost::backwardTokens));
            row(md, "wall time per step, s", "", avgSeconds(naive), avgSeconds(eff));
            md.add("");
            md.add("Both schedules chose identical candidates, shortlists, winners and prompts in every step: " + (same ? "yes" : "NO") + ".");
            md.add("The first step cannot reuse reasoning; later steps reuse it unless the prompt grew. On real instruction models "
                    + "with reasoning of hundreds of tokens, generation dominates the time, so the saving follows the generated-token counts.");
        }
        return md;
    }


    private static double avg(List<Step> steps, java.util.function.ToLongFunction<Cost> f) {
        return steps.stream().mapToLong(s -> f.applyAsLong(s.cost())).average().orElse(Double.NaN);
    }

    private static double avgSeconds(List<Step> steps) {
        return steps.stream().mapToDouble(s -> s.cost().totalSeconds()).average().orElse(Double.NaN);
    }

    private static void row(List<String> md, String what, String expected, double official, double efficient) {
        md.add(String.format(Locale.ROOT, "| %s | %s | %s | %s |", what, expected, fmt(official), fmt(efficient)));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
