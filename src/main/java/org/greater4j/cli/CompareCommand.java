package org.greater4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Evaluation;
import org.greater4j.task.EvaluationConfig;
import org.greater4j.task.EvaluationSummary;
import org.greater4j.task.Task;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.toy.ToyTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code greater compare}: the accuracy of every prompt on every model (the paper's transfer table).
 * Each model is loaded once and evaluates every prompt in turn, as {@code evaluate} does. Prompts
 * contain commas, so they are not split on them: give {@code --prompts TEXT} once per prompt, and/or
 * {@code --prompt-file FILE} with one prompt per line. Models may be comma-separated or repeated.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Accuracy of every prompt on every model (prompt transfer): a table with rows = prompts, "
                + "columns = models, accuracy %% by (a) extractor + answer tokens / (b) parsed from the reasoning.",
                "Give each prompt with its own --prompts (prompts are not split at commas) or one per line in "
                        + "--prompt-file."})
public final class CompareCommand implements Callable<Integer> {

    @Option(names = "--models", paramLabel = "DIR", split = ",", required = true,
            description = "Models to evaluate: directories, .bin files or HF cache ids, comma-separated or repeated.")
    List<String> models;

    @Option(names = "--prompts", paramLabel = "TEXT",
            description = "A prompt (repeat the option for each; commas are part of the prompt; \"\" is the empty prompt).")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--prompt-file", paramLabel = "FILE",
            description = "A UTF-8 file with one prompt per line, taken verbatim (blank lines are skipped); "
                    + "added after the --prompts.")
    Path promptFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Save each evaluation in DIR/m<i>-<model>/p<j> (as evaluate --out), so a rerun resumes.")
    Path out;

    @Option(names = "--json", description = "Print only {\"task\", \"split\", \"results\": [{model, prompt, accuracy, "
            + "accuracyParsed, n, ...}]} (accuracies are fractions).")
    boolean json;

    @Mixin
    LoadOptions loading = new LoadOptions();

    @Mixin
    ChatFormatOptions chat = new ChatFormatOptions();

    @Mixin
    EvaluationOptions eval = new EvaluationOptions();

    @Spec
    CommandSpec spec;

    /** One cell of the table. */
    record Cell(String model, String modelName, String prompt, EvaluationSummary summary) {}

    @Override
    public Integer call() throws Exception {
        List<String> all = allPrompts();
        EvaluationConfig config = eval.config();
        Task task = eval.loadTask(eval.task() != null ? eval.task() : defaultTask());
        PrintWriter err = spec.commandLine().getErr();
        List<Cell> cells = new ArrayList<>();
        List<String> names = columnNames();
        for (int i = 0; i < models.size(); i++) {
            String modelSpec = models.get(i);
            String name = names.get(i);
            Path modelOut = out == null ? null : out.resolve("m" + (i + 1) + "-" + name);
            LocalDate date = modelOut == null ? LocalDate.now() : EvaluateCommand.savedDate(modelOut.resolve("p1"));
            try (LanguageModel m = loading.load(modelSpec)) {
                LayoutTemplate layout = chat.layout(m, eval.separator, date);
                Evaluation evaluation = Evaluation.of(m, layout, task, config);
                for (int j = 0; j < all.size(); j++) {
                    String label = "compare " + name + " prompt " + (j + 1) + "/" + all.size();
                    Path cellOut = modelOut == null ? null : modelOut.resolve("p" + (j + 1));
                    EvaluationSummary s = evaluation.run(all.get(j), cellOut,
                            new EvaluateCommand.Progress(err, label, config.batchSize())).summary();
                    cells.add(new Cell(modelSpec, name, all.get(j), s));
                }
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(new ObjectMapper().writeValueAsString(json(task, config, cells)));
        } else {
            table(w, task, config, all, cells);
        }
        w.flush();
        return 0;
    }

    /** The toy task when every model is a built-in toy model; otherwise {@code --task} is needed. */
    private String defaultTask() {
        for (String m : models) {
            if (!ModelOptions.isToy(m)) {
                throw new IllegalArgumentException("no --task given; pass --task NAME (see `greater tasks`); only a comparison of "
                        + "the built-in toy models defaults to the toy task");
            }
        }
        return ToyTask.NAME;
    }

    /** A column name per model: its directory or file name, numbered when two would be equal. */
    List<String> columnNames() {
        List<String> base = new ArrayList<>();
        for (String m : models) base.add(ModelOptions.resolve(m).toAbsolutePath().normalize().getFileName().toString());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            String b = base.get(i);
            out.add(Collections.frequency(base, b) > 1 ? b + "#" + (i + 1) : b);
        }
        return out;
    }

    /** The --prompts, then the lines of --prompt-file; at least one. */
    List<String> allPrompts() throws IOException {
        List<String> all = new ArrayList<>(prompts);
        if (promptFile != null) {
            if (!Files.isRegularFile(promptFile)) {
                throw new IllegalArgumentException("--prompt-file " + promptFile + " does not exist");
            }
            for (String line : Files.readAllLines(promptFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) all.add(line);
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no prompts: give --prompts TEXT once per prompt (\"\" for the empty one) "
                    + "or --prompt-file FILE with one prompt per line");
        }
        return all;
    }

    private static ObjectNode json(Task task, EvaluationConfig config, List<Cell> cells) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("task", task.name());
        o.put("split", config.split().id());
        ArrayNode results = o.putArray("results");
        for (Cell c : cells) {
            EvaluationSummary s = c.summary();
            ObjectNode r = results.addObject();
            r.put("model", c.model());
            r.put("prompt", c.prompt());
            r.put("accuracy", s.accuracy());
            r.put("accuracyParsed", s.accuracyParsed());
            r.put("n", s.n());
            r.put("correct", s.correct());
            r.put("correctParsed", s.correctParsed());
            r.set("ci95", mapper.valueToTree(s.ci95()));
            r.set("ci95Parsed", mapper.valueToTree(s.ci95Parsed()));
            r.put("extractor", s.extractor());
        }
        PaperTable.json(task.name()).ifPresent(p -> o.set("paper", p));
        return o;
    }

    private static void table(PrintWriter w, Task task, EvaluationConfig config, List<String> prompts, List<Cell> cells) {
        int n = cells.isEmpty() ? 0 : cells.get(0).summary().n();
        w.printf("task %s, split %s, %d examples; accuracy %% by (a) extractor + answer tokens / (b) parsed from "
                + "the reasoning%n", task.name(), config.split().id(), n);
        List<String> names = new ArrayList<>();
        for (Cell c : cells) if (!names.contains(c.modelName())) names.add(c.modelName());
        int pw = 8;
        for (String p : prompts) pw = Math.max(pw, Math.min(48, EvaluateCommand.quote(p).length()));
        List<Integer> widths = new ArrayList<>();
        StringBuilder head = new StringBuilder(String.format("%-" + pw + "s", "prompt"));
        for (String name : names) {
            int cw = Math.max(13, name.length());
            widths.add(cw);
            head.append("  ").append(String.format("%-" + cw + "s", name));
        }
        w.println(head.toString().stripTrailing());
        for (String p : prompts) {
            String q = EvaluateCommand.quote(p);
            if (q.length() > pw) q = q.substring(0, pw - 3) + "...";
            StringBuilder row = new StringBuilder(String.format("%-" + pw + "s", q));
            for (int k = 0; k < names.size(); k++) {
                String cell = "-";
                for (Cell c : cells) {
                    if (c.modelName().equals(names.get(k)) && c.prompt().equals(p)) {
                        cell = String.format("%.1f / %.1f", 100 * c.summary().accuracy(), 100 * c.summary().accuracyParsed());
                    }
                }
                row.append("  ").append(String.format("%-" + widths.get(k) + "s", cell));
            }
            w.println(row.toString().stripTrailing());
        }
        for (String line : PaperTable.lines(task.name())) w.println(line);
    }
}
