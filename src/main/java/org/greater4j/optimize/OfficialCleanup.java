package org.greater4j.optimize;

import java.util.Arrays;

/**
 * Two clean-ups the official code applies to generated reasoning, with Python's and PyTorch's exact semantics
 * (floor division of negative lengths, non-overlapping splits). Stateless.
 */
final class OfficialCleanup {
    private OfficialCleanup() {}

    /**
     * The Gemma-2 "makeshift cleanup" of a swap sequence (attack_manager.py L1046-1061), for an end token {@code e}:
     * when the last {@code ceil(n/5)} ids ({@code seq[-len(seq)//5:]}) hold {@code e}, the sequence is cut at
     * {@code n - floor(n/5) + i}, {@code i} the first such index in that slice (one past the token when 5 does not divide
     * {@code n}, because the two divisions round differently); then every {@code e} in the new last {@code ceil(n'/5)} ids
     * is removed.
     */
    static int[] gemmaLastFifth(int[] seq, int e) {
        int n = seq.length;
        int from = n + Math.floorDiv(-n, 5);
        int[] s = seq;
        for (int i = Math.max(0, from); i < n; i++) {
            if (seq[i] == e) {
                s = Arrays.copyOf(seq, Math.min(n, n - n / 5 + (i - Math.max(0, from))));
                break;
            }
        }
        int m = s.length;
        int tail = Math.max(0, m + Math.floorDiv(-m, 5));
        int[] out = Arrays.copyOf(s, m);
        int k = tail;
        for (int i = tail; i < m; i++) if (s[i] != e) out[k++] = s[i];
        return Arrays.copyOf(out, k);
    }

    /**
     * {@code text.split(sep)[-1].strip()} (attack_manager.py L907): what follows the last of the non-overlapping
     * occurrences of {@code sep} found left to right, stripped; the whole text stripped when {@code sep} is empty or absent.
     */
    static String afterLast(String text, String sep) {
        if (sep.isEmpty()) return text.strip();
        int start = 0;
        for (int at = text.indexOf(sep); at >= 0; at = text.indexOf(sep, at + sep.length())) start = at + sep.length();
        return text.substring(start).strip();
    }
}
