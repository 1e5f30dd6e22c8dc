package org.greater4j.task;

/**
 * How to cut an ordered list of examples: the first {@code train} are train, the next {@code dev}
 * are dev, all the rest are test (as {@code --train N --dev M} on the command line).
 *
 * @param train number of train examples, at least 0
 * @param dev   number of dev examples, at least 0
 */
public record SplitSizes(int train, int dev) {

    /** Default for {@code file:} tasks: 50 train, 100 dev, rest test (the paper's BBH cut). */
    public static final SplitSizes FILE_DEFAULT = new SplitSizes(50, 100);

    /** Rejects negative sizes. */
    public SplitSizes {
        if (train < 0 || dev < 0) {
            throw new IllegalArgumentException("split sizes must be >= 0, got --train " + train + " --dev " + dev);
        }
    }

    /** @return {@code train + dev}, the number of examples needed before test starts */
    public int needed() {
        return train + dev;
    }
}
