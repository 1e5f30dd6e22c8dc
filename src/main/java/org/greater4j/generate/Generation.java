package org.greater4j.generate;

/**
 * One generated continuation.
 *
 * @param tokens     the new token ids (the stop token and anything after a stop string excluded)
 * @param text       their decoded text (cut before a stop string), or null without a tokenizer
 * @param stopReason why generation ended
 */
public record Generation(int[] tokens, String text, StopReason stopReason) {

    /** Why a row stopped. */
    public enum StopReason {
        /** an EOS / end-of-turn id (or BOS for llama2.c models) */
        EOS,
        /** a stop string appeared */
        STOP_STRING,
        /** the new-token limit */
        MAX_TOKENS,
        /** the model's context length */
        CONTEXT
    }
}
