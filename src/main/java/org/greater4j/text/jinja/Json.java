package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HuggingFace's {@code tojson}: Python's {@code json.dumps(x, ensure_ascii=False, indent=None,
 * separators=None, sort_keys=False)} (no HTML escaping, unlike jinja2's own filter).
 */
final class Json {
    private static final int MAX_DEPTH = 500;

    private final Renderer r;
    private final String indent;
    private final String itemSep;
    private final String keySep;
    private final boolean sortKeys;
    private final boolean ascii;
    private final StringBuilder sb = new StringBuilder();

    private Json(Renderer r, String indent, String itemSep, String keySep, boolean sortKeys, boolean ascii) {
        this.r = r;
        this.indent = indent;
        this.itemSep = itemSep;
        this.keySep = keySep;
        this.sortKeys = sortKeys;
        this.ascii = ascii;
    }

    static String dumps(Renderer r, Object value, Object indentArg, boolean sortKeys, Object separators, boolean ascii) {
        String indent = null;
        if (indentArg instanceof String s) {
            indent = s;
        } else if (indentArg != null && Py.isInt(indentArg)) {
            long n = Py.asLong(indentArg);
            r.string(Math.max(0, n));
            indent = " ".repeat((int) Math.max(0, n));
        } else if (indentArg != null) {
            throw JinjaException.render("TypeError: can't multiply sequence by non-int of type '" + Py.typeName(indentArg) + "'");
        }
        String itemSep = indent == null ? ", " : ",";
        String keySep = ": ";
        if (separators != null) {
            List<?> seps = Py.iterate(separators);
            if (seps.size() != 2) throw JinjaException.render("ValueError: separators must be a (item, key) pair");
            itemSep = Py.str(seps.get(0));
            keySep = Py.str(seps.get(1));
        }
        Json j = new Json(r, indent, itemSep, keySep, sortKeys, ascii);
        j.write(value, 0);
        r.string(j.sb.length());
        return j.sb.toString();
    }

    private void write(Object v, int depth) {
        if (depth > MAX_DEPTH) throw JinjaException.limit("RecursionError: tojson nests deeper than " + MAX_DEPTH);
        if (sb.length() > r.limits.maxStringChars()) r.string(sb.length());
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Long l) {
            sb.append(l);
        } else if (v instanceof Double d) {
            sb.append(floatText(d));
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            if (sortKeys) entries.sort((a, b) -> Py.compare(a.getKey(), b.getKey(), "<"));
            sb.append('{');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) sb.append(itemSep);
                newline(depth + 1);
                string(key(entries.get(i).getKey()));
                sb.append(keySep);
                write(entries.get(i).getValue(), depth + 1);
            }
            newline(depth);
            sb.append('}');
        } else if (v instanceof List<?> l && !(v instanceof PyRange)) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(itemSep);
                newline(depth + 1);
                write(l.get(i), depth + 1);
            }
            newline(depth);
            sb.append(']');
        } else {
            throw JinjaException.render("TypeError: Object of type " + Py.typeName(v) + " is not JSON serializable");
        }
    }

    private static String floatText(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        return Py.floatRepr(d);
    }

    private static String key(Object k) {
        if (k instanceof String s) return s;
        if (k == null) return "null";
        if (k instanceof Boolean b) return b ? "true" : "false";
        if (k instanceof Long l) return l.toString();
        if (k instanceof Double d) return floatText(d);
        throw JinjaException.render("TypeError: keys must be str, int, float, bool or None, not " + Py.typeName(k));
    }

    private void newline(int depth) {
        if (indent == null) return;
        sb.append('\n');
        for (int i = 0; i < depth; i++) sb.append(indent);
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (ascii && c > 0x7e)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
