package org.greater4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Evaluation;
import org.greater4j.task.EvaluationConfig;
import org.greater4j.task.EvaluationIdentity;
import org.greater4j.task.EvaluationListener;
import org.greater4j.task.EvaluationRecord;
import org.greater4j.task.EvaluationResult;
import org.greater4j.task.EvaluationSummary;
import org.greater4j.task.Task;
import org.greater4j.text.LayoutTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code greater evaluate}: the accuracy of one prompt on a task with one model, by the extractor and
 * the model's greedy answer (a) and by parsing the reasoning (b), with 95% Wilson intervals. Progress
 * goes to stderr; stdout gets a table, or with {@code --json} only the summary as one JSON object.
 * With {@code --out DIR} every record is saved as it is made and an interrupted run resumes.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Accuracy of a prompt on a task: greedy reasoning under the prompt, then the answer read (a) from "
                + "the model's greedy tokens after the extractor, as in training, and (b) from the reasoning text.",
                "With --out DIR the records are saved (records.jsonl, summary.json) and an interrupted run resumes."})
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    ChatFormatOptions chat = new ChatFormatOptions();

    @Mixin
    EvaluationOptions eval = new EvaluationOptions();

    @Option(names = "--prompt", paramLabel = "TEXT", defaultValue = "",
            description = "The prompt, after the question and the separator; may be empty. Default: empty.")
    String prompt = "";

    @Option(names = "--out", paramLabel = "DIR",
            description = "Save evaluation.json, records.jsonl (one line per example, as it is made) and summary.json "
                    + "here; running again with the same settings resumes (default: nothing is saved).")
    Path out;

    @Option(names = "--json", description = "Print only the summary, as one JSON object (accuracies are fractions).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EvaluationConfig config = eval.config();
        Task task = eval.loadTask(model.task(eval.task()));
        LocalDate date = out == null ? LocalDate.now() : savedDate(out);
        PrintWriter err = spec.commandLine().getErr();
        try (LanguageModel m = model.load()) {
            LayoutTemplate layout = chat.layout(m, eval.separator, date);
            Evaluation evaluation = Evaluation.of(m, layout, task, config);
            Progress progress = new Progress(err, "evaluate", config.batchSize());
            EvaluationResult result = evaluation.run(prompt, out, progress);
            PrintWriter w = spec.commandLine().getOut();
            if (json) {
                w.println(new ObjectMapper().writeValueAsString(summaryJson(result.summary())));
            } else {
                print(w, result.summary(), out);
            }
            w.flush();
        }
        return 0;
    }

    /** The chat date an earlier run in {@code dir} rendered with (so that a resumed run matches), else today. */
    static LocalDate savedDate(Path dir) {
        return Evaluation.savedIdentity(dir).map(EvaluationIdentity::chatDate).map(LocalDate::parse).orElse(LocalDate.now());
    }

    /** The summary as JSON, with the paper's numbers for the task's benchmark under {@code paper} when it has some. */
    static ObjectNode summaryJson(EvaluationSummary s) {
        ObjectNode o = new ObjectMapper().valueToTree(s);
        PaperTable.json(s.task()).ifPresent(p -> o.set("paper", p));
        return o;
    }

    private static void print(PrintWriter w, EvaluationSummary s, Path out) {
        w.printf("task       %s, split %s, %d examples%n", s.task(), s.split(), s.n());
        w.printf("model      %s (chat format %s)%n", s.model(), s.chatFormat());
        w.printf("prompt     %s%n", quote(s.prompt()));
        w.printf("extractor  %s%n", quote(s.extractor()));
        w.printf("accuracy   (a) extractor + answer tokens  %s%n", cell(s.accuracy(), s.ci95(), s.correct(), s.n()));
        w.printf("           (b) parsed from the reasoning  %s%n", cell(s.accuracyParsed(), s.ci95Parsed(),
                s.correctParsed(), s.n()));
        w.printf("no answer  (a) %d, (b) %d; reasoning cut at %d tokens or the context: %d; mean %.1f tokens%n",
                s.noAnswer(), s.noAnswerParsed(), s.maxNewTokens(), s.truncated(), s.meanReasoningTokens());
        if (out != null) {
            w.printf("saved      %s, %s%s%n", out.resolve("records.jsonl"), out.resolve("summary.json"),
                    s.resumed() > 0 ? " (" + s.resumed() + " records read back from an earlier run)" : "");
        }
        for (String line : PaperTable.lines(s.task())) w.println(line);
    }

    static String cell(double acc, EvaluationSummary.Interval ci, int k, int n) {
        return String.format("%5.1f%%  95%% CI [%.1f, %.1f]  %d/%d", 100 * acc, 100 * ci.low(), 100 * ci.high(), k, n);
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
    }

    /** Progress on stderr: one line per batch with this run's running counts. */
    static final class Progress implements EvaluationListener {
        private final PrintWriter err;
        private final String label;
        private final int every;
        private final long start = System.nanoTime();
        private int seen;
        private int right;
        private int rightParsed;

        Progress(PrintWriter err, String label, int every) {
            this.err = err;
            this.label = label;
            this.every = every;
        }

        @Override
        public void onRecord(EvaluationRecord r, int done, int total) {
            seen++;
            if (r.correct()) right++;
            if (r.correctParsed()) rightParsed++;
            if (seen % every == 0 || done == total) {
                err.printf("%s: %d/%d done; this run: (a) %d/%d right, (b) %d/%d, %.0f s%n", label, done, total, right,
                        seen, rightParsed, seen, (System.nanoTime() - start) / 1e9);
                err.flush();
            }
        }
    }
}
