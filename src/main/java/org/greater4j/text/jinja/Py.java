package org.greater4j.text.jinja;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Python's semantics for template values: names of types, truth, str/repr, equality, order, len, in, iteration. */
final class Py {
    private Py() {}

    /** Python's name of the value's type ({@code str}, {@code int}, {@code NoneType}, ...). */
    static String typeName(Object o) {
        if (o == null) return "NoneType";
        if (o instanceof String) return "str";
        if (o instanceof Boolean) return "bool";
        if (o instanceof Long) return "int";
        if (o instanceof Double) return "float";
        if (o instanceof PyTuple) return "tuple";
        if (o instanceof PyRange) return "range";
        if (o instanceof List<?>) return "list";
        if (o instanceof Map<?, ?>) return "dict";
        if (o instanceof Undefined) return "Undefined";
        if (o instanceof Namespace) return "Namespace";
        if (o instanceof LoopContext) return "LoopContext";
        if (o instanceof Macro) return "Macro";
        if (o instanceof Callee) return "function";
        return "object";
    }

    /** Python's truth value (Undefined is false). */
    static boolean truthy(Object o) {
        if (o == null || o instanceof Undefined) return false;
        if (o instanceof Boolean b) return b;
        if (o instanceof Long l) return l != 0;
        if (o instanceof Double d) return d != 0.0;
        if (o instanceof String s) return !s.isEmpty();
        if (o instanceof Collection<?> c) return !c.isEmpty();
        if (o instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    /** True for int, float and bool (bool is an int in Python). */
    static boolean isNumber(Object o) {
        return o instanceof Long || o instanceof Double || o instanceof Boolean;
    }

    /** True for int and bool. */
    static boolean isInt(Object o) {
        return o instanceof Long || o instanceof Boolean;
    }

    static long asLong(Object o) {
        return o instanceof Boolean b ? (b ? 1 : 0) : (Long) o;
    }

    static double asDouble(Object o) {
        return o instanceof Double d ? d : asLong(o);
    }

    /** True for Python lists (not tuples, not ranges). */
    static boolean isList(Object o) {
        return o instanceof List<?> && !(o instanceof PyTuple) && !(o instanceof PyRange);
    }

    /** Python's {@code str(o)}; Undefined is {@code ""}. */
    static String str(Object o) {
        if (o instanceof String s) return s;
        if (o instanceof Undefined) return "";
        return repr(o);
    }

    /** Python's {@code repr(o)}. */
    static String repr(Object o) {
        if (o == null) return "None";
        if (o instanceof String s) return reprString(s);
        if (o instanceof Boolean b) return b ? "True" : "False";
        if (o instanceof Long l) return l.toString();
        if (o instanceof Double d) return floatRepr(d);
        if (o instanceof Undefined) return "Undefined";
        if (o instanceof PyRange r) return r.toString();
        if (o instanceof PyTuple t) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < t.size(); i++) sb.append(i > 0 ? ", " : "").append(repr(t.get(i)));
            return sb.append(t.size() == 1 ? ",)" : ")").toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) sb.append(i > 0 ? ", " : "").append(repr(l.get(i)));
            return sb.append(']').toString();
        }
        if (o instanceof Macro || o instanceof LoopContext || o instanceof Namespace) return o.toString();
        if (o instanceof Callee) return "<built-in function>";
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        return o.toString();
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        String plain = bd.abs().toPlainString();
        if (!plain.contains(".")) plain = plain + ".0";
        return sign + plain;
    }

    /** Python's {@code repr(str)}: single quotes unless the text has one and no double quote. */
    static String reprString(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        s.codePoints().forEach(cp -> {
            if (cp == q || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == ' ' || isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp < 0x100) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        });
        return sb.append(q).toString();
    }

    /** Python's {@code str.isprintable()} for one code point (space aside). */
    static boolean isPrintable(int cp) {
        int t = Character.getType(cp);
        return t != Character.CONTROL && t != Character.FORMAT && t != Character.SURROGATE
                && t != Character.PRIVATE_USE && t != Character.UNASSIGNED && t != Character.LINE_SEPARATOR
                && t != Character.PARAGRAPH_SEPARATOR && t != Character.SPACE_SEPARATOR;
    }

    /** Python's {@code str.isspace()} for one code point. */
    static boolean isSpace(int cp) {
        return (cp >= 9 && cp <= 13) || (cp >= 0x1c && cp <= 0x20) || cp == 0x85
                || Character.getType(cp) == Character.SPACE_SEPARATOR || cp == 0x2028 || cp == 0x2029;
    }

    /** Python's {@code ==}. */
    static boolean eq(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) return asDouble(a) == asDouble(b);
            return asLong(a) == asLong(b);
        }
        if (a instanceof String s) return s.equals(b);
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (a instanceof PyTuple != b instanceof PyTuple || a instanceof PyRange != b instanceof PyRange) return false;
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!eq(x.get(i), y.get(i))) return false;
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !eq(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }
        return false;
    }

    /** Python's ordering ({@code <}: negative, ...) or a TypeError naming {@code op}. */
    static int compare(Object a, Object b, String op) {
        if (a instanceof Undefined u) throw u.fail();
        if (b instanceof Undefined u) throw u.fail();
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) return Double.compare(asDouble(a), asDouble(b));
            return Long.compare(asLong(a), asLong(b));
        }
        if (a instanceof String x && b instanceof String y) return compareCodePoints(x, y);
        if (a instanceof List<?> x && b instanceof List<?> y && typeName(a).equals(typeName(b))) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!eq(x.get(i), y.get(i))) return compare(x.get(i), y.get(i), op);
            }
            return Integer.compare(x.size(), y.size());
        }
        throw JinjaException.render("TypeError: '" + op + "' not supported between instances of '" + typeName(a)
                + "' and '" + typeName(b) + "'");
    }

    static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) return Integer.compare(a, b);
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    /** Python's {@code len(o)}; Undefined has length 0. */
    static long len(Object o) {
        if (o instanceof String s) return s.codePointCount(0, s.length());
        if (o instanceof Collection<?> c) return c.size();
        if (o instanceof Map<?, ?> m) return m.size();
        if (o instanceof Undefined) return 0;
        throw JinjaException.render("TypeError: object of type '" + typeName(o) + "' has no len()");
    }

    /** Python's {@code item in container}. */
    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            if (item instanceof String t) return s.contains(t);
            if (item instanceof Undefined u) throw u.fail();
            throw JinjaException.render("TypeError: 'in <string>' requires string as left operand, not "
                    + typeName(item));
        }
        if (container instanceof Map<?, ?> m) {
            if (m.containsKey(item)) return true;
            if (!isNumber(item)) return false;
            for (Object k : m.keySet()) if (eq(k, item)) return true;
            return false;
        }
        if (container instanceof Collection<?> c) {
            for (Object x : c) if (eq(x, item)) return true;
            return false;
        }
        if (container instanceof Undefined) return false;
        throw JinjaException.render("TypeError: argument of type '" + typeName(container) + "' is not iterable");
    }

    /** The items a for loop over {@code o} sees: characters, list items, dict keys; none for Undefined. */
    static List<?> iterate(Object o) {
        if (o instanceof List<?> l) return l;
        if (o instanceof String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        if (o instanceof Map<?, ?> m) return new ArrayList<>(m.keySet());
        if (o instanceof Collection<?> c) return new ArrayList<>(c);
        if (o instanceof Undefined) return List.of();
        throw JinjaException.render("TypeError: '" + typeName(o) + "' object is not iterable");
    }

    /** Code points of a string, for Python's indexing and slicing. */
    static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }
}
