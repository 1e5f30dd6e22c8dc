package org.greater4j.generate;

/**
 * The work of a batched greedy decode, for cost reports. Immutable.
 *
 * @param forwardCalls    batched forward passes of the decode, the prefill included (a plain decode makes one per new
 *                        token of its longest row; a drafted one, one per verification chunk or single-token step)
 * @param draftedTokens   draft tokens fed to verification passes
 * @param acceptedTokens  draft tokens the verification confirmed (they equal the model's greedy choice)
 * @param generatedTokens output tokens the model chose itself rather than confirming a draft (a plain decode: every
 *                        output token)
 * @param nearTies        positions where a verification pass saw a top-2 logit margin below the tie tolerance and the
 *                        token was recomputed by a single-token step
 */
public record DecodeCount(long forwardCalls, long draftedTokens, long acceptedTokens, long generatedTokens, long nearTies) {
    /** Nothing. */
    public static final DecodeCount ZERO = new DecodeCount(0, 0, 0, 0, 0);

    /** The sum of this and {@code o}. */
    public DecodeCount plus(DecodeCount o) {
        return new DecodeCount(forwardCalls + o.forwardCalls, draftedTokens + o.draftedTokens, acceptedTokens + o.acceptedTokens,
                generatedTokens + o.generatedTokens, nearTies + o.nearTies);
    }

    /** Receives the count of each decode. */
    @FunctionalInterface
    public interface Sink {
        /** Ignores counts. */
        Sink NONE = c -> {};

        /** One decode's work. */
        void add(DecodeCount count);
    }
}
