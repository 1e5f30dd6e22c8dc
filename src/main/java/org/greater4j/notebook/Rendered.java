package org.greater4j.notebook;

/**
 * A value already rendered: its HTML and its text. Ends a notebook cell as the HTML; prints as the
 * text ({@link #toString()}), so it reads well in any Java kernel and on a terminal.
 *
 * @param html the HTML fragment
 * @param text the plain text
 */
public record Rendered(String html, String text) {
    /** Rejects nulls. */
    public Rendered {
        if (html == null || text == null) throw new IllegalArgumentException("html and text must not be null");
    }

    /** The text. */
    @Override
    public String toString() {
        return text;
    }
}
