package org.greater4j.model;

/**
 * A batch of token sequences of different lengths, left-padded to one frame.
 *
 * @param ids  [B][T] ids, padding slots hold {@code padId}
 * @param real [B][T] true for real tokens
 */
public record Padded(int[][] ids, boolean[][] real) {

    /** Left-pads {@code seqs} to the longest length with {@code padId}. */
    public static Padded left(int[][] seqs, int padId) {
        int t = 0;
        for (int[] s : seqs) t = Math.max(t, s.length);
        if (t == 0) throw new IllegalArgumentException("every sequence of the batch is empty");
        int[][] ids = new int[seqs.length][t];
        boolean[][] real = new boolean[seqs.length][t];
        for (int b = 0; b < seqs.length; b++) {
            int off = t - seqs[b].length;
            for (int j = 0; j < t; j++) {
                ids[b][j] = j < off ? padId : seqs[b][j - off];
                real[b][j] = j >= off;
            }
        }
        return new Padded(ids, real);
    }

    /** Frame index of row b's first real token. */
    public int offset(int b) {
        int j = 0;
        while (j < real[b].length && !real[b][j]) j++;
        return j;
    }

    /** Frame length. */
    public int length() {
        return ids[0].length;
    }
}
