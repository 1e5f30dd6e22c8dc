package org.greater4j.sweep;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Greater;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.Run;
import org.greater4j.optimize.RunListener;
import org.greater4j.optimize.RunOptions;
import org.greater4j.optimize.Step;
import org.greater4j.task.Evaluation;
import org.greater4j.task.EvaluationConfig;
import org.greater4j.task.EvaluationListener;
import org.greater4j.task.EvaluationSummary;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;
import org.greater4j.task.Tasks;

/**
 * Runs cells of a grid in one process, each model loaded once for all of its cells: a cell is an optimize run in
 * {@code DIR/cells/<id>/} (checkpoints and {@code run.json}; an interrupted run resumes from its checkpoint), then the
 * evaluation of its initial and final prompt on the grid's split (records in {@code eval-initial/} and
 * {@code eval-final/}, resumable too; the cells of one model and task that start from one prompt share the initial
 * prompt's evaluation within a worker), then {@code cell.json}, written atomically last. A cell whose {@code cell.json}
 * exists is not run again. What every executor calls, in the driver's process, a worker process or a Spark task.
 * When the sweep's files are kept elsewhere (a {@link SweepStore} without a local folder, e.g. on HDFS), the runner works
 * in a local folder: it copies a cell's folder down before running it (so an interrupted cell resumes), up after every
 * checkpoint, and up at the end with {@code cell.json} last, so that a half-copied cell never counts as finished.
 * Not thread-safe; one per worker.
 */
public final class CellRunner implements AutoCloseable {
    /**
     * Fault injection for tests of recovery: a system property {@code CELL_ID:STEP} makes that cell's first attempt
     * fail right after step {@code STEP} was checkpointed, as a lost worker would (a marker file in the cell's folder
     * remembers that it failed once).
     */
    public static final String FAIL_ONCE = "greater4j.sweep.failOnce";

    /** Progress of the cells, one line per event. */
    @FunctionalInterface
    public interface Progress {
        /** Says nothing. */
        Progress NONE = (cell, message) -> { };

        /** Something happened to a cell. */
        void report(Cell cell, String message);
    }

