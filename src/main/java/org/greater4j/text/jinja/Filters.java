package org.greater4j.text.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * jinja2's built-in filters with Python's semantics, plus HuggingFace's {@code tojson}. A name jinja2 has
 * but greater4j does not implement is known (so parsing agrees with jinja2) and fails clearly when used.
 */
final class Filters {
    private Filters() {}

    private static final Map<String, Expr.Filter> ALL = new HashMap<>();
    private static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s({\\[<]+)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

    static Expr.Filter get(String name) {
        return ALL.get(name);
    }

    static boolean exists(String name) {
        return ALL.containsKey(name);
    }

    /** Argument {@code i} (positional) or {@code name} (keyword), else {@code dflt}. */
    static Object arg(List<Object> a, Map<String, Object> k, int i, String name, Object dflt) {
        if (i < a.size()) return a.get(i);
        return k.containsKey(name) ? k.get(name) : dflt;
    }

    static String text(Object v) {
        return Py.str(v);
    }

    private static void put(Expr.Filter f, String... names) {
        for (String n : names) ALL.put(n, f);
    }

    static {
        put((r, v, a, k) -> StrMethods.strip(text(v), (String) arg(a, k, 0, "chars", null), true, true), "trim");
        put((r, v, a, k) -> text(v).toUpperCase(Locale.ROOT), "upper");
        put((r, v, a, k) -> text(v).toLowerCase(Locale.ROOT), "lower");
        put((r, v, a, k) -> StrMethods.capitalize(text(v)), "capitalize");
        put((r, v, a, k) -> title(text(v)), "title");
        put((r, v, a, k) -> {
            Object count = arg(a, k, 2, "count", null);
            return StrMethods.replace(r, text(v), text(arg(a, k, 0, "old", "")), text(arg(a, k, 1, "new", "")),
                    count == null ? -1 : Py.asLong(count));
        }, "replace");
        put((r, v, a, k) -> {
            Object d = arg(a, k, 0, "default_value", "");
            boolean bool = Py.truthy(arg(a, k, 1, "boolean", false));
            return v instanceof Undefined || (bool && !Py.truthy(v)) ? d : v;
        }, "default", "d");
        put((r, v, a, k) -> {
            if (v instanceof Undefined) return "";
            String s = text(v);
            if (!(v instanceof String)) r.string(s.length());
            return s;
        }, "string");
        put((r, v, a, k) -> Py.len(v), "length", "count");
        put((r, v, a, k) -> {
            List<?> items = Py.iterate(v);
            r.list(items.size());
            return new java.util.ArrayList<Object>(items);
        }, "list");
        put((r, v, a, k) -> Json.dumps(r, v, arg(a, k, 1, "indent", null), Py.truthy(arg(a, k, 3, "sort_keys", false)),
                arg(a, k, 2, "separators", null), Py.truthy(arg(a, k, 0, "ensure_ascii", false))), "tojson");
        put((r, v, a, k) -> StrMethods.pad(r, text(v), "center", Py.asLong(arg(a, k, 0, "width", 80L)), " "), "center");
        put((r, v, a, k) -> indent(r, text(v), arg(a, k, 0, "width", 4L), Py.truthy(arg(a, k, 1, "first", false)),
                Py.truthy(arg(a, k, 2, "blank", false))), "indent");
        put((r, v, a, k) -> {
            if (!a.isEmpty() && !k.isEmpty()) {
                throw JinjaException.render("FilterArgumentError: can't handle positional and keyword arguments at the same time");
            }
            Object args = !k.isEmpty() ? new java.util.LinkedHashMap<Object, Object>(k) : new PyTuple(a);
            return PyFormat.percent(r, text(v), args);
        }, "format");
        put((r, v, a, k) -> toInt(v, arg(a, k, 0, "default", 0L), Py.asLong(arg(a, k, 1, "base", 10L))), "int");
        put((r, v, a, k) -> toFloat(v, arg(a, k, 0, "default", 0.0)), "float");
        put((r, v, a, k) -> round(v, Py.asLong(arg(a, k, 0, "precision", 0L)), text(arg(a, k, 1, "method", "common"))),
                "round");
        put((r, v, a, k) -> {
            if (v instanceof Undefined u) throw u.fail();
            if (v instanceof Double d) return Math.abs(d);
            if (Py.isInt(v)) return Math.abs(Py.asLong(v));
            throw JinjaException.render("TypeError: bad operand type for abs(): '" + Py.typeName(v) + "'");
        }, "abs");
        put((r, v, a, k) -> v, "safe");
        put((r, v, a, k) -> escape(text(v)), "escape", "e", "forceescape");
        put((r, v, a, k) -> {
            if (v instanceof Undefined u) throw u.fail();
            return (long) count(WORD, text(v));
        }, "wordcount");
        put((r, v, a, k) -> truncate(text(v), Py.asLong(arg(a, k, 0, "length", 255L)),
                Py.truthy(arg(a, k, 1, "killwords", false)), text(arg(a, k, 2, "end", "...")),
                Py.asLong(arg(a, k, 3, "leeway", 5L))), "truncate");
        put((r, v, a, k) -> {
            Object name = arg(a, k, 0, "name", null);
            if (v instanceof Map<?, ?> && !(name instanceof String n && List.of("items", "keys", "values", "get", "copy").contains(n))) {
                return Undefined.attribute(v, name);
            }
            return Access.getattr(v, text(name));
        }, "attr");
        SeqFilters.register(ALL);
        for (String n : List.of("filesizeformat", "pprint", "random", "striptags", "urlencode", "urlize",
                "wordwrap", "xmlattr")) {
            ALL.put(n, (r, v, a, k) -> {
                throw new JinjaException(JinjaException.Kind.UNSUPPORTED, "the filter '" + n
                        + "' is not supported by greater4j's template engine", 0);
            });
        }
    }

    /** jinja2's {@code title} filter: words start after {@code -}, whitespace or an opening bracket. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder();
        java.util.regex.Matcher m = WORD_BEGINNING.matcher(s);
        int last = 0;
        while (m.find()) {
            titleWord(sb, s.substring(last, m.start()));
            titleWord(sb, m.group());
            last = m.end();
        }
        titleWord(sb, s.substring(last));
        return sb.toString();
    }

    private static void titleWord(StringBuilder sb, String item) {
        if (item.isEmpty()) return;
        int cp = item.codePointAt(0);
        sb.append(new String(Character.toChars(cp)).toUpperCase(Locale.ROOT))
                .append(item.substring(Character.charCount(cp)).toLowerCase(Locale.ROOT));
    }

    private static int count(Pattern p, String s) {
        java.util.regex.Matcher m = p.matcher(s);
        int c = 0;
        while (m.find()) c++;
        return c;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** jinja2's {@code indent(width, first, blank)}, width a count of spaces or a string. */
    private static String indent(Renderer r, String s, Object width, boolean first, boolean blank) {
        String ind = width instanceof String w ? w : " ".repeat((int) Math.max(0, Math.min(Py.asLong(width), 1 << 20)));
        List<Object> lines = StrMethods.splitlines(s + "\n", false);
        r.string(s.length() + (long) (lines.size() + 1) * ind.length());
        StringBuilder sb = new StringBuilder();
        if (blank) {
            for (int i = 0; i < lines.size(); i++) sb.append(i > 0 ? "\n" + ind : "").append((String) lines.get(i));
        } else {
            sb.append(lines.isEmpty() ? "" : (String) lines.get(0));
            for (int i = 1; i < lines.size(); i++) {
                String line = (String) lines.get(i);
                sb.append('\n').append(line.isEmpty() ? "" : ind + line);
            }
        }
        return first ? ind + sb : sb.toString();
    }

    private static String truncate(String s, long length, boolean killwords, String end, long leeway) {
        if (length < Py.len(end)) throw JinjaException.render("AssertionError: expected length >= " + Py.len(end) + ", got " + length);
        if (Py.len(s) <= length + leeway) return s;
        int[] cps = Py.codePoints(s);
        String head = new String(cps, 0, (int) Math.max(0, length - Py.len(end)));
        if (killwords) return head + end;
        int sp = head.lastIndexOf(' ');
        return (sp >= 0 ? head.substring(0, sp) : head) + end;
    }

    static Object toInt(Object v, Object dflt, long base) {
        if (v instanceof String s) {
            String t = StrMethods.strip(s, null, true, true).replace("_", "");
            try {
                String digits = t;
                if (base == 16 && t.toLowerCase(Locale.ROOT).matches("[+-]?0x.*")) digits = t.replaceFirst("(?i)0x", "");
                return Long.parseLong(digits, (int) base);
            } catch (NumberFormatException e) {
                Object f = toFloat(v, null);
                if (f instanceof Double d && !d.isNaN() && !d.isInfinite()) return (long) d.doubleValue();
                return dflt;
            }
        }
        if (v instanceof Double d) return d.isNaN() || d.isInfinite() ? dflt : (Object) (long) d.doubleValue();
        if (Py.isInt(v)) return Py.asLong(v);
        return dflt;
    }

    static Object toFloat(Object v, Object dflt) {
        if (v instanceof Double) return v;
        if (Py.isInt(v)) return (double) Py.asLong(v);
        if (v instanceof String s) {
            String t = StrMethods.strip(s, null, true, true).toLowerCase(Locale.ROOT).replace("_", "");
            switch (t) {
                case "nan", "+nan", "-nan" -> { return Double.NaN; }
                case "inf", "+inf", "infinity", "+infinity" -> { return Double.POSITIVE_INFINITY; }
                case "-inf", "-infinity" -> { return Double.NEGATIVE_INFINITY; }
                default -> { }
            }
            if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) return dflt;
            return Double.parseDouble(t);
        }
        return dflt;
    }

    private static Object round(Object v, long precision, String method) {
        if (!List.of("common", "ceil", "floor").contains(method)) {
            throw JinjaException.render("FilterArgumentError: method must be common, ceil or floor");
        }
        if (v instanceof Undefined u) throw u.fail();
        if (!Py.isNumber(v)) throw JinjaException.render("TypeError: type " + Py.typeName(v) + " doesn't define __round__ method");
        if (method.equals("common")) {
            if (Py.isInt(v)) return Py.asLong(v);
            double d = (Double) v;
            if (Double.isNaN(d) || Double.isInfinite(d)) return d;
            if (Math.abs(precision) > PyFormat.MAX_PRECISION) return d;
            return new BigDecimal(d).setScale((int) precision, RoundingMode.HALF_EVEN).doubleValue();
        }
        double scale = Math.pow(10, precision);
        double x = Py.asDouble(v) * scale;
        return (method.equals("ceil") ? Math.ceil(x) : Math.floor(x)) / scale;
    }
}
