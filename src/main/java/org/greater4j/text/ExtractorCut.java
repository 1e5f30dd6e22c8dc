package org.greater4j.text;

import java.util.Arrays;

/**
 * Cuts a reasoning before the last place where it already wrote the extractor phrase, so that
 * {@code reasoning + extractor + answer} does not say the phrase twice.
 *
 * <p>A model whose own answers end in the extractor phrase (the toy model writes
 * {@code ... so the answer is $ 1 7} and its extractor is {@code so the answer is $}) would otherwise
 * be scored on {@code ... so the answer is $ 1 7 so the answer is $ 1 7}, a sequence it never saw,
 * and its answer loss would say nothing about its reasoning. The official GReaTer code appends the
 * extractor unconditionally; with the paper's extractors on real models the reasoning practically
 * never holds the exact phrase (it is the long {@code Therefore, the final answer (use exact
 * format: ...) is $}), so the cut changes nothing there. The cut works on the generated token ids,
 * so the scored tokens stay exactly those the model generated.
 */
public final class ExtractorCut {
    private ExtractorCut() {}

    /**
     * How many leading tokens of a reasoning come before the last occurrence of the extractor in its
     * decoded text: all of them when the extractor (stripped) is empty or absent.
     *
     * @param tok       the tokenizer that decodes {@code tokens}
     * @param tokens    the generated reasoning ids
     * @param extractor the extractor phrase (surrounding white space ignored)
     * @return the number of tokens to keep, in {@code [0, tokens.length]}
     */
    public static int keep(Tokenizer tok, int[] tokens, String extractor) {
        String phrase = extractor == null ? "" : extractor.strip();
        if (phrase.isEmpty() || tokens.length == 0) return tokens.length;
        if (!tok.decode(tokens, true).contains(phrase)) return tokens.length;
        // the latest start whose suffix still holds the phrase: suffixes only lose occurrences as the start moves right
        int lo = 0;
        int hi = tokens.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tok.decode(Arrays.copyOfRange(tokens, mid, tokens.length), true).contains(phrase)) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /**
     * The reasoning ids before the extractor's last occurrence ({@link #keep}).
     *
     * @return a copy of the kept ids
     */
    public static int[] tokens(Tokenizer tok, int[] tokens, String extractor) {
        return Arrays.copyOf(tokens, keep(tok, tokens, extractor));
    }

    /**
     * The reasoning text before the extractor's last occurrence, as the kept ids decode (stripped);
     * the given {@code text} itself when nothing is cut.
     */
    public static String text(Tokenizer tok, int[] tokens, String text, String extractor) {
        int k = keep(tok, tokens, extractor);
        return k == tokens.length ? text : tok.decode(Arrays.copyOf(tokens, k), true).strip();
    }
}
