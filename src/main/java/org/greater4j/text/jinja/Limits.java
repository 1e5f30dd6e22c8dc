package org.greater4j.text.jinja;

import java.time.Duration;
import java.util.Objects;

/**
 * Hard limits on parsing and rendering one template, so that a hostile or broken template fails fast
 * with a {@link JinjaException} instead of hanging, overflowing the stack or exhausting memory.
 *
 * @param maxNesting      deepest nesting of blocks ({@code if}, {@code for}, ...) and of expressions
 *                        (parentheses, brackets, operators) the parser accepts
 * @param maxCallDepth    deepest chain of macro calls and recursive loops at render time
 * @param timeLimit       wall time one render may take
 * @param maxOutputChars  characters the rendered text may have
 * @param maxStringChars  characters any one string built during rendering may have
 * @param maxListItems    items any one list built during rendering may have
 * @param maxAllocated    characters plus list items all strings and lists built during one render may add
 *                        up to (counted when built, garbage included)
 */
public record Limits(int maxNesting, int maxCallDepth, Duration timeLimit, long maxOutputChars,
                     long maxStringChars, long maxListItems, long maxAllocated) {

    /**
     * The defaults: nesting 100, call depth 64, 1 s, 16 M characters of output and per string, 1 M items
     * per list, 128 M characters and items built in all. Real chat templates nest under 10 deep and render
     * in about a millisecond.
     */
    public static final Limits DEFAULT = new Limits(100, 64, Duration.ofSeconds(1), 16L << 20, 16L << 20,
            1L << 20, 128L << 20);

    /** Checks that every limit is positive. */
    public Limits {
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (maxNesting <= 0 || maxCallDepth <= 0 || timeLimit.isNegative() || timeLimit.isZero()
                || maxOutputChars <= 0 || maxStringChars <= 0 || maxListItems <= 0 || maxAllocated <= 0) {
            throw new IllegalArgumentException("every template limit must be positive: " + this);
        }
    }

    /** These limits with another time limit. */
    public Limits withTimeLimit(Duration d) {
        return new Limits(maxNesting, maxCallDepth, d, maxOutputChars, maxStringChars, maxListItems, maxAllocated);
    }
}
