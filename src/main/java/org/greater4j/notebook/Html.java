package org.greater4j.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every result value as HTML and as text. {@link #of(Object)} renders a value with the renderer
 * registered for its type (the built-ins cover the model, task, every optimizer value, runs,
 * evaluations, the paper's tables, comparisons and plots); {@link #text(Object)} is the same value as
 * readable text. Nothing here knows a Jupyter kernel: the kernel hooks ({@link Notebook#display},
 * the rapaio {@code DisplayProvider}) only call these methods.
 *
 * <p>Rendering reads only the value (every value carries the texts it shows) and changes nothing, except that the first plot of a session also carries the plotly.js bundle (see
 * {@link Plotly}).
 */
public final class Html {
    private Html() {}

    private record Entry(Class<?> type, Renderer<?> renderer) {}

    private static final List<Entry> RENDERERS = new CopyOnWriteArrayList<>();
    private static final Map<Class<?>, Renderer<?>> CACHE = new ConcurrentHashMap<>();

    /** The style sheet every fragment carries (classes prefixed {@code g4j-}). */
    public static final String CSS = "<style>"
            + ".g4j{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;line-height:1.4}"
            + ".g4j h4{margin:.6em 0 .3em 0;font-size:14px}"
            + ".g4j-table{border-collapse:collapse;margin:.3em 0 .8em 0}"
            + ".g4j-table caption{text-align:left;font-weight:600;padding:2px 0}"
            + ".g4j-table th,.g4j-table td{border:1px solid #ddd;padding:2px 6px;text-align:left !important;vertical-align:top;max-width:48em}"
            + ".g4j-table th{background:#f3f3f3}"
            + ".g4j-table tr.g4j-win td{background:#e3f6e3;font-weight:600}"
            + ".g4j-table tr.g4j-cur td{background:#fff6d6}"
            + ".g4j-tok{display:inline-block;border:1px solid #bbb;border-radius:3px;padding:0 3px;margin:1px;font-family:monospace;white-space:pre;background:#fafafa}"
            + ".g4j-pos{border-color:#d33;background:#ffe1e1;font-weight:700}"
            + ".g4j-new{border-color:#2a2;background:#dcf5dc;font-weight:700}"
            + ".g4j-answer{background:#ffe66b;padding:0 2px;border-radius:2px;font-weight:600}"
            + ".g4j-ok{color:#180}.g4j-bad{color:#c11}"
            + ".g4j-bar{display:inline-block;height:9px;background:#4a7bd0;vertical-align:middle}"
            + ".g4j-negbar{display:inline-block;height:9px;background:#d0574a;vertical-align:middle}"
            + ".g4j-note{color:#666}"
            + ".g4j-reasoning{white-space:pre-wrap;font-family:monospace;font-size:12px}"
            + "</style>";

    static {
        Renderers.registerBuiltIns();
    }

    /**
     * Registers (or replaces) the renderer of a type. A value uses the renderer of its own class, else
     * of the earliest registered supertype.
     */
    public static <T> void register(Class<T> type, Renderer<? super T> renderer) {
        RENDERERS.removeIf(e -> e.type().equals(type));
        RENDERERS.add(new Entry(type, renderer));
        CACHE.clear();
    }

    /** The types that have a renderer, in registration order. */
    public static List<Class<?>> types() {
        List<Class<?>> out = new ArrayList<>();
        for (Entry e : RENDERERS) out.add(e.type());
        return List.copyOf(out);
    }

    /** True when values of this class have a renderer. */
    public static boolean supports(Class<?> type) {
        return find(type) != null;
    }

    @SuppressWarnings("unchecked")
    private static Renderer<Object> find(Class<?> type) {
        Renderer<?> r = CACHE.get(type);
        if (r == null) {
            for (Entry e : RENDERERS) if (e.type().equals(type)) r = e.renderer();
            if (r == null) for (Entry e : RENDERERS) if (e.type().isAssignableFrom(type)) { r = e.renderer(); break; }
            if (r == null) return null;
            CACHE.put(type, r);
        }
        return (Renderer<Object>) r;
    }

    /** The value as an HTML fragment ({@code <div class="g4j">} with the style sheet); unknown types as escaped text. */
    public static String of(Object value) {
        if (value == null) return "<div class=\"g4j\"><i>null</i></div>";
        Renderer<Object> r = find(value.getClass());
        String body = r == null ? "<pre>" + escape(String.valueOf(value)) + "</pre>" : r.html(value);
        return "<div class=\"g4j\">" + CSS + body + "</div>";
    }

    /** The value as plain text; unknown types by {@code String.valueOf}. */
    public static String text(Object value) {
        if (value == null) return "null";
        Renderer<Object> r = find(value.getClass());
        return r == null ? String.valueOf(value) : r.text(value);
    }

    /** The value rendered both ways at once. */
    public static Rendered render(Object value) {
        return new Rendered(of(value), text(value));
    }

    /** HTML the caller wrote, with a text form for terminals. */
    public static Rendered raw(String html, String text) {
        return new Rendered(html, text);
    }

    /**
     * A standalone HTML document of values, one after another, with plotly.js inlined once in its head
     * (whatever the session has inlined before): for writing a report file.
     */
    public static String page(String title, Object... values) {
        StringBuilder body = new StringBuilder();
        Plotly.withoutBundle(() -> {
            for (Object v : values) body.append(of(v)).append('\n');
        });
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n"
                + Plotly.bundleScript() + "\n</head><body>\n" + body + "</body></html>\n";
    }

    /** Escapes {@code & < > " '} for HTML text and attributes. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A token's text made visible: spaces as {@code ·}, newlines as {@code ↵}, tabs as {@code →}; empty as {@code ∅}. */
    public static String visible(String token) {
        if (token == null || token.isEmpty()) return "∅";
        return token.replace(' ', '·').replace("\n", "↵").replace("\t", "→");
    }

    /** One token as an HTML chip; {@code cssExtra} adds a class such as {@code g4j-pos}. */
    static String chip(String token, int id, String cssExtra) {
        String cls = cssExtra == null ? "g4j-tok" : "g4j-tok " + cssExtra;
        return "<span class=\"" + cls + "\" title=\"id " + id + "\">" + escape(visible(token)) + "</span>";
    }

    /**
     * The reasoning text with the answer marked: the last occurrence of {@code answer} (case-insensitive)
     * wrapped in {@code <mark class="g4j-answer">}; the text escaped.
     */
    public static String markAnswer(String text, String answer) {
        if (text == null) return "";
        if (answer == null || answer.isBlank()) return escape(text);
        int at = lastIndexOfIgnoreCase(text, answer.strip());
        if (at < 0) return escape(text);
        int end = at + answer.strip().length();
        return escape(text.substring(0, at)) + "<mark class=\"g4j-answer\">" + escape(text.substring(at, end)) + "</mark>"
                + escape(text.substring(end));
    }

    /** The same marking for text: the answer between {@code [[ ]]}. */
    static String markAnswerText(String text, String answer) {
        if (text == null) return "";
        if (answer == null || answer.isBlank()) return text;
        int at = lastIndexOfIgnoreCase(text, answer.strip());
        if (at < 0) return text;
        int end = at + answer.strip().length();
        return text.substring(0, at) + "[[" + text.substring(at, end) + "]]" + text.substring(end);
    }

    private static int lastIndexOfIgnoreCase(String text, String needle) {
        if (needle.isEmpty()) return -1;
        return text.toLowerCase(java.util.Locale.ROOT).lastIndexOf(needle.toLowerCase(java.util.Locale.ROOT));
    }

    /** A horizontal bar of {@code fraction} (0..1) of 120 px, red when negative. */
    static String bar(double fraction) {
        if (!Double.isFinite(fraction)) return "";
        int px = (int) Math.round(Math.min(1, Math.abs(fraction)) * 120);
        return "<span class=\"" + (fraction < 0 ? "g4j-negbar" : "g4j-bar") + "\" style=\"width:" + px + "px\"></span>";
    }

    /** A gradient value's bar in the heat map's colours: negative (the loss falls) blue, positive red; |g| <= 1. */
    static String gradientBar(double g) {
        if (!Double.isFinite(g)) return "";
        int px = (int) Math.round(Math.min(1, Math.abs(g)) * 120);
        return "<span class=\"" + (g < 0 ? "g4j-bar" : "g4j-negbar") + "\" style=\"width:" + px + "px\"></span>";
    }

    /** A heading. */
    static String h(String text) {
        return "<h4>" + escape(text) + "</h4>";
    }
}
