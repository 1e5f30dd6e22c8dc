package org.greater4j.generate;

/** Called for every token generated, in order, with the batch row it belongs to. */
@FunctionalInterface
public interface TokenListener {
    /** Does nothing. */
    TokenListener NONE = (row, id) -> {};

    /** A new token {@code id} for batch row {@code row}. */
    void onToken(int row, int id);
}
