package org.greater4j.generate;

import java.util.Arrays;
import java.util.List;

/**
 * Proposes the draft of one row from an old text (prompt lookup): while the new output keeps following the old
 * tokens, the old tokens after the current point; after a difference, the tokens after the latest place where the
 * old text has the output's last few tokens (up to {@link #NGRAM}), preferring places ahead of the last one used.
 * When the row's own old text has no place with the output's last two tokens, the other rows' old texts of the
 * batch are searched the same way ({@code pool}: texts of the same kind, e.g. reasonings of other questions, often
 * share phrases), before a single-token match in the own text. Not thread-safe; one per row and decode.
 */
final class Drafter {
    /** The longest suffix of the output searched for in the old text. */
    static final int NGRAM = 4;
    /** The shortest suffix searched for in other rows' old texts. */
    static final int POOL_NGRAM = 2;

    private final int[] own;
    private final List<int[]> pool;
    private int[] old; // the text drafts come from now: own, or one of the pool
    private int next;  // index in old of the token expected after the output's last token (valid if checked)

    Drafter(int[] own) {
        this(own, List.of());
    }

    /** A drafter from {@code own} (null: none), falling back on {@code pool} (other rows' old texts; may hold own). */
    Drafter(int[] own, List<int[]> pool) {
        this.own = own == null ? new int[0] : own;
        this.pool = pool;
        this.old = this.own;
    }

    /** At most {@code k} draft tokens to follow {@code out} (the output so far, non-empty); may be empty. */
    int[] next(List<Integer> out, int k) {
        if (k <= 0 || out.isEmpty() || own.length == 0 && pool.isEmpty()) return new int[0];
        if (!follows(out, next)) align(out);
        if (next < 0 || next >= old.length) {
            old = own;
            next = 0;
            return new int[0];
        }
        return Arrays.copyOfRange(old, next, Math.min(old.length, next + k));
    }

    /** The output grew by {@code n} tokens that (may have) followed the old text from the current point. */
    void advance(int n) {
        next += n;
    }

    /** True when old[e-1] (and old[e-2], if both exist) equal the output's last tokens. */
    private boolean follows(List<Integer> out, int e) {
        int s = out.size();
        if (e <= 0 || e > old.length || old[e - 1] != out.get(s - 1)) return false;
        return e < 2 || s < 2 || old[e - 2] == out.get(s - 2);
    }

    /**
     * Points {@code old, next} after the best occurrence of the output's longest matching suffix: in the own text
     * down to {@link #POOL_NGRAM} tokens, then in the pool's texts from its last to its first, then one token in the own
     * text; {@code next = -1} when none.
     */
    private void align(List<Integer> out) {
        int s = out.size();
        int prefer = old == own ? next : 0;
        int e = find(own, out, s, Math.min(NGRAM, s), Math.min(POOL_NGRAM, s), prefer);
        if (e >= 0) {
            old = own;
            next = e;
            return;
        }
        for (int n = Math.min(NGRAM, s); n >= POOL_NGRAM; n--) {
            for (int p = pool.size() - 1; p >= 0; p--) { // the order the benchmarks measured
                int[] t = pool.get(p);
                if (t == own) continue;
                int f = find(t, out, s, n, n, 0);
                if (f >= 0) {
                    old = t;
                    next = f;
                    return;
                }
            }
        }
        old = own;
        next = find(own, out, s, 1, 1, prefer);
    }

    /** The index after the best occurrence in {@code t} of the output's last n tokens, n from hi down to lo; -1 if none. */
    private static int find(int[] t, List<Integer> out, int s, int hi, int lo, int prefer) {
        for (int n = hi; n >= lo; n--) {
            int first = -1;
            for (int e = n; e <= t.length; e++) {
                if (matches(t, out, s, n, e)) {
                    if (e >= prefer) return e;
                    if (first < 0) first = e;
                }
            }
            if (first >= 0) return first;
        }
        return -1;
    }

    private static boolean matches(int[] t, List<Integer> out, int s, int n, int e) {
        for (int j = 1; j <= n; j++) if (t[e - j] != out.get(s - j)) return false;
        return true;
    }
}
