package org.greater4j.toy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Evaluation;
import org.greater4j.task.EvaluationConfig;
import org.greater4j.task.EvaluationListener;
import org.greater4j.task.EvaluationRecord;
import org.greater4j.task.Example;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;
import org.greater4j.text.LayoutTemplate;

/**
 * Held-out accuracy of a toy model under one instruction, by the one evaluation of the project
 * ({@link Evaluation}, its method (b): the answer parsed from the reasoning) on the toy's own protocol (its chat
 * template, {@code QUESTION. Use INSTRUCTION}), plus how often the model reasoned step by step. Stateless.
 */
public final class ToyEvaluation {
    private ToyEvaluation() {}

    /** The date given to the chat template (the toy template does not use it). */
    static final LocalDate DATE = LocalDate.of(2025, 1, 1);
    /** New tokens per answer at most (the longest step-by-step response is about 40 tokens). */
    public static final int MAX_NEW_TOKENS = 64;

    /**
     * Accuracy under one instruction.
     *
     * @param instruction the instruction
     * @param questions   number of questions
     * @param correct     answers equal to the gold
     * @param stepStyle   responses that reasoned step by step (began with {@code first})
     * @param examples    a few (question, response) pairs, for display
     */
    public record Result(String instruction, int questions, int correct, int stepStyle, List<String> examples) {
        /** Copies the examples. */
        public Result {
            examples = List.copyOf(examples);
        }

        /** Share of correct answers. */
        public double accuracy() {
            return questions == 0 ? 0 : (double) correct / questions;
        }

        /** Share of step-by-step responses. */
        public double stepRate() {
            return questions == 0 ? 0 : (double) stepStyle / questions;
        }

        @Override
        public String toString() {
            return String.format("%-40s accuracy %5.1f%%  step style %5.1f%%  (%d questions)", "\"" + instruction + "\"",
                    100 * accuracy(), 100 * stepRate(), questions);
        }
    }

    /** The instructions the README's accuracy table reports: two step-style, a misleading and a neutral one. */
    public static final List<String> REPORT_INSTRUCTIONS = List.of("think step by step.", "show your work and be careful.",
            "no thinking just feeling.", "solve it calmly.");
    /** Seed of the held-out questions of the README's accuracy table. */
    public static final long REPORT_SEED = 500;
    /** Number of held-out questions of the README's accuracy table. */
    public static final int REPORT_QUESTIONS = 500;

    /**
     * The README's table: accuracy under each of {@link #REPORT_INSTRUCTIONS} on the same {@code n}
     * held-out questions (seed {@link #REPORT_SEED}).
     */
    public static List<Result> report(LanguageModel model, int n) {
        List<ToyProblem> qs = ToyTask.heldOut(n, REPORT_SEED);
        List<Result> out = new ArrayList<>();
        for (String i : REPORT_INSTRUCTIONS) out.add(evaluate(model, i, qs, 100));
        return out;
    }

    /** The protocol options of the toy models: their own chat template, the paper's separator, a fixed date. */
    static Protocol.Options options() {
        return Protocol.Options.defaults().withDate(DATE);
    }

    /** The layout template of a toy model loaded from a directory ({@link Protocol#layout}). */
    public static LayoutTemplate layout(LanguageModel model) {
        return Protocol.layout(model, options());
    }

    /**
     * Greedy accuracy of {@code model} on {@code problems} under {@code instruction}: the parsed answer of
     * {@link Evaluation} (method (b)).
     *
     * @param model       a toy model (loaded from its directory, with its tokenizer)
     * @param instruction the prompt, e.g. {@code think step by step.}
     * @param problems    the questions
     * @param batch       questions per generation batch
     */
    public static Result evaluate(LanguageModel model, String instruction, List<ToyProblem> problems, int batch) {
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) rows.add(ToyTask.example(problems.get(i), i));
        Task t = Task.of("toy held-out", ToyTask.ANSWER_TYPE, List.of(), List.of(), rows, ToyProblem.ANSWER_HOOK);
        EvaluationConfig ec = EvaluationConfig.defaults().withMaxNewTokens(MAX_NEW_TOKENS).withBatchSize(batch).withMaxAnswerTokens(4);
        List<EvaluationRecord> out = Evaluation.of(Protocol.of(model, t, options()), t, ec).run(instruction, EvaluationListener.NONE).records();
        int correct = 0;
        int step = 0;
        List<String> shown = new ArrayList<>();
        for (EvaluationRecord r : out) {
            if (r.correctParsed()) correct++;
            if (r.reasoning().startsWith("first")) step++;
            if (shown.size() < 3) shown.add(r.question() + " -> " + r.reasoning());
        }
        return new Result(instruction, out.size(), correct, step, shown);
    }
}
