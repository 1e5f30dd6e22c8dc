package org.greater4j.task;

import java.util.Locale;

/** The three splits of a task: train (prompt optimization), dev (prompt selection), test (reporting). */
public enum Split {
    /** Examples the prompt is optimized on. */
    TRAIN,
    /** Examples used to choose among candidate prompts. */
    DEV,
    /** Held-out examples accuracy is reported on. */
    TEST;

    /** @return the lower-case name, e.g. {@code train} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param s {@code train}, {@code dev} or {@code test} (case-insensitive)
     * @return the split
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static Split parse(String s) {
        for (Split v : values()) if (v.id().equalsIgnoreCase(s.strip())) return v;
        throw new IllegalArgumentException("unknown split '" + s + "': use train, dev or test");
    }
}
