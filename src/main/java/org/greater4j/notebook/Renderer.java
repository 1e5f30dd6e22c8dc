package org.greater4j.notebook;

/**
 * How one type of value shows itself: as HTML in a notebook and as readable text elsewhere. Both
 * methods only read the value. Register one with {@link Html#register}.
 *
 * @param <T> the value type
 */
public interface Renderer<T> {
    /** The value as an HTML fragment (no {@code <html>} or {@code <body>}). */
    String html(T value);

    /** The value as plain text (several lines allowed, no markup). */
    String text(T value);
}
