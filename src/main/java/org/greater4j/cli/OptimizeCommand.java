package org.greater4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Checkpoint;
import org.greater4j.optimize.Greater;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.GreaterRun;
import org.greater4j.optimize.StepSummary;
import org.greater4j.optimize.Values.BestPrompt;
import org.greater4j.task.DataDir;
import org.greater4j.task.Evaluation;
import org.greater4j.task.EvaluationConfig;
import org.greater4j.task.EvaluationListener;
import org.greater4j.task.EvaluationSummary;
import org.greater4j.task.Split;
import org.greater4j.task.Example;
import org.greater4j.task.ExtractorStyle;
import org.greater4j.task.SplitSizes;
import org.greater4j.task.Task;
import org.greater4j.task.Tasks;
import org.greater4j.text.ChatFormat;
import org.greater4j.text.LayoutTemplate;
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

    @Option(names = "--task", description = "gsm8k, folio, bbh/<task>, toy, or file:<path.jsonl> (default: toy for the toy models)")
    String task;

    @Option(names = "--data", description = "dataset folder (default: $GREATER_DATA, else ./datasets)")
    Path data;

    @Option(names = "--init", description = "initial prompt (default: the paper's; for the toy task the misleading \"" + ToyTask.INITIAL_PROMPT + "\")")
    String init;

    @Option(names = "--train", description = "training examples (default: the task's train split; file tasks: 50)")
    Integer train;

    @Option(names = "--dev", description = "dev examples for choosing the final prompt (default: the task's dev split; file tasks: 100)")
    Integer dev;

    @Option(names = "--steps", defaultValue = "100", description = "steps in all (a resumed run continues up to this)")
    int steps;

    @Option(names = "--preset", defaultValue = "paper", description = "paper or keep-best")
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
        task = model.task(task);
        if (init == null && task.equals(ToyTask.NAME)) init = ToyTask.INITIAL_PROMPT;
        GreaterConfig cfg = GreaterConfig.preset(preset).withSeed(seed).withBatchSize(batchSize)
                .withNaive(switch (schedule) {
                    case "naive" -> true;
                    case "efficient" -> false;
                    default -> throw new IllegalArgumentException("unknown --schedule " + schedule + "; use efficient or naive");
                })
                .withScoreAllCandidates(diagnostic);
        if (init != null) cfg = cfg.withInitialPrompt(init);
        if (topk != null) cfg = cfg.withTopk(topk);
        if (topq != null) cfg = cfg.withTopq(topq);
        if (shortlist != null) cfg = cfg.withShortlist(shortlist);
        if (maxNewTokens != null) cfg = cfg.withMaxNewTokens(maxNewTokens);
        if (separator != null) cfg = cfg.withSeparator(separator);
        Path checkpointFile = out.resolve("checkpoint.json");
        Checkpoint resumeFrom = null;
        if (Files.exists(checkpointFile)) {
            if (!resume) {
                throw new IllegalArgumentException(checkpointFile + " exists; pass --resume to continue that run, or another --out");
            }
            resumeFrom = Checkpoint.read(checkpointFile);
        } else if (resume) {
            throw new IllegalArgumentException("--resume: no checkpoint at " + checkpointFile);
        }
        Task t = loadTask();
        List<Example> trainRows = t.train();
        List<Example> devRows = t.dev();
        if (!task.startsWith(Tasks.FILE_PREFIX)) {
            if (train != null) trainRows = trainRows.subList(0, Math.min(train, trainRows.size()));
            if (dev != null) devRows = devRows.subList(0, Math.min(dev, devRows.size()));
        }
        if (trainRows.isEmpty()) throw new IllegalArgumentException("task " + task + " has no training rows");
        try (LanguageModel m = model.load()) {
            LocalDate day = resumeFrom != null && resumeFrom.identity().containsKey("date")
                    ? LocalDate.parse(resumeFrom.identity().get("date")) : LocalDate.now();
            LayoutTemplate template = chat.layout(m, cfg.separator(), day);
            ChatFormat format = template.format();
            String ex = extractor != null ? extractor : t.extractor(ExtractorStyle.forFamily(familyName(format, m)));
            Greater g = Greater.of(m, template, trainRows, ex, t.answerType(), cfg);
            Map<String, String> identity = identity(m, format, day, t, trainRows, devRows, cfg, ex);
            if (resumeFrom != null) resumeFrom.requireSameRun(identity, checkpointFile);
            Files.createDirectories(out);
            Progress progress = new Progress(System.err, System.console() != null);
            Checkpoint last = resumeFrom;
            Thread hook = new Thread(() -> System.err.println("\ninterrupted: the checkpoint in " + checkpointFile
                    + " holds every finished step; continue with --resume"));
            Runtime.getRuntime().addShutdownHook(hook);
            GreaterRun.Result r = GreaterRun.run(g, steps, identity, last, checkpointFile, devRows, progress::onStep);
            Runtime.getRuntime().removeShutdownHook(hook);
            ObjectNode tests = null;
            boolean wantTest = testAccuracy != null ? testAccuracy : t.name().equals("toy");
            if (wantTest && !t.test().isEmpty()) {
                tests = testAccuracies(m, template, t, cfg, ex, g.text(g.initialPrompt().ids()), r.finalPrompt());
            }
            writeRunJson(r, g, cfg, tests);
            PrintStream o = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            o.println("final prompt: " + r.finalPrompt());
            o.println("chosen by:    " + r.finalPromptRule());
            o.println("last prompt:  " + r.lastPrompt());
            if (tests != null) {
                o.printf(Locale.ROOT, "test accuracy (%d questions, extractor + answer tokens / parsed from the reasoning):%n",
                        tests.get("n").asInt());
                o.printf(Locale.ROOT, "  before: %5.1f%% / %5.1f%%   \"%s\"%n", 100 * tests.get("before").get("accuracy").asDouble(),
                        100 * tests.get("before").get("accuracyParsed").asDouble(), tests.get("before").get("prompt").asText());
                o.printf(Locale.ROOT, "  after:  %5.1f%% / %5.1f%%   \"%s\"%n", 100 * tests.get("after").get("accuracy").asDouble(),
                        100 * tests.get("after").get("accuracyParsed").asDouble(), tests.get("after").get("prompt").asText());
            }
            o.println("run:          " + out.resolve("run.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Task loadTask() {
        DataDir dir = task.startsWith(Tasks.FILE_PREFIX) ? null : DataDir.resolve(data);
        if (task.startsWith(Tasks.FILE_PREFIX)) {
            SplitSizes sizes = new SplitSizes(train != null ? train : SplitSizes.FILE_DEFAULT.train(),
                    dev != null ? dev : SplitSizes.FILE_DEFAULT.dev());
            return Tasks.load(task, null, sizes);
        }
        return Tasks.load(task, dir);
    }

    private static String familyName(ChatFormat format, LanguageModel m) {
        return switch (format.family()) {
            case LLAMA3 -> "llama";
            case GEMMA2 -> "gemma2";
            case QWEN2 -> "qwen2";
            default -> m.config().family().modelType;
        };
    }

    static Map<String, String> identity(LanguageModel m, ChatFormat format, LocalDate day, Task t, List<Example> train,
                                        List<Example> dev, GreaterConfig cfg, String extractor) {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("model", m.fingerprint());
        id.put("tokenizer", m.requireTokenizer().source().getFileName() + " (" + m.requireTokenizer().vocabSize() + " tokens)");
        id.put("chatFormat", format.name());
        id.put("date", day.toString());
        id.put("task", t.name());
        id.put("rows", sha(train) + "/" + sha(dev));
        id.put("extractor", extractor);
        try {
            id.put("config", new ObjectMapper().writeValueAsString(cfg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    private static String sha(List<Example> rows) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Example e : rows) md.update((e.question() + "\u0000" + e.answer() + "\u0001").getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Test-split accuracy of the initial and the final prompt, by the shared evaluation (both methods). */
    private ObjectNode testAccuracies(LanguageModel m, LayoutTemplate template, Task t, GreaterConfig cfg, String ex, String before,
                                      String after) {
        EvaluationConfig ec = EvaluationConfig.builder().split(Split.TEST).limit(testLimit).maxNewTokens(cfg.maxNewTokens())
                .batchSize(cfg.batchSize()).extractor(ex).build();
        Evaluation ev = Evaluation.of(m, template, t, ec);
        ObjectNode n = new ObjectMapper().createObjectNode();
        for (String[] which : new String[][] {{"before", before}, {"after", after}}) {
            System.err.println("evaluating the " + which[0] + " prompt on the test split ...");
            EvaluationSummary s = ev.run(which[1], EvaluationListener.NONE).summary();
            ObjectNode o = n.putObject(which[0]);
            o.put("prompt", which[1]);
            o.put("accuracy", s.accuracy());
            o.put("accuracyParsed", s.accuracyParsed());
            n.put("n", s.n());
        }
        return n;
    }

    private void writeRunJson(GreaterRun.Result r, Greater g, GreaterConfig cfg, ObjectNode tests) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        if (tests != null) root.set("testAccuracy", tests);
        root.put("finalPrompt", r.finalPrompt());
        ArrayNode fi = root.putArray("finalPromptIds");
        for (int x : r.finalIds()) fi.add(x);
        root.put("lastPrompt", r.lastPrompt());
        root.put("finalPromptRule", r.finalPromptRule());
        ArrayNode best = root.putArray("bestPrompts");
        for (BestPrompt b : r.best()) {
            ObjectNode n = best.addObject();
            n.put("prompt", b.prompt());
            n.put("trainScore", b.trainScore());
            if (Double.isNaN(b.devAccuracy())) n.putNull("devAccuracy");
            else n.put("devAccuracy", b.devAccuracy());
            n.put("step", b.step());
            ArrayNode ids = n.putArray("ids");
            for (int x : b.ids()) ids.add(x);
        }
        root.set("config", om.valueToTree(cfg));
        root.set("identity", om.valueToTree(r.checkpoint().identity()));
        root.set("steps", om.valueToTree(r.checkpoint().steps()));
        om.writeValue(out.resolve("run.json").toFile(), root);
    }

    /** A progress bar on a terminal, plain log lines otherwise (stderr). */
    static final class Progress {
        private final PrintStream err;
        private final boolean tty;
        private final long start = System.nanoTime();

        Progress(PrintStream err, boolean tty) {
            this.err = err;
            this.tty = tty;
        }

        void onStep(org.greater4j.optimize.Values.Step s, StepSummary sum, int total) {
            int done = s.index() + 1;
            double secs = (System.nanoTime() - start) / 1e9;
            String line = String.format(Locale.ROOT, "step %d/%d  pos %d  %s -> %s  score %.3f  %.1fs  | %s", done, total,
                    sum.position(), quote(s.state() == null ? "" : sum.winnerText()), sum.forced() ? "(forced)" : "",
                    sum.score(), secs, sum.nextPrompt());
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
