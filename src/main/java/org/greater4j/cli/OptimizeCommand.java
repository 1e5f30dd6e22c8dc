package org.greater4j.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Greater;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.Run;
import org.greater4j.optimize.RunFiles;
import org.greater4j.optimize.RunListener;
import org.greater4j.optimize.RunOptions;
import org.greater4j.optimize.Step;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;
import org.greater4j.toy.ToyTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code greater optimize}: a GReaTer run from the command line, checkpointed after every step and resumable. */
@Command(name = "optimize", description = "Optimize a task prompt with GReaTer; writes checkpoint.json and run.json to --out.")
final class OptimizeCommand implements Runnable {
    @Mixin
    ModelOptions model;

    @Mixin
    ChatFormatOptions chat;

    @Mixin
    TaskOptions tasks = new TaskOptions();

    @Option(names = "--init", description = "initial prompt (default: the paper's; for the toy task the misleading \"" + ToyTask.INITIAL_PROMPT + "\")")
    String init;

    @Option(names = "--steps", description = "steps in all (a resumed run continues up to this; default: the preset's: paper 125, clean and keep-best 100)")
    Integer steps;

    @Option(names = "--preset", defaultValue = "paper", description = "paper (the official code, 125 steps), clean or keep-best")
    String preset;

    @Option(names = "--topk", description = "per-example top-k of the proposal (paper: 40)")
    Integer topk;

    @Option(names = "--topq", description = "random intersections (paper: 6)")
    Integer topq;

    @Option(names = "--shortlist", description = "candidates re-scored for real (paper: 3)")
    Integer shortlist;

    @Option(names = "--max-new-tokens", description = "reasoning length cap (paper: 1024)")
    Integer maxNewTokens;

    @Option(names = "--extractor", description = "extractor phrase (default: the task's for the model family)")
    String extractor;

    @Option(names = "--separator", description = "text between question and prompt (paper: \". Use \")")
    String separator;

    @Option(names = "--seed", defaultValue = "0", description = "seed of every random choice")
    long seed;

    @Option(names = "--batch-size", defaultValue = "8", description = "sequences per forward / generation batch")
    int batchSize;

    @Option(names = "--schedule", defaultValue = "efficient", description = "efficient, or naive (the official: batch 1, no reuse)")
    String schedule;

    @Option(names = "--no-drafting", description = "efficient schedule: generate reasoning plainly instead of verifying drafts "
            + "from each question's last reasoning (the results are the same)")
    boolean noDrafting;

    @Option(names = "--diagnostic", description = "score every candidate for real (how well the gradient ranks them)")
    boolean diagnostic;

    @Option(names = "--out", defaultValue = "runs/optimize", description = "output folder (checkpoint.json, run.json)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out")
    boolean resume;

    @Option(names = "--test-accuracy", negatable = true, description = "evaluate the initial and the final prompt on the test split "
            + "(costs a full test-set evaluation each; on by default only for the built-in toy task)")
    Boolean testAccuracy;

    @Option(names = "--test-limit", defaultValue = "0", description = "evaluate only the first N test rows (0 = all)")
    int testLimit;

    @Override
    public void run() {
        String taskName = model.task(tasks.task);
        if (init == null && taskName.equals(ToyTask.NAME)) init = ToyTask.INITIAL_PROMPT;
        GreaterConfig cfg = config();
        Task t = tasks.load(taskName);
        if (t.train().isEmpty()) throw new IllegalArgumentException("task " + taskName + " has no training rows");
        try (LanguageModel m = model.load()) {
            Protocol.Options po = chat.protocolOptions(cfg.separator(), null).withExtractor(extractor);
            Greater g = Greater.of(Protocol.of(m, t, po), t, cfg);
            Progress progress = new Progress(System.err, System.console() != null);
            Path checkpoint = out.resolve("checkpoint.json");
            Thread hook = new Thread(() -> System.err.println("\ninterrupted: the checkpoint in " + checkpoint
                    + " holds every finished step; continue with --resume"));
            Runtime.getRuntime().addShutdownHook(hook);
            Run r = g.run(new RunOptions(steps != null ? steps : cfg.steps(), out,
                    resume ? RunOptions.Resume.REQUIRED : RunOptions.Resume.NEVER, progress, 0));
            Runtime.getRuntime().removeShutdownHook(hook);
            boolean wantTest = testAccuracy != null ? testAccuracy : t.name().equals(ToyTask.NAME);
            Run.TestAccuracy tests = null;
            if (wantTest && !t.test().isEmpty()) {
                System.err.println("evaluating the initial and the final prompt on the test split ...");
                tests = r.testAccuracy(testLimit);
            }
            PrintStream o = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            o.println("final prompt: " + r.finalPrompt());
            o.println("chosen by:    " + r.finalPromptRule());
            o.println("last prompt:  " + r.lastPrompt());
            if (tests != null) {
                o.printf(Locale.ROOT, "test accuracy (%d questions, extractor + answer tokens / parsed from the reasoning):%n",
                        tests.after().n());
                o.printf(Locale.ROOT, "  before: %5.1f%% / %5.1f%%   \"%s\"%n", 100 * tests.before().accuracy(),
                        100 * tests.before().accuracyParsed(), tests.before().prompt());
                o.printf(Locale.ROOT, "  after:  %5.1f%% / %5.1f%%   \"%s\"%n", 100 * tests.after().accuracy(),
                        100 * tests.after().accuracyParsed(), tests.after().prompt());
            }
            o.println("run:          " + out.resolve(RunFiles.RUN_JSON));
        }
    }

    /** The config these options choose (checked before anything is loaded). */
    GreaterConfig config() {
        GreaterConfig.Builder b = GreaterConfig.preset(preset).toBuilder().seed(seed).batchSize(batchSize)
                .naive(switch (schedule) {
                    case "naive" -> true;
                    case "efficient" -> false;
                    default -> throw new IllegalArgumentException("unknown --schedule " + schedule + "; use efficient or naive");
                })
                .scoreAllCandidates(diagnostic)
                .drafting(!noDrafting);
        if (init != null) b.initialPrompt(init);
        if (topk != null) b.topk(topk);
        if (topq != null) b.topq(topq);
        if (shortlist != null) b.shortlist(shortlist);
        if (maxNewTokens != null) b.maxNewTokens(maxNewTokens);
        if (separator != null) b.separator(separator);
        if (steps != null) b.steps(steps);
        return b.build();
    }

    /** A progress bar on a terminal, plain log lines otherwise (stderr). */
    static final class Progress implements RunListener {
        private final PrintStream err;
        private final boolean tty;
        private final long start = System.nanoTime();

        Progress(PrintStream err, boolean tty) {
            this.err = err;
            this.tty = tty;
        }

        @Override
        public void onStep(Step s, int total) {
            int done = s.index() + 1;
            double secs = (System.nanoTime() - start) / 1e9;
            String line = String.format(Locale.ROOT, "step %d/%d  pos %d  %s -> %s  score %.3f  %.1fs  | %s", done, total,
                    s.swap().position(), quote(s.state().tokens().get(s.swap().position())), quote(s.swap().winnerText())
                            + (s.swap().forced() ? " (forced)" : ""), s.swap().score(), secs, s.next().text());
            if (tty) {
                int width = 24;
                int filled = (int) Math.round(width * (double) done / total);
                err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + line);
                if (done == total) err.println();
            } else {
                err.println(line);
            }
            err.flush();
        }

        private static String quote(String s) {
            return "\"" + s + "\"";
        }
    }
}
