package org.greater4j.text;

/**
 * A range of token positions, {@code start} inclusive, {@code end} exclusive.
 *
 * @param start first position
 * @param end   one past the last position; equal to {@code start} for an empty span
 */
public record Span(int start, int end) {

    /** Checks {@code 0 <= start <= end}. */
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + "): need 0 <= start <= end");
        }
    }

    /** Number of positions. */
    public int length() {
        return end - start;
    }

    /** True when the span holds no position. */
    public boolean isEmpty() {
        return end == start;
    }

    /** True when {@code position} lies in the span. */
    public boolean contains(int position) {
        return position >= start && position < end;
    }

    /** This span moved by {@code delta} positions. */
    public Span shift(int delta) {
        return new Span(start + delta, end + delta);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
