package org.greater4j.optimize;

import java.util.Arrays;
import java.util.List;

/**
 * The gradient step (GReaTer's score step). Immutable: arrays are copied in and out.
 *
 * @param position    the prompt position
 * @param candidates  the candidate tokens (the one-hot columns)
 * @param texts       the text of each candidate
 * @param exampleLoss each example's loss (answer CE / T + weight x prompt NLL)
 * @param gradient    d(sum of example losses)/d(one-hot) per candidate, L2-normalized
 * @param shortlist   the candidates with the most negative gradient, best first
 */
public record Scores(int position, int[] candidates, List<String> texts, double[] exampleLoss, double[] gradient, int[] shortlist) {

    /** Copies the arrays. */
    public Scores {
        candidates = candidates.clone();
        texts = List.copyOf(texts);
        exampleLoss = Copy.of(exampleLoss);
        gradient = gradient.clone();
        shortlist = shortlist.clone();
        if (gradient.length != candidates.length) {
            throw new IllegalArgumentException(candidates.length + " candidates but " + gradient.length + " gradient values");
        }
    }

    @Override
    public int[] candidates() {
        return candidates.clone();
    }

    @Override
    public double[] exampleLoss() {
        return exampleLoss.clone();
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    @Override
    public int[] shortlist() {
        return shortlist.clone();
    }

    /** The mean loss over the examples (NaN when none). */
    public double meanLoss() {
        return Arrays.stream(exampleLoss).average().orElse(Double.NaN);
    }

    /** The gradient of one candidate token, or NaN when it is not a candidate. */
    public double gradientOf(int token) {
        for (int j = 0; j < candidates.length; j++) if (candidates[j] == token) return gradient[j];
        return Double.NaN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scores s && position == s.position && Arrays.equals(candidates, s.candidates)
                && Arrays.equals(exampleLoss, s.exampleLoss) && Arrays.equals(gradient, s.gradient) && Arrays.equals(shortlist, s.shortlist);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gradient);
    }
}
