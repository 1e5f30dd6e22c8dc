package org.greater4j.notebook;

/**
 * One table cell in both forms.
 *
 * @param html the cell's HTML (already escaped)
 * @param text the cell's plain text
 */
public record Cell(String html, String text) {

    /** A plain text cell (escaped for HTML). */
    public static Cell of(Object value) {
        String s = String.valueOf(value);
        return new Cell(Html.escape(s), s);
    }

    /** A cell with its own HTML and text. */
    public static Cell raw(String html, String text) {
        return new Cell(html, text);
    }
}
