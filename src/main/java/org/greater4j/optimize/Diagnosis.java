package org.greater4j.optimize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How well the gradient ranked one step's candidates ({@link Greater#diagnose}): every candidate scored for real,
 * each row with its gradient, whether the gradient shortlisted it, its real score and its real rank (1 = best;
 * tied scores share the better rank), in gradient order; and the comparison with a shortlist drawn at random.
 *
 * @param step    the step, with every candidate scored for real ({@link Step#allScores()})
 * @param rows    one per candidate, in gradient order (most negative first)
 * @param quality the gradient's shortlist against a random one
 */
public record Diagnosis(Step step, List<Row> rows, GradientQuality quality) {

    /** Copies the list. */
    public Diagnosis {
        rows = List.copyOf(rows);
    }

    /**
     * One candidate.
     *
     * @param token       the token
     * @param text        its text
     * @param gradient    its L2-normalized gradient
     * @param shortlisted the gradient's shortlist holds it
     * @param score       its real score (lower is better)
     * @param mistakeRate its real mistake rate
     * @param realRank    its rank among the real scores (1 = best; ties share the better rank)
     */
    public record Row(int token, String text, double gradient, boolean shortlisted, double score, double mistakeRate, int realRank) {}

    /** The diagnosis of a step that scored every candidate. */
    static Diagnosis of(Step s, int shortlist) {
        double[] grad = s.scores().gradient();
        double[] real = s.realScores();
        int[] cand = s.candidates().tokens();
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < cand.length; j++) order.add(j);
        order.sort(Comparator.comparingDouble((Integer j) -> grad[j]).thenComparingInt(j -> j));
        int[] sl = s.scores().shortlist();
        List<Row> rows = new ArrayList<>();
        for (int j : order) {
            int better = 0;
            for (double r : real) if (r < real[j]) better++;
            boolean in = false;
            for (int t : sl) in |= t == cand[j];
            Evaluated e = s.allScores().get(j);
            rows.add(new Row(cand[j], s.candidates().texts().get(j), grad[j], in, real[j], e.mistakeRate(), better + 1));
        }
        return new Diagnosis(s, rows, GradientQuality.of(grad, real, shortlist));
    }
}
