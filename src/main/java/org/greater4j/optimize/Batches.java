package org.greater4j.optimize;

/** The chunked-batch loop every part of the optimizer runs: {@code [0, n)} in slices of at most {@code size}. */
final class Batches {
    private Batches() {}

    /** Called for each slice {@code [from, to)}. */
    @FunctionalInterface
    interface Slice {
        void run(int from, int to);
    }

    /** Runs {@code slice} over {@code [0, n)} in order, {@code size} at a time. */
    static void forEach(int n, int size, Slice slice) {
        if (size < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        for (int from = 0; from < n; from += size) slice.run(from, Math.min(n, from + size));
    }
}
