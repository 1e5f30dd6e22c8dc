package org.greater4j.optimize;

import java.util.Arrays;
import java.util.List;

/**
 * The candidate set for one position (GReaTer's propose step). Immutable: arrays are copied in and out.
 *
 * @param position      the prompt position
 * @param current       the token at the position now (always among {@code tokens})
 * @param k             the top-k finally used (grown by 2 while the union was too small)
 * @param topk          [example][rank] each example's top-k tokens at the position (banned tokens excluded)
 * @param intersections the random intersections whose union is the set
 * @param tokens        the candidate tokens, ascending, the current token included
 * @param texts         the text of each candidate token
 * @param currentAdded  true when the current token was not in the union and was added
 */
public record Candidates(int position, int current, int k, int[][] topk, List<Intersection> intersections, int[] tokens,
                         List<String> texts, boolean currentAdded) {

    /** Copies the arrays and lists. */
    public Candidates {
        topk = Copy.deep(topk);
        intersections = List.copyOf(intersections);
        tokens = tokens.clone();
        texts = List.copyOf(texts);
        if (texts.size() != tokens.length) throw new IllegalArgumentException(tokens.length + " candidates but " + texts.size() + " texts");
    }

    @Override
    public int[][] topk() {
        return Copy.deep(topk);
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** The number of candidates. */
    public int size() {
        return tokens.length;
    }

    /** For each candidate, the number of examples whose top-k holds it. */
    public int[] votes() {
        int[] v = new int[tokens.length];
        for (int[] row : topk) {
            for (int t : row) {
                int j = Arrays.binarySearch(tokens, t);
                if (j >= 0) v[j]++;
            }
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Candidates c && position == c.position && current == c.current && k == c.k
                && Arrays.deepEquals(topk, c.topk) && intersections.equals(c.intersections) && Arrays.equals(tokens, c.tokens)
                && currentAdded == c.currentAdded;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens) * 31 + position;
    }

    @Override
    public String toString() {
        return "Candidates[position " + position + ", " + tokens.length + ": " + texts + "]";
    }

    /**
     * One random intersection of the proposal.
     *
     * @param examples the sampled example indices, in sampling order
     * @param tokens   the tokens in all their top-k lists, ascending
     */
    public record Intersection(int[] examples, int[] tokens) {
        /** Copies the arrays. */
        public Intersection {
            examples = examples.clone();
            tokens = tokens.clone();
        }

        @Override
        public int[] examples() {
            return examples.clone();
        }

        @Override
        public int[] tokens() {
            return tokens.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Intersection i && Arrays.equals(examples, i.examples) && Arrays.equals(tokens, i.tokens);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(examples) * 31 + Arrays.hashCode(tokens);
        }
    }
}
