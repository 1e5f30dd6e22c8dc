package org.greater4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.greater4j.optimize.GradientQuality;
import org.greater4j.optimize.RunFiles;
import org.greater4j.optimize.Step;
import org.greater4j.toy.ToyInstructions;
import org.greater4j.toy.ToyTask;

/**
 * The end-to-end check on the toy model: {@code greater optimize} with each preset, started from
 * the misleading instruction, for several seeds and both of the paper's top-k values, each run exactly
 * as a user types it; the test accuracy before and after; and the gradient-quality diagnostic
 * ({@code --diagnostic}: every candidate scored for real) against a random shortlist.
 */
final class ToyBench {
    private ToyBench() {}

    /** The runs' settings. */
    record Settings(List<Long> seeds, int steps, List<Integer> topks, List<String> presets, List<Long> diagnosticSeeds) {}

    /** One optimize run's outcome, read from its run.json ({@code seconds}: the steps' own time, test evaluations excluded). */
    record Outcome(String preset, int topk, long seed, double before, double after, double afterParsed, String finalPrompt, int firstStepWord,
                   double seconds, List<Step> steps) {
        /** The first step with a step word, or "none". */
        String stepWord() {
            return firstStepWord < 0 ? "none" : Integer.toString(firstStepWord);
        }
    }

    static List<String> section(Settings s, Path work) {
        List<String> md = new ArrayList<>();
        md.add("## Toy model: GReaTer finds a better prompt (measured " + LocalDate.now() + ")");
        md.add("");
        md.add("`./greater optimize --steps " + s.steps() + " --seed S --topk K --preset P` (the built-in toy model and task, "
                + "presets " + s.presets() + " at the same number of steps, started from the misleading \"" + ToyTask.INITIAL_PROMPT
                + "\"; 40 training and 40 dev questions, the final prompt "
                + "chosen by dev accuracy among the 10 best), run once per seed and top-k. Test accuracy: the 200 test questions, "
                + "extractor + greedy answer tokens (the method the optimizer trains on; parsed from the reasoning in brackets). "
                + "\"step word\": the first step whose prompt holds a word that, by the generator's rule (which the optimizer never "
                + "sees), makes the toy reason step by step. " + BenchCommand.conditions() + ".");
        md.add("");
        md.add("| preset | top-k | seed | test accuracy before | after | gain (points) | first step word at step | final prompt | s/step |");
        md.add("|---|---|---|---|---|---|---|---|---|");
        List<Outcome> all = new ArrayList<>();
        for (String preset : s.presets()) for (int k : s.topks()) {
            for (long seed : s.seeds()) {
                Outcome o = run(work, preset, k, seed, s.steps(), false);
                all.add(o);
                md.add(String.format(Locale.ROOT, "| %s | %d | %d | %.1f%% | %.1f%% (%.1f%%) | %+.1f | %s | `%s` | %.2f |", preset, k, seed, 100 * o.before(),
                        100 * o.after(), 100 * o.afterParsed(), 100 * (o.after() - o.before()),
                        o.stepWord(), o.finalPrompt(), o.seconds() / s.steps()));
            }
        }
        md.add("");
        for (String preset : s.presets()) for (int k : s.topks()) {
            List<Outcome> ok = all.stream().filter(o -> o.topk() == k && o.preset().equals(preset)).toList();
            long gained = ok.stream().filter(o -> o.after() - o.before() >= 0.20).count();
            String words = ok.stream().map(Outcome::stepWord).toList().toString();
            md.add(String.format(Locale.ROOT, "- %s, top-k %d: %d of %d seeds gain at least 20 points within %d steps; mean gain %+.1f points; "
                    + "first step word at steps %s.", preset, k, gained, ok.size(), s.steps(),
                    100 * ok.stream().mapToDouble(o -> o.after() - o.before()).average().orElse(Double.NaN), words));
        }
        md.add("");
        md.add("### Gradient quality (`--diagnostic`: every candidate of every step scored for real)");
        md.add("");
        md.add("For each step, the gradient's shortlist (its 3 most negative candidates) against 3 candidates drawn at random "
                + "(exact expectations over all draws). Real rank 1 = the best real score of the step; tied scores share a rank. "
                + "Preset " + s.presets().get(0) + ", top-k " + s.topks().get(0) + ", " + s.steps() + " steps per seed.");
        md.add("");
        md.add("| seed | steps | candidates per step | steps where the shortlist holds a best candidate: gradient | random (expected) "
                + "| best real rank in the shortlist: gradient | random (expected) |");
        md.add("|---|---|---|---|---|---|---|");
        for (long seed : s.diagnosticSeeds()) {
            Outcome o = run(work, s.presets().get(0), s.topks().get(0), seed, s.steps(), true);
            GradientQuality.Summary q = GradientQuality.summarize(o.steps(), 3);
            md.add(String.format(Locale.ROOT, "| %d | %d | %.1f | %d | %.1f | %.2f | %.2f |", seed, q.steps(), q.meanCandidates(), q.hits(),
                    q.expectedRandomHits(), q.meanBestRank(), q.meanRandomBestRank()));
        }
        md.add("");
        md.add("The gradient sees the loss of the gold answer after the reasoning the current prompt produced; for the toy's style "
                + "switch (direct answer -> step by step) that first-order signal is weak or points the wrong way, so finding a step "
                + "word rests on the real re-scoring of the shortlist and on how many candidates the proposal admits "
                + "(`docs/toy-model-notes.md`).");
        return md;
    }

    /** Runs {@code greater optimize} in this JVM exactly as from the command line and reads its run.json. */
    static Outcome run(Path work, String preset, int topk, long seed, int steps, boolean diagnostic) {
        Path out = work.resolve(preset + "-k" + topk + "-s" + seed + (diagnostic ? "-diag" : ""));
        List<String> args = new ArrayList<>(List.of("optimize", "--steps", Integer.toString(steps), "--seed", Long.toString(seed), "--topk",
                Integer.toString(topk), "--preset", preset, "--out", out.toString()));
        if (diagnostic) args.addAll(List.of("--diagnostic", "--no-test-accuracy"));
        System.err.println("bench: greater " + String.join(" ", args));
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute(args.toArray(new String[0]));
        } finally {
            System.setOut(old);
        }
        if (code != 0) throw new IllegalStateException("greater " + String.join(" ", args) + " failed: " + captured.toString(StandardCharsets.UTF_8));
        {
            JsonNode run = RunFiles.read(out.resolve(RunFiles.RUN_JSON));
            List<Step> ss = RunFiles.steps(run);
            int firstStep = -1;
            for (Step st : ss) if (firstStep < 0 && ToyInstructions.isStepStyle(st.next().text())) firstStep = st.index();
            JsonNode t = run.path("testAccuracy");
            double seconds = ss.stream().mapToDouble(x -> x.cost().totalSeconds()).sum();
            return new Outcome(preset, topk, seed, t.path("before").path("accuracy").asDouble(Double.NaN), t.path("after").path("accuracy").asDouble(Double.NaN),
                    t.path("after").path("accuracyParsed").asDouble(Double.NaN), run.get("finalPrompt").asText(), firstStep, seconds, ss);
        }
    }
}
