package org.greater4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.greater4j.model.LanguageModel;
import org.greater4j.toy.ToyEvaluation;
import org.greater4j.toy.ToyModels;
import org.greater4j.toy.ToySize;
import org.greater4j.toy.ToyTrainer;
import org.greater4j.toy.ToyTraining;
import org.greater4j.toy.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code greater train-toy}: trains the prompt-sensitive toy model with the project's own DJL
 * training code and writes it as a HuggingFace Llama directory. Progress goes to stderr; the final
 * accuracy table (held-out questions under each report instruction) to stdout.
 */
@Command(name = "train-toy", mixinStandardHelpOptions = true,
        description = "Train the toy arithmetic model (the built-in default model) and report its held-out accuracy.")
final class TrainToyCommand implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights and the training data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", defaultValue = "2400", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--size", defaultValue = "default", description = "Model size: default (d 128, 4 layers), small (d 96, 3 layers) or tiny (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--out", defaultValue = "toy-model", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--eval-every", defaultValue = "200", description = "Evaluate held-out greedy accuracy every N steps, 0 for only at the end (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-questions", defaultValue = "100", description = "Held-out questions per probe in those evaluations (default: ${DEFAULT-VALUE}).")
    int evalQuestions;

    @Option(names = "--stop-at", defaultValue = "0.98", description = "Stop at the first evaluation where \"think step by step.\" reaches this accuracy, 0 to run every step (default: ${DEFAULT-VALUE}).")
    double stopAt;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads, 0 for libtorch's default (the number of cores) (default: ${DEFAULT-VALUE}). "
            + "With 1 training runs in a child JVM with one MKL/OpenMP thread and AVX2 code paths (ToyTraining.REPRODUCIBLE_ENV), "
            + "and the same seed gives the same weights byte for byte; other counts change the order of float sums.")
    int threads;

    @Option(names = "--report-questions", defaultValue = "500", description = "Held-out questions of the final accuracy table, 0 for none (default: ${DEFAULT-VALUE}).")
    int reportQuestions;

    @Option(names = "--log-every", defaultValue = "50", description = "Print the mean loss every N steps (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        ToySize s = ToySize.named(size);
        if (threads == 1 && !ToyTraining.reproducibleEnv()) return inReproducibleChild(err, stdout);
        if (threads > 0) System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        TrainingConfig cfg = TrainingConfig.defaults(seed).withSteps(steps).withBatch(batch).withEval(evalEvery, evalQuestions)
                .withStopAt(stopAt);
        long start = System.nanoTime();
        int[] done = new int[1];
        try (ToyTrainer t = ToyTrainer.create(s, cfg)) {
            err.printf("train-toy: %s, %,d parameters, %d steps of %d, seed %d, %d libtorch thread(s) -> %s%n", s,
                    t.parameterCount(), steps, batch, seed, ai.djl.pytorch.jni.JniUtils.getNumThreads(), out);
            err.flush();
            t.train(out, new ToyTrainer.Listener() {
                double sum;
                int n;

                @Override
                public void onStep(int step, double loss, double lr, double seconds) {
                    sum += loss;
                    n++;
                    if ((step + 1) % Math.max(1, logEvery) == 0 || step + 1 == steps) {
                        double per = seconds / (step + 1);
                        err.printf("step %5d/%d  loss %.4f  lr %.2e  %.3f s/step  %.0f s elapsed, about %.0f s left%n",
                                step + 1, steps, sum / n, lr, per, seconds, per * (steps - step - 1));
                        err.flush();
                        sum = 0;
                        n = 0;
                    }
                }

                @Override
                public void onEvaluation(int steps, List<ToyEvaluation.Result> results) {
                    for (ToyEvaluation.Result r : results) err.printf("  eval @%d: %s%n", steps, r);
                    err.flush();
                }
            });
            done[0] = t.steps();
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        err.printf("train-toy: trained in %.0f s; saved to %s%n", trainSeconds, out);
        err.flush();
        stdout.printf("model: %s (size %s, seed %d, %d of %d steps%s, trained in %.0f s)%n", out, size, seed, done[0], steps,
                done[0] < steps ? ", stopped on validation accuracy" : "", trainSeconds);
        if (reportQuestions > 0) {
            try (LanguageModel m = LanguageModel.load(out)) {
                for (ToyEvaluation.Result r : ToyEvaluation.report(m, reportQuestions)) stdout.println(r);
            }
        }
        stdout.flush();
        return 0;
    }

    /** Runs this command again in a child JVM with {@link ToyModels#REPRODUCIBLE_ENV}, passing its output through. */
    private int inReproducibleChild(PrintWriter err, PrintWriter stdout) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(Main.class.getName()));
        args.addAll(spec.commandLine().getParseResult().originalArgs());
        err.println("train-toy: training in a child JVM with " + new java.util.TreeMap<>(ToyTraining.REPRODUCIBLE_ENV)
                + ", so that the same seed gives the same weights byte for byte");
        err.flush();
        Process p = ToyTraining.childJvm(args).start();
        Thread errCopy = copy(p.getErrorStream(), err);
        Thread outCopy = copy(p.getInputStream(), stdout);
        int code = p.waitFor();
        errCopy.join();
        outCopy.join();
        return code;
    }

    private static Thread copy(java.io.InputStream in, PrintWriter to) {
        Thread t = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    to.println(line);
                    to.flush();
                }
            } catch (java.io.IOException e) {
                to.println("train-toy: lost the child's output: " + e.getMessage());
            }
        }, "train-toy-output");
        t.start();
        return t;
    }
}
