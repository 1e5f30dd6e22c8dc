package org.greater4j.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The gradient-quality statistics against a brute-force enumeration of every random shortlist. */
class GradientQualityTest {
    @Test
    void randomShortlistStatisticsEqualTheEnumeration() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            int c = 3 + rng.nextInt(9);
            double[] grad = new double[c];
            double[] real = new double[c];
            for (int j = 0; j < c; j++) {
                grad[j] = rng.nextInt(5) - 2;          // ties in the gradient too
                real[j] = rng.nextInt(4) / 4.0;        // many tied real scores
            }
            GradientQuality q = GradientQuality.of(grad, real, 3);
            double best = Double.MAX_VALUE;
            for (double r : real) best = Math.min(best, r);
            int subsets = 0;
            int hits = 0;
            double minRankSum = 0;
            for (int a = 0; a < c; a++) for (int b = a + 1; b < c; b++) for (int d = b + 1; d < c; d++) {
                subsets++;
                if (real[a] == best || real[b] == best || real[d] == best) hits++;
                minRankSum += Math.min(rank(real, a), Math.min(rank(real, b), rank(real, d)));
            }
            assertThat(q.randomHit()).isCloseTo((double) hits / subsets, within(1e-12));
            assertThat(q.randomBestRank()).isCloseTo(minRankSum / subsets, within(1e-12));
            // the gradient's shortlist: the 3 most negative, ties to the lower index
            int[] order = java.util.stream.IntStream.range(0, c).boxed()
                    .sorted((x, y) -> grad[x] != grad[y] ? Double.compare(grad[x], grad[y]) : Integer.compare(x, y))
                    .mapToInt(Integer::intValue).limit(3).toArray();
            for (int i = 0; i < 3; i++) assertThat(q.shortlistRanks()[i]).isEqualTo(rank(real, order[i]));
            assertThat(q.hit()).isEqualTo(real[order[0]] == best || real[order[1]] == best || real[order[2]] == best);
        }
    }

    @Test
    void aPerfectGradientAlwaysHits() {
        double[] real = {0.9, 0.1, 0.5, 0.3};
        GradientQuality q = GradientQuality.of(real.clone(), real, 1);
        assertThat(q.hit()).isTrue();
        assertThat(q.shortlistRanks()).containsExactly(1);
        assertThat(q.randomHit()).isEqualTo(0.25);
        assertThat(q.randomBestRank()).isEqualTo(2.5);
    }

    private static int rank(double[] real, int j) {
        int better = 0;
        for (double r : real) if (r < real[j]) better++;
        return better + 1;
    }
}
