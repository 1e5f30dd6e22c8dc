package org.greater4j.notebook;

import java.util.ArrayList;
import java.util.List;

/**
 * A table that renders both as HTML ({@code <table class="g4j-table">}) and as aligned text. Built
 * by renderers; usable by notebooks for their own tables. Not thread-safe.
 */
public final class Table {
    private final List<String> headers;
    private final List<List<Cell>> rows = new ArrayList<>();
    private final List<String> rowClasses = new ArrayList<>();
    private String caption = "";

    private Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    /** A table with these column headers. */
    public static Table of(String... headers) {
        return new Table(List.of(headers));
    }

    /** A table with these column headers. */
    public static Table of(List<String> headers) {
        return new Table(headers);
    }

    /** Sets the caption (shown above the table). */
    public Table caption(String text) {
        caption = text == null ? "" : text;
        return this;
    }

    /** Adds a row; each value is a {@link Cell} or any object shown by {@code String.valueOf}. */
    public Table row(Object... values) {
        return rowWithClass(null, values);
    }

    /** Adds a row with a CSS class on its {@code <tr>} (e.g. {@code g4j-win}); marked with {@code *} in text. */
    public Table rowWithClass(String cssClass, Object... values) {
        if (values.length != headers.size()) {
            throw new IllegalArgumentException("row of " + values.length + " cells in a table of " + headers.size() + " columns " + headers);
        }
        List<Cell> r = new ArrayList<>();
        for (Object v : values) r.add(v instanceof Cell c ? c : Cell.of(v));
        rows.add(r);
        rowClasses.add(cssClass);
        return this;
    }

    /** Number of rows. */
    public int size() {
        return rows.size();
    }

    /** The table as HTML. */
    public String html() {
        StringBuilder b = new StringBuilder("<table class=\"g4j-table\">");
        if (!caption.isEmpty()) b.append("<caption>").append(Html.escape(caption)).append("</caption>");
        b.append("<thead><tr>");
        for (String h : headers) b.append("<th>").append(Html.escape(h)).append("</th>");
        b.append("</tr></thead><tbody>");
        for (int i = 0; i < rows.size(); i++) {
            String cls = rowClasses.get(i);
            b.append(cls == null ? "<tr>" : "<tr class=\"" + cls + "\">");
            for (Cell c : rows.get(i)) b.append("<td>").append(c.html()).append("</td>");
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    /** The table as aligned text: one line per row, columns padded, long cells cut at 60 characters. */
    public String text() {
        int n = headers.size();
        int[] w = new int[n];
        List<List<String>> cells = new ArrayList<>();
        List<String> head = new ArrayList<>(headers);
        cells.add(head);
        for (List<Cell> r : rows) {
            List<String> t = new ArrayList<>();
            for (Cell c : r) t.add(cut(c.text().replace('\n', ' ')));
            cells.add(t);
        }
        for (List<String> r : cells) for (int j = 0; j < n; j++) w[j] = Math.max(w[j], r.get(j).length());
        StringBuilder b = new StringBuilder();
        if (!caption.isEmpty()) b.append(caption).append('\n');
        for (int i = 0; i < cells.size(); i++) {
            List<String> r = cells.get(i);
            boolean marked = i > 0 && rowClasses.get(i - 1) != null;
            b.append(marked ? "* " : "  ");
            for (int j = 0; j < n; j++) {
                String s = r.get(j);
                b.append(s).append(" ".repeat(w[j] - s.length()));
                if (j < n - 1) b.append("  ");
            }
            b.append('\n');
            if (i == 0) {
                b.append("  ");
                for (int j = 0; j < n; j++) b.append("-".repeat(w[j])).append(j < n - 1 ? "  " : "");
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    @Override
    public String toString() {
        return text();
    }
}
