package org.greater4j.generate;

import java.util.Arrays;
import java.util.List;

/**
 * Proposes the draft of one row from an old text (prompt lookup): while the new output keeps following the old
 * tokens, the old tokens after the current point; after a difference, the tokens after the latest place where the
 * old text has the output's last few tokens (up to {@link #NGRAM}), preferring places ahead of the last one used.
 * Not thread-safe; one per row and decode.
 */
final class Drafter {
    /** The longest suffix of the output searched for in the old text. */
    static final int NGRAM = 4;

    private final int[] old;
    private int next; // index in old of the token expected after the output's last token (valid if checked)

    Drafter(int[] old) {
        this.old = old == null ? new int[0] : old;
    }

    /** At most {@code k} draft tokens to follow {@code out} (the output so far, non-empty); may be empty. */
    int[] next(List<Integer> out, int k) {
        if (k <= 0 || old.length == 0 || out.isEmpty()) return new int[0];
        if (!follows(out, next)) next = align(out);
        if (next < 0 || next >= old.length) {
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

    /** The index after the best occurrence of the output's longest matching suffix in the old text, or -1. */
    private int align(List<Integer> out) {
        int s = out.size();
        for (int n = Math.min(NGRAM, s); n >= 1; n--) {
            int first = -1;
            for (int e = n; e <= old.length; e++) {
                if (matches(out, s, n, e)) {
                    if (e >= next) return e;
                    if (first < 0) first = e;
                }
            }
            if (first >= 0) return first;
        }
        return -1;
    }

    private boolean matches(List<Integer> out, int s, int n, int e) {
        for (int j = 1; j <= n; j++) if (old[e - j] != out.get(s - j)) return false;
        return true;
    }
}
