package org.greater4j.optimize;

import java.util.List;

/**
 * The swap step: the shortlisted tokens scored for real, the winner, and the state for the next step.
 *
 * @param position   the prompt position
 * @param evaluated  the shortlisted candidates (and, with keep-best, the current token first) as scored, in order
 * @param winner     the chosen token
 * @param winnerText its text
 * @param score      the chosen token's score
 * @param forced     true when period forcing took a token at once
 * @param next       the prompt state for the next step
 */
public record Swap(int position, List<Evaluated> evaluated, int winner, String winnerText, double score, boolean forced,
                   PromptState next) {

    /** Copies the list. */
    public Swap {
        evaluated = List.copyOf(evaluated);
    }

    /** The winner's reasoning (reused by the next step when its prompt is the same), or null when not kept. */
    public Reasoning reasoning() {
        for (int i = evaluated.size() - 1; i >= 0; i--) {
            if (evaluated.get(i).token() == winner && evaluated.get(i).reasoning() != null) return evaluated.get(i).reasoning();
        }
        return null;
    }

    /** This swap without reasoning (what files keep). */
    public Swap compact() {
        return new Swap(position, evaluated.stream().map(Evaluated::compact).toList(), winner, winnerText, score, forced, next);
    }
}
