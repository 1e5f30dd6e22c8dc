package org.greater4j.optimize;

import java.util.Arrays;
import java.util.List;

/**
 * Greedy reasoning of every training example under one prompt (GReaTer's reason step). Immutable.
 *
 * @param promptIds the prompt the reasoning was generated with
 * @param prompt    its text
 * @param traces    one per example, in order
 */
public record Reasoning(int[] promptIds, String prompt, List<Trace> traces) {

    /** Copies the ids and the list. */
    public Reasoning {
        promptIds = promptIds.clone();
        traces = List.copyOf(traces);
        if (prompt == null) prompt = "";
    }

    @Override
    public int[] promptIds() {
        return promptIds.clone();
    }

    /** True when this reasoning was generated with exactly {@code ids}. */
    public boolean isFor(int[] ids) {
        return Arrays.equals(promptIds, ids);
    }

    /** The share of traces whose parsed answer is right (NaN when unknown). */
    public double parsedAccuracy() {
        long judged = traces.stream().filter(t -> t.correct() != null).count();
        if (judged == 0) return Double.NaN;
        return traces.stream().filter(t -> Boolean.TRUE.equals(t.correct())).count() / (double) judged;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reasoning r && Arrays.equals(promptIds, r.promptIds) && traces.equals(r.traces);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(promptIds) * 31 + traces.hashCode();
    }

    /**
     * One example's reasoning under a prompt.
     *
     * @param tokens   the generated ids (the stop token excluded)
     * @param text     the decoded, stripped reasoning
     * @param question the example's question
     * @param gold     the example's gold answer
     * @param answer   the answer parsed from the reasoning text (empty when none)
     * @param correct  whether that answer is right (null when the task cannot tell)
     */
    public record Trace(int[] tokens, String text, String question, String gold, String answer, Boolean correct) {
        /** Copies the ids; null texts become empty. */
        public Trace {
            tokens = tokens.clone();
            text = text == null ? "" : text;
            question = question == null ? "" : question;
            gold = gold == null ? "" : gold;
            answer = answer == null ? "" : answer;
        }

        @Override
        public int[] tokens() {
            return tokens.clone();
        }

        /** The number of generated tokens. */
        public int length() {
            return tokens.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Trace t && Arrays.equals(tokens, t.tokens) && text.equals(t.text);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(tokens);
        }
    }
}
