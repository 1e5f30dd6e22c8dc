package org.greater4j.optimize;

import java.util.List;

/**
 * The prompt being optimized and where the next step works. Carries its tokens' texts, so it shows itself
 * without a tokenizer. Immutable: arrays are copied in and out.
 *
 * @param ids           prompt token ids (after the separator)
 * @param tokens        the text of each token, as decoded alone
 * @param text          the decoded prompt (a trailing growth token dropped), no leading space
 * @param position      index of the token the next step optimizes
 * @param initialLength length of the prompt this pass started from (period forcing starts at half of it)
 * @param restarts      how many times a pass restarted at position 0 after a score below the threshold
 * @param step          the index of the step that works on this state (0 for the initial prompt)
 */
public record PromptState(int[] ids, List<String> tokens, String text, int position, int initialLength, int restarts, int step) {

    /** Copies the arrays; checks the position, the token texts and the step. */
    public PromptState {
        if (ids == null || ids.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
        ids = ids.clone();
        tokens = List.copyOf(tokens);
        if (tokens.size() != ids.length) {
            throw new IllegalArgumentException(ids.length + " prompt ids but " + tokens.size() + " token texts");
        }
        if (position < 0 || position >= ids.length) {
            throw new IllegalArgumentException("position " + position + " is outside the prompt of " + ids.length + " tokens");
        }
        if (initialLength < 1) throw new IllegalArgumentException("initialLength must be >= 1, got " + initialLength);
        if (restarts < 0 || step < 0) throw new IllegalArgumentException("restarts and step must be >= 0, got " + restarts + ", " + step);
        if (text == null) text = "";
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** The token at the optimized position. */
    public int current() {
        return ids[position];
    }

    /** The number of tokens. */
    public int length() {
        return ids.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptState p && java.util.Arrays.equals(ids, p.ids) && position == p.position
                && initialLength == p.initialLength && restarts == p.restarts && step == p.step;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(ids) * 31 + position * 7 + step;
    }

    @Override
    public String toString() {
        return "PromptState[step " + step + ", position " + position + " of " + ids.length + ": " + text + "]";
    }
}
