package org.greater4j.task;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The result of evaluating one prompt on one model and task: accuracy by the two answer readings of
 * {@link Evaluation} with their 95% Wilson score intervals, and counts that explain them. What
 * {@code summary.json} holds; an immutable value. Accuracies are fractions in [0, 1].
 *
 * @param task                the task name
 * @param split               {@code train}, {@code dev} or {@code test}
 * @param model               where the model was loaded from
 * @param prompt              the prompt text
 * @param extractor           the extractor text appended after the reasoning (method (a))
 * @param chatFormat          the chat format's name ({@code template}, {@code llama3}, {@code none} ...)
 * @param n                   examples evaluated
 * @param correct             examples right by method (a), extractor + greedy answer tokens
 * @param accuracy            {@code correct / n}
 * @param ci95                95% Wilson interval of {@code accuracy}
 * @param correctParsed       examples right by method (b), parsing the reasoning
 * @param accuracyParsed      {@code correctParsed / n}
 * @param ci95Parsed          95% Wilson interval of {@code accuracyParsed}
 * @param noAnswer            examples where method (a) found no answer
 * @param noAnswerParsed      examples where method (b) found no answer
 * @param truncated           examples whose reasoning hit the token limit or the context
 * @param meanReasoningTokens mean number of reasoning tokens
 * @param maxNewTokens        the reasoning token limit
 * @param resumed             records read back from an earlier, interrupted run of the same evaluation
 */
public record EvaluationSummary(String task, String split, String model, String prompt, String extractor,
                                String chatFormat, int n, int correct, double accuracy, Interval ci95,
                                int correctParsed, double accuracyParsed, Interval ci95Parsed, int noAnswer,
                                int noAnswerParsed, int truncated, double meanReasoningTokens, int maxNewTokens,
                                int resumed) {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959964;

    /**
     * A confidence interval for a proportion, written to JSON as {@code [low, high]}.
     *
     * @param low  lower bound, in [0, 1]
     * @param high upper bound, in [low, 1]
     */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"low", "high"})
    public record Interval(double low, double high) {
        /** Checks {@code 0 <= low <= high <= 1}. */
        public Interval {
            if (!(low >= 0 && low <= high && high <= 1)) {
                throw new IllegalArgumentException("bad interval [" + low + ", " + high + "]");
            }
        }

        /**
         * The Wilson score interval at 95% ({@code z = 1.959964}) for {@code successes} out of {@code n}:
         * {@code (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)}. Unlike the normal
         * approximation it stays inside [0, 1] and is not empty at 0 or n successes.
         *
         * @param successes right answers, 0..n
         * @param n         trials, at least 1
         * @return the interval
         */
        public static Interval wilson95(int successes, int n) {
            return wilson(successes, n, Z95);
        }

        /** The Wilson score interval for a given {@code z} (see {@link #wilson95}). */
        public static Interval wilson(int successes, int n, double z) {
            if (n < 1 || successes < 0 || successes > n) {
                throw new IllegalArgumentException("need 0 <= successes <= n and n >= 1, got " + successes + " of " + n);
            }
            double p = (double) successes / n;
            double z2 = z * z;
            double denom = 1 + z2 / n;
            double center = (p + z2 / (2.0 * n)) / denom;
            double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
            return new Interval(Math.max(0, center - half), Math.min(1, center + half));
        }
    }

    /**
     * Summarizes records (every example once, any order).
     *
     * @param task         the task name
     * @param split        the split's id
     * @param model        the model's source
     * @param prompt       the prompt
     * @param extractor    the extractor
     * @param chatFormat   the chat format's name
     * @param maxNewTokens the reasoning limit
     * @param records      the records, at least one
     * @param resumed      how many were read back from an earlier run
     * @return the summary
     */
    public static EvaluationSummary of(String task, String split, String model, String prompt, String extractor,
                                       String chatFormat, int maxNewTokens, List<EvaluationRecord> records,
                                       int resumed) {
        int n = records.size();
        if (n == 0) throw new IllegalArgumentException("no records to summarize");
        int ok = 0;
        int okParsed = 0;
        int none = 0;
        int noneParsed = 0;
        int cut = 0;
        long tokens = 0;
        for (EvaluationRecord r : records) {
            if (r.correct()) ok++;
            if (r.correctParsed()) okParsed++;
            if (r.answerExtracted() == null) none++;
            if (r.answerParsed() == null) noneParsed++;
            if (r.truncated()) cut++;
            tokens += r.reasoningTokens();
        }
        return new EvaluationSummary(task, split, model, prompt, extractor, chatFormat, n, ok, (double) ok / n,
                Interval.wilson95(ok, n), okParsed, (double) okParsed / n, Interval.wilson95(okParsed, n), none,
                noneParsed, cut, (double) tokens / n, maxNewTokens, resumed);
    }

    /** @return this summary as if nothing had been resumed (to compare an interrupted run with a whole one) */
    public EvaluationSummary withoutResumed() {
        return new EvaluationSummary(task, split, model, prompt, extractor, chatFormat, n, correct, accuracy, ci95,
                correctParsed, accuracyParsed, ci95Parsed, noAnswer, noAnswerParsed, truncated, meanReasoningTokens,
                maxNewTokens, 0);
    }
}
