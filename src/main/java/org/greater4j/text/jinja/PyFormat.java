package org.greater4j.text.jinja;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/** Python's {@code str % args} and {@code str.format(...)} for the conversions templates use, widths checked. */
final class PyFormat {
    private PyFormat() {}

    /** The largest precision a conversion may ask for (no template needs more; building more is slow). */
    static final int MAX_PRECISION = 10_000;

    private static void precision(long p) {
        if (p > MAX_PRECISION) {
            throw JinjaException.limit("a format precision of " + p + " exceeds the limit of " + MAX_PRECISION);
        }
    }

    /** {@code fmt % args}: a tuple gives positional values, a dict named ones, anything else one value. */
    static String percent(Renderer r, String fmt, Object args) {
        List<?> pos = args instanceof PyTuple t ? t : List.of(args == null ? "None" : args);
        boolean single = !(args instanceof PyTuple);
        Object singleValue = args;
        Map<?, ?> named = args instanceof Map<?, ?> m ? m : null;
        StringBuilder sb = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i++);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i >= fmt.length()) throw JinjaException.render("ValueError: incomplete format");
            Object value = null;
            boolean haveValue = false;
            if (fmt.charAt(i) == '(') {
                int close = fmt.indexOf(')', i);
                if (named == null) throw JinjaException.render("TypeError: format requires a mapping");
                value = named.get(fmt.substring(i + 1, close));
                haveValue = true;
                i = close + 1;
            }
            StringBuilder flags = new StringBuilder();
            while (i < fmt.length() && "#0- +".indexOf(fmt.charAt(i)) >= 0) flags.append(fmt.charAt(i++));
            long width = -1;
            int ws = i;
            while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) i++;
            if (i > ws) width = Long.parseLong(fmt.substring(ws, Math.min(i, ws + 18)));
            int precision = -1;
            if (i < fmt.length() && fmt.charAt(i) == '.') {
                int ps = ++i;
                while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) i++;
                long p = i > ps ? Long.parseLong(fmt.substring(ps, Math.min(i, ps + 18))) : 0;
                precision(p);
                precision = (int) p;
            }
            if (i >= fmt.length()) throw JinjaException.render("ValueError: incomplete format");
            char type = fmt.charAt(i++);
            if (type == '%') {
                sb.append('%');
                continue;
            }
            if (!haveValue) {
                if (named != null && !(args instanceof PyTuple)) {
                    value = singleValue;
                    next++;
                } else {
                    if (next >= pos.size()) throw JinjaException.render("TypeError: not enough arguments for format string");
                    value = single ? singleValue : pos.get(next);
                    next++;
                }
            }
            if (width > 0) r.string(width);
            if (precision > 0) r.string(precision);
            sb.append(pad(convert(value, type, flags.toString(), precision), width, flags.toString()));
            r.string(sb.length());
        }
        if (named == null && next < (single ? 1 : pos.size())) {
            throw JinjaException.render("TypeError: not all arguments converted during string formatting");
        }
        return sb.toString();
    }

    private static String pad(String s, long width, String flags) {
        long len = Py.len(s);
        if (width <= len) return s;
        int n = (int) (width - len);
        if (flags.contains("-")) return s + " ".repeat(n);
        if (flags.contains("0") && !s.isEmpty() && (Character.isDigit(s.charAt(s.length() - 1)) || s.endsWith("inf") || s.endsWith("nan"))) {
            int signLen = s.startsWith("-") || s.startsWith("+") || s.startsWith(" ") ? 1 : 0;
            return s.substring(0, signLen) + "0".repeat(n) + s.substring(signLen);
        }
        return " ".repeat(n) + s;
    }

    private static String convert(Object v, char type, String flags, int precision) {
        if (v instanceof Undefined u && type != 's') throw u.fail();
        switch (type) {
            case 's' -> {
                String s = Py.str(v);
                return precision >= 0 && precision < s.length() ? s.substring(0, precision) : s;
            }
            case 'r', 'a' -> {
                return Py.repr(v);
            }
            case 'c' -> {
                if (v instanceof String s && Py.len(s) == 1) return s;
                if (Py.isInt(v)) return new String(Character.toChars((int) Py.asLong(v)));
                throw JinjaException.render("TypeError: %c requires int or char");
            }
            default -> { }
        }
        if (!Py.isNumber(v)) {
            throw JinjaException.render("TypeError: %" + type + " format: a real number is required, not " + Py.typeName(v));
        }
        String sign = flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
        switch (type) {
            case 'd', 'i', 'u', 'x', 'X', 'o' -> {
                long n = v instanceof Double d ? (long) d.doubleValue() : Py.asLong(v);
                String body = switch (type) {
                    case 'x' -> Long.toHexString(Math.abs(n));
                    case 'X' -> Long.toHexString(Math.abs(n)).toUpperCase(java.util.Locale.ROOT);
                    case 'o' -> Long.toOctalString(Math.abs(n));
                    default -> Long.toString(Math.abs(n));
                };
                if (flags.contains("#") && type != 'd' && type != 'i' && type != 'u') body = "0" + type + body;
                return (n < 0 ? "-" : sign) + body;
            }
            default -> {
                double d = Py.asDouble(v);
                String body = floating(Math.abs(d), type, precision < 0 ? 6 : precision, flags.contains("#"));
                boolean neg = d < 0 || (d == 0 && 1 / d < 0);
                return (neg ? "-" : sign) + body;
            }
        }
    }

    /** C's {@code %f}, {@code %e}, {@code %g} of a non-negative double, rounding its exact value half-even. */
    static String floating(double d, char type, int precision, boolean alt) {
        if (Double.isNaN(d)) return Character.isUpperCase(type) ? "NAN" : "nan";
        if (Double.isInfinite(d)) return Character.isUpperCase(type) ? "INF" : "inf";
        BigDecimal exact = new BigDecimal(d);
        switch (Character.toLowerCase(type)) {
            case 'f' -> {
                return exact.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
            }
            case 'e' -> {
                return exponent(exact, precision, type == 'E');
            }
            case 'g' -> {
                int p = precision == 0 ? 1 : precision;
                if (d == 0) return alt ? "0." + "0".repeat(p - 1) : "0";
                BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
                int x = rounded.precision() - rounded.scale() - 1;
                String s = x >= -4 && x < p ? exact.setScale(p - 1 - x, RoundingMode.HALF_EVEN).toPlainString()
                        : exponent(exact, p - 1, type == 'G');
                if (!alt) {
                    int e = s.indexOf(type == 'G' ? 'E' : 'e');
                    String mant = e >= 0 ? s.substring(0, e) : s;
                    String rest = e >= 0 ? s.substring(e) : "";
                    if (mant.contains(".")) mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
                    s = mant + rest;
                }
                return s;
            }
            default -> throw JinjaException.render("ValueError: unsupported format character '" + type + "'");
        }
    }

    private static String exponent(BigDecimal exact, int precision, boolean upper) {
        if (exact.signum() == 0) return "0" + (precision > 0 ? "." + "0".repeat(precision) : "") + (upper ? "E+00" : "e+00");
        BigDecimal r = exact.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        int x = r.precision() - r.scale() - 1;
        String digits = r.unscaledValue().toString();
        digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
        String mant = precision > 0 ? digits.charAt(0) + "." + digits.substring(1) : digits.substring(0, 1);
        return mant + (upper ? "E" : "e") + (x < 0 ? "-" : "+") + (Math.abs(x) < 10 ? "0" : "") + Math.abs(x);
    }

    /** Python's {@code str.format}: {@code {}}, {@code {0}}, {@code {name}}, {@code !r}/{@code !s}, simple specs. */
    static String format(Renderer r, String fmt, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c == '{' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '{' || c == '}' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                sb.append(c);
                i += 2;
                continue;
            }
            if (c == '}') throw JinjaException.render("ValueError: Single '}' encountered in format string");
            if (c != '{') {
                sb.append(c);
                i++;
                continue;
            }
            int close = fmt.indexOf('}', i);
            if (close < 0) throw JinjaException.render("ValueError: Single '{' encountered in format string");
            String field = fmt.substring(i + 1, close);
            i = close + 1;
            String spec = "";
            int colon = field.indexOf(':');
            if (colon >= 0) {
                spec = field.substring(colon + 1);
                field = field.substring(0, colon);
            }
            char conv = 0;
            int bang = field.indexOf('!');
            if (bang >= 0) {
                conv = field.charAt(bang + 1);
                field = field.substring(0, bang);
            }
            String head = field.split("[.\\[]", 2)[0];
            Object value;
            if (head.isEmpty()) {
                if (auto >= args.size()) throw JinjaException.render("IndexError: Replacement index " + auto + " out of range for positional args tuple");
                value = args.get(auto++);
            } else if (head.chars().allMatch(Character::isDigit)) {
                int n = Integer.parseInt(head);
                if (n >= args.size()) throw JinjaException.render("IndexError: Replacement index " + n + " out of range for positional args tuple");
                value = args.get(n);
            } else {
                if (!kwargs.containsKey(head)) throw JinjaException.render("KeyError: " + Py.repr(head));
                value = kwargs.get(head);
            }
            String rest = field.substring(head.length());
            while (!rest.isEmpty()) {
                if (rest.startsWith(".")) {
                    String name = rest.substring(1).split("[.\\[]", 2)[0];
                    value = Access.getattr(value, name);
                    rest = rest.substring(1 + name.length());
                } else {
                    int end = rest.indexOf(']');
                    String key = rest.substring(1, end);
                    value = Access.getitem(r, value, key.chars().allMatch(Character::isDigit) && !key.isEmpty() ? (Object) Long.parseLong(key) : key);
                    rest = rest.substring(end + 1);
                }
            }
            String s = conv == 'r' || conv == 'a' ? Py.repr(value) : conv == 's' ? Py.str(value) : null;
            sb.append(spec(r, s != null ? s : value, spec));
            r.string(sb.length());
        }
        return sb.toString();
    }

    private static final java.util.regex.Pattern SPEC = java.util.regex.Pattern.compile(
            "(?:(.)?([<>=^]))?([+\\- ])?(#)?(0)?(\\d+)?(,|_)?(?:\\.(\\d+))?([bcdeEfFgGnosxX%])?");

    private static String spec(Renderer r, Object v, String spec) {
        if (spec.isEmpty()) return Py.str(v);
        java.util.regex.Matcher m = SPEC.matcher(spec);
        if (!m.matches()) throw JinjaException.render("ValueError: Invalid format specifier '" + spec + "'");
        String fill = m.group(1) != null ? m.group(1) : (m.group(5) != null && m.group(2) == null ? "0" : " ");
        String align = m.group(2) != null ? m.group(2) : m.group(5) != null ? "=" : v instanceof String ? "<" : ">";
        String sign = m.group(3) != null ? m.group(3) : "";
        long width = m.group(6) != null ? Long.parseLong(m.group(6).substring(0, Math.min(m.group(6).length(), 18))) : 0;
        long p = m.group(8) != null ? Long.parseLong(m.group(8).substring(0, Math.min(m.group(8).length(), 18))) : -1;
        precision(p);
        int precision = (int) p;
        String type = m.group(9);
        if (precision > 0) r.string(precision);
        String body;
        if (v instanceof String s) {
            if (type != null && !type.equals("s")) throw JinjaException.render("ValueError: Unknown format code '" + type + "' for object of type 'str'");
            body = precision >= 0 && precision < s.length() ? s.substring(0, precision) : s;
        } else if (Py.isNumber(v)) {
            String flags = sign.equals("-") ? "" : sign;
            if (type == null) body = v instanceof Double ? (precision >= 0 ? convert(v, 'g', flags, precision) : (sign.equals("+") && Py.asDouble(v) >= 0 ? "+" : "") + Py.str(v)) : convert(v, 'd', flags, -1);
            else if (type.equals("%")) body = convert(Py.asDouble(v) * 100, 'f', flags, precision < 0 ? 6 : precision) + "%";
            else body = convert(v, type.charAt(0) == 'n' ? 'd' : type.charAt(0), flags, precision);
        } else {
            body = Py.str(v);
        }
        if (width > 0) r.string(width);
        long len = Py.len(body);
        if (width <= len) return body;
        int n = (int) (width - len);
        return switch (align) {
            case "<" -> body + fill.repeat(n);
            case "^" -> fill.repeat(n / 2) + body + fill.repeat(n - n / 2);
            case "=" -> {
                int signLen = body.startsWith("-") || body.startsWith("+") || body.startsWith(" ") ? 1 : 0;
                yield body.substring(0, signLen) + fill.repeat(n) + body.substring(signLen);
            }
            default -> fill.repeat(n) + body;
        };
    }
}
