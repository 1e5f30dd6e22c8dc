package org.greater4j.optimize;

import java.util.List;

/**
 * One optimization step: what each of the four parts returned, and what it cost. The same value is kept in
 * checkpoints and {@code run.json} in {@linkplain #compact() compact} form (without reasoning texts and
 * per-example top-k lists).
 *
 * @param index      step index (0-based)
 * @param state      the prompt state the step started from
 * @param candidates the proposal
 * @param reasoning  the reasoning used for the gradient (reused or fresh; null when read back from a file)
 * @param reused     true when the reasoning was the previous winner's
 * @param scores     the gradient step
 * @param swap       the swap step
 * @param allScores  the diagnostic: every candidate scored for real, in candidate order (empty unless switched on)
 * @param cost       the step's cost
 */
public record Step(int index, PromptState state, Candidates candidates, Reasoning reasoning, boolean reused, Scores scores,
                   Swap swap, List<Evaluated> allScores, Cost cost) {

    /** Copies the list. */
    public Step {
        allScores = allScores == null ? List.of() : List.copyOf(allScores);
    }

    /** The step as files keep it: no reasoning texts, no per-example top-k lists. */
    public Step compact() {
        Candidates c = new Candidates(candidates.position(), candidates.current(), candidates.k(), new int[0][],
                candidates.intersections(), candidates.tokens(), candidates.texts(), candidates.currentAdded());
        return new Step(index, state, c, null, reused, scores, swap.compact(), allScores.stream().map(Evaluated::compact).toList(), cost);
    }

    /** The prompt after the step. */
    public PromptState next() {
        return swap.next();
    }

    /** The real score per candidate from the diagnostic, in candidate order (empty when it was off). */
    public double[] realScores() {
        return allScores.stream().mapToDouble(Evaluated::score).toArray();
    }
}
