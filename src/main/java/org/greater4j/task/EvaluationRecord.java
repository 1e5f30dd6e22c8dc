package org.greater4j.task;

/**
 * What happened on one example of an evaluation: the model's reasoning, its answer read in the two
 * ways (see {@link Evaluation}), the gold, and whether each answer is right. One line of
 * {@code records.jsonl}; an immutable value.
 *
 * @param index           position of the example in the evaluated rows (0-based, after the split is cut)
 * @param id              the example's id ({@link Example#id()}, e.g. {@code object_counting.json#150})
 * @param question        the question as fed to the model
 * @param reasoning       the greedy reasoning under the prompt, decoded and stripped
 * @param continuation    method (a): the text the model wrote right after reasoning + extractor (cut at the
 *                        first newline after it starts; {@code ""} when the context had no room left)
 * @param answerExtracted method (a): the answer parsed from {@code continuation}, canonical, or null when none
 * @param answerParsed    method (b): the answer parsed from {@code reasoning}, canonical, or null when none
 * @param gold            the gold answer, canonical ({@link Example#gold()})
 * @param correct         method (a) is right
 * @param correctParsed   method (b) is right
 * @param reasoningTokens the number of reasoning tokens generated
 * @param stop            why the reasoning ended: {@code EOS}, {@code MAX_TOKENS}, {@code CONTEXT}
 */
public record EvaluationRecord(int index, String id, String question, String reasoning, String continuation,
                               String answerExtracted, String answerParsed, String gold, boolean correct,
                               boolean correctParsed, int reasoningTokens, String stop) {

    /** Rejects a negative index and null texts (the answers may be null). */
    public EvaluationRecord {
        if (index < 0) throw new IllegalArgumentException("record index must be >= 0, got " + index);
        if (id == null || question == null || reasoning == null || continuation == null || gold == null) {
            throw new IllegalArgumentException("record " + index + ": id, question, reasoning, continuation and gold "
                    + "must not be null");
        }
    }

    /** @return true when the reasoning was cut by the token limit or the context, not ended by the model */
    public boolean truncated() {
        return "MAX_TOKENS".equals(stop) || "CONTEXT".equals(stop);
    }
}
