package org.greater4j.optimize;

import java.util.Arrays;
import java.util.List;

/**
 * How well the gradient ranked a step's candidates, from the diagnostic that scores every candidate for
 * real, against a shortlist drawn at random. Real ranks are competition ranks (1 = best score; tied
 * scores share the better rank), so ties favour neither the gradient nor chance.
 *
 * @param candidates          candidates of the step
 * @param shortlist           size of the shortlist compared (the gradient's top k)
 * @param bestCount           candidates that reach the best real score
 * @param shortlistRanks      real rank of each of the gradient's top k, in gradient order
 * @param hit                 the gradient's top k holds a candidate with the best real score
 * @param randomHit           probability that k candidates drawn at random hold one
 * @param bestShortlistRank   best real rank among the gradient's top k
 * @param randomBestRank      expected best real rank among k candidates drawn at random
 */
public record GradientQuality(int candidates, int shortlist, int bestCount, int[] shortlistRanks, boolean hit, double randomHit,
                              int bestShortlistRank, double randomBestRank) {

    /**
     * The comparison for one step.
     *
     * @param gradient the gradient per candidate (the shortlist is the k most negative, ties to the lower index, as
     *                 {@link Greater#score} orders them)
     * @param real     the real score per candidate (lower is better), same order
     * @param k        shortlist size
     */
    public static GradientQuality of(double[] gradient, double[] real, int k) {
        int c = gradient.length;
        if (real.length != c || c == 0) throw new IllegalArgumentException("need one real score per candidate, got " + real.length + " for " + c);
        int kk = Math.min(k, c);
        Integer[] byGrad = new Integer[c];
        for (int j = 0; j < c; j++) byGrad[j] = j;
        Arrays.sort(byGrad, (a, b) -> gradient[a] != gradient[b] ? Double.compare(gradient[a], gradient[b]) : Integer.compare(a, b));
        int[] rank = new int[c];
        for (int j = 0; j < c; j++) {
            int better = 0;
            for (double r : real) if (r < real[j]) better++;
            rank[j] = better + 1;
        }
        int bestCount = 0;
        for (int r : rank) if (r == 1) bestCount++;
        int[] top = new int[kk];
        int bestTop = Integer.MAX_VALUE;
        for (int i = 0; i < kk; i++) {
            top[i] = rank[byGrad[i]];
            bestTop = Math.min(bestTop, top[i]);
        }
        // random k-subsets: P(no best) = C(c - m, k) / C(c, k); E[min rank] = sum_i sorted[i] * C(c - 1 - i, k - 1) / C(c, k)
        double total = choose(c, kk);
        double randomHit = 1 - choose(c - bestCount, kk) / total;
        int[] sorted = rank.clone();
        Arrays.sort(sorted);
        double expMin = 0;
        for (int i = 0; i < c; i++) expMin += sorted[i] * choose(c - 1 - i, kk - 1) / total;
        return new GradientQuality(c, kk, bestCount, top, bestTop == 1, randomHit, bestTop, expMin);
    }

    private static double choose(int n, int k) {
        if (k < 0 || n < k) return 0;
        double r = 1;
        for (int i = 0; i < k; i++) r = r * (n - i) / (i + 1);
        return r;
    }

    /**
     * Over several steps.
     *
     * @param steps           steps compared
     * @param hits            steps whose gradient shortlist held a best candidate
     * @param expectedRandomHits expected such steps for a random shortlist
     * @param meanBestRank    mean best real rank in the gradient shortlist
     * @param meanRandomBestRank mean expected best real rank in a random shortlist
     * @param meanCandidates  mean candidates per step
     */
    public record Summary(int steps, int hits, double expectedRandomHits, double meanBestRank, double meanRandomBestRank,
                          double meanCandidates) {}

    /** Sums up steps; steps without a diagnostic are skipped. */
    public static Summary summarize(List<Step> steps, int k) {
        int n = 0;
        int hits = 0;
        double rh = 0;
        double br = 0;
        double rbr = 0;
        double cand = 0;
        for (Step s : steps) {
            if (s.allScores().isEmpty()) continue;
            GradientQuality q = of(s.scores().gradient(), s.realScores(), k);
            n++;
            if (q.hit()) hits++;
            rh += q.randomHit();
            br += q.bestShortlistRank();
            rbr += q.randomBestRank();
            cand += q.candidates();
        }
        return n == 0 ? new Summary(0, 0, 0, Double.NaN, Double.NaN, Double.NaN) : new Summary(n, hits, rh, br / n, rbr / n, cand / n);
    }
}
