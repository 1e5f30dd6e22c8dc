package org.greater4j.optimize;

import java.util.Arrays;
import java.util.List;
import org.greater4j.optimize.Values.Evaluated;
import org.greater4j.optimize.Values.Scores;

/** How well the gradient ranked a step's candidates, from the diagnostic that scores all of them for real. */
public final class GradientQuality {
    private GradientQuality() {}

    /**
     * For the candidates ordered by real score (best first, ties by gradient order), each one's rank
     * (0 = most negative) in the gradient order.
     */
    public static int[] ranks(Scores s, List<Evaluated> all) {
        int c = s.candidates().length;
        Integer[] byGrad = new Integer[c];
        for (int j = 0; j < c; j++) byGrad[j] = j;
        double[] g = s.gradient();
        Arrays.sort(byGrad, (a, b) -> g[a] != g[b] ? Double.compare(g[a], g[b]) : Integer.compare(a, b));
        int[] gradRankOfIndex = new int[c];
        for (int r = 0; r < c; r++) gradRankOfIndex[byGrad[r]] = r;
        double[] real = new double[c];
        for (int j = 0; j < c; j++) {
            int tok = s.candidates()[j];
            real[j] = all.stream().filter(e -> e.token() == tok).mapToDouble(Evaluated::score).findFirst().orElse(Double.NaN);
        }
        Integer[] byReal = new Integer[c];
        for (int j = 0; j < c; j++) byReal[j] = j;
        Arrays.sort(byReal, (a, b) -> real[a] != real[b] ? Double.compare(real[a], real[b]) : Integer.compare(gradRankOfIndex[a], gradRankOfIndex[b]));
        int[] out = new int[c];
        for (int r = 0; r < c; r++) out[r] = gradRankOfIndex[byReal[r]];
        return out;
    }

    /** True when the truly best candidate is among the gradient's top {@code k}. */
    public static boolean bestInTopK(int[] ranks, int k) {
        return ranks.length > 0 && ranks[0] < k;
    }

    /** Probability that a random choice of {@code k} of {@code c} candidates contains the best one. */
    public static double randomChance(int c, int k) {
        return c == 0 ? 0 : Math.min(1.0, (double) k / c);
    }
}