    /** The failure {@link #FAIL_ONCE} injects. */
    public static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }

    private final Grid grid;
    private final Path out;
    private final SweepStore shared;
    private final CellMirror mirror;
    private final Device device;
    private final Progress progress;
    private final Map<String, Task> tasks = new HashMap<>();
    private final Map<String, EvaluationSummary> initialEvaluations = new HashMap<>();
    private String loadedSpec;
    private LanguageModel loaded;

    /**
     * @param grid     the grid
     * @param out      the sweep's folder
     * @param device   where models are loaded ({@link #device(String)})
     * @param progress progress
     */
    public CellRunner(Grid grid, Path out, Device device, Progress progress) {
        this(grid, out, null, device, progress);
    }

    /**
     * A runner working in a local folder for a sweep kept elsewhere.
     *
     * @param grid     the grid
     * @param work     the local folder standing for the sweep's root (the sweep's own folder when {@code shared} is null)
     * @param shared   where the sweep's files are kept, or null when {@code work} is the sweep's folder
     * @param device   where models are loaded ({@link #device(String)})
     * @param progress progress
     */
    public CellRunner(Grid grid, Path work, SweepStore shared, Device device, Progress progress) {
        this.grid = grid;
        this.out = work;
        this.shared = shared;
        this.mirror = shared == null ? null : new CellMirror(shared, work);
        this.device = device;
        this.progress = progress == null ? Progress.NONE : progress;
    }

    /**
     * A device by name: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}.
     *
     * @throws IllegalArgumentException for another name
     */
    public static Device device(String name) {
        String n = name == null ? "cpu" : name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) return Device.cpu();
        if (n.equals("gpu") || n.equals("cuda")) return Device.gpu();
        if (n.matches("(gpu|cuda):\\d{1,4}")) return Device.gpu(Integer.parseInt(n.substring(n.indexOf(':') + 1)));
        throw new IllegalArgumentException("unknown device \"" + name + "\"; use cpu, gpu or gpu:N");
    }

    /** Runs the cells (sorted by model so each model is loaded once) and returns their results in the given order. */
    public List<CellResult> run(List<Cell> cells) {
        List<Cell> order = new ArrayList<>(cells);
        order.sort(Comparator.comparing(Cell::model));
        Map<Cell, CellResult> done = new HashMap<>();
        for (Cell c : order) done.put(c, run(c));
        return cells.stream().map(done::get).toList();
    }

    /** Runs one cell, or reads it back when it is finished. */
    public CellResult run(Cell c) {
        if (mirror != null) mirror.pull(SweepFiles.cellPath(c) + "/" + SweepFiles.CELL_JSON);
        Optional<CellResult> finished = SweepFiles.finished(out, c);
        if (finished.isEmpty() && mirror != null) mirror.pull(SweepFiles.cellPath(c)); // checkpoint, records: what it resumes from
        if (finished.isPresent()) {
            progress.report(c, "finished earlier, not run again");
            return finished.get();
        }
        Path dir = SweepFiles.cellDir(out, c);
        GreaterConfig cfg = grid.config(c);
        int steps = cfg.steps();
        boolean resuming = Files.exists(dir.resolve("checkpoint.json"));
        progress.report(c, resuming ? "resuming from its checkpoint" : "started");
        Greater g = Greater.of(model(c.model()), task(c.task()), cfg);
        long t0 = System.nanoTime();
        double[] stepSeconds = {0};
        Run run = g.run(new RunOptions(steps, dir, RunOptions.Resume.AUTO, listener(c, dir, stepSeconds), 0));
        g = run.greater();
        EvaluationConfig ec = EvaluationConfig.builder().split(grid.split()).limit(grid.limit()).maxNewTokens(cfg.maxNewTokens())
                .batchSize(cfg.batchSize()).extractor(g.extractor()).build();
        Evaluation ev = Evaluation.of(g.protocol(), g.task(), ec);
        String initial = g.text(g.initialPrompt().ids());
        // every cell of a model and task starting from one prompt shares its evaluation (kept in the first cell's folder)
        String key = String.join("\n", c.model(), c.task(), initial, cfg.separator(), cfg.maxNewTokens() + "/" + cfg.batchSize());
        EvaluationSummary before = initialEvaluations.get(key);
        if (before == null) {
            before = ev.run(initial, dir.resolve("eval-initial"), EvaluationListener.NONE).summary();
            initialEvaluations.put(key, before);
        }
        EvaluationSummary after = ev.run(run.finalPrompt(), dir.resolve("eval-final"), EvaluationListener.NONE).summary();
        double evalSeconds = (System.nanoTime() - t0) / 1e9 - stepSeconds[0];
        CellResult r = new CellResult(c.id(), c.model(), c.task(), c.preset(), c.seed(), initial, run.finalPrompt(), run.finalPromptRule(),
                run.steps().size(), grid.split().id(), after.n(), before.accuracy(), after.accuracy(), before.accuracyParsed(),
                after.accuracyParsed(), secondsOf(run.steps()), Math.max(0, evalSeconds), sum(run.steps(), 0), sum(run.steps(), 1),
                sum(run.steps(), 2), Map.of());
        SweepFiles.deleteTree(dir.resolve("transfer")); // evaluations of an earlier final prompt, if any
        if (shared != null) shared.delete(SweepFiles.cellPath(c) + "/transfer");
        SweepFiles.write(dir.resolve(SweepFiles.CELL_JSON), r);
        if (mirror != null) mirror.push(SweepFiles.cellPath(c), List.of(SweepFiles.CELL_JSON));
        progress.report(c, String.format(Locale.ROOT, "done: %s %.1f%% -> %.1f%% (%d rows)  %.1fs  \"%s\"", grid.split().id(),
                100 * before.accuracy(), 100 * after.accuracy(), after.n(), r.seconds(), r.finalPrompt()));
        return r;
    }

    /**
     * The accuracy of other cells' final prompts on {@code model}, each on its own task with the grid's evaluation
     * (records in the source cell's {@code transfer/<model>/}, resumable).
     *
     * @param model   the model to evaluate on
     * @param sources finished cells of other models
     * @return the accuracy of each source cell's final prompt, by cell
     */
    public Map<Cell, Double> transfer(String model, List<Cell> sources) {
        Map<Cell, Double> out = new HashMap<>();
        for (Cell c : sources) {
            String path = SweepFiles.transferPath(c, model);
            if (mirror != null) {
                mirror.pull(SweepFiles.cellPath(c) + "/" + SweepFiles.CELL_JSON);
                mirror.pull(path);
            }
            CellResult r = SweepFiles.finished(this.out, c)
                    .orElseThrow(() -> new IllegalStateException("cell " + c.id() + " has no " + SweepFiles.CELL_JSON + " to transfer"));
            GreaterConfig cfg = grid.config(c);
            Task t = task(c.task());
            Protocol p = Protocol.of(model(model), t, Protocol.Options.defaults().withSeparator(cfg.separator()));
            EvaluationConfig ec = EvaluationConfig.builder().split(grid.split()).limit(grid.limit()).maxNewTokens(cfg.maxNewTokens())
                    .batchSize(cfg.batchSize()).build();
            EvaluationSummary s = Evaluation.of(p, t, ec).run(r.finalPrompt(), this.out.resolve(path), EvaluationListener.NONE).summary();
            if (mirror != null) mirror.push(path, List.of(SweepFiles.SUMMARY_JSON));
            progress.report(c, String.format(Locale.ROOT, "final prompt on %s: %.1f%%", model, 100 * s.accuracy()));
            out.put(c, s.accuracy());
        }
        return out;
    }

    private RunListener listener(Cell c, Path dir, double[] stepSeconds) {
        String fail = System.getProperty(FAIL_ONCE, "");
        int failAfter = fail.startsWith(c.id() + ":") ? Integer.parseInt(fail.substring(c.id().length() + 1)) : -1;
        return (step, total) -> {
            stepSeconds[0] += step.cost().totalSeconds();
            progress.report(c, String.format(Locale.ROOT, "step %d/%d  score %.3f  %.1fs  | %s", step.index() + 1, total, step.swap().score(),
                    step.cost().totalSeconds(), step.next().text()));
            if (mirror != null) mirror.push(SweepFiles.cellPath(c), List.of()); // the checkpoint just written
            if (step.index() + 1 == failAfter) {
                Path marker = dir.resolve(".failed-once");
                if (!Files.exists(marker)) {
                    SweepFiles.writeAtomically(marker, "failed after step " + failAfter + "\n");
                    if (mirror != null) mirror.push(SweepFiles.cellPath(c), List.of());
                    throw new InjectedFailure("injected failure of cell " + c.id() + " after step " + failAfter + " (" + FAIL_ONCE + ")");
                }
            }
        };
    }

    private static double secondsOf(List<Step> steps) {
        double s = 0;
        for (Step st : steps) s += st.cost().totalSeconds();
        return s;
    }

    private static long sum(List<Step> steps, int what) {
        long s = 0;
        for (Step st : steps) {
            s += switch (what) {
                case 0 -> st.cost().generatedTokens();
                case 1 -> st.cost().forwardTokens();
                default -> st.cost().backwardTokens();
            };
        }
        return s;
    }

    private Task task(String name) {
        return tasks.computeIfAbsent(name, n -> Tasks.load(n).head(grid.train(), grid.dev(), 0));
    }

    private LanguageModel model(String spec) {
        if (!spec.equals(loadedSpec)) {
            close();
            loaded = LanguageModel.load(spec, LanguageModel.Options.defaults().withDevice(device));
            loadedSpec = spec;
        }
        return loaded;
    }

    /** Closes the loaded model. */
    @Override
    public void close() {
        if (loaded != null) loaded.close();
        loaded = null;
        loadedSpec = null;
    }
}
