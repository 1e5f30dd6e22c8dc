package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.List;

/** Python's {@code str} methods that templates call ({@code strip(chars)}, {@code split}, {@code startswith}, ...). */
final class StrMethods {
    private StrMethods() {}

    /** The bound method {@code s.name}, or null when str has no such (safe) method. */
    static Callee method(String s, String name) {
        return switch (name) {
            case "strip" -> (r, a, k) -> strip(s, chars(a, k), true, true);
            case "lstrip" -> (r, a, k) -> strip(s, chars(a, k), true, false);
            case "rstrip" -> (r, a, k) -> strip(s, chars(a, k), false, true);
            case "split" -> (r, a, k) -> split(r, s, arg(a, k, 0, "sep"), maxsplit(a, k), false);
            case "rsplit" -> (r, a, k) -> split(r, s, arg(a, k, 0, "sep"), maxsplit(a, k), true);
            case "splitlines" -> (r, a, k) -> splitlines(s, Py.truthy(arg(a, k, 0, "keepends")));
            case "startswith" -> (r, a, k) -> affix(s, a, true);
            case "endswith" -> (r, a, k) -> affix(s, a, false);
            case "upper" -> (r, a, k) -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower", "casefold" -> (r, a, k) -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> (r, a, k) -> title(s);
            case "capitalize" -> (r, a, k) -> capitalize(s);
            case "swapcase" -> (r, a, k) -> swapcase(s);
            case "replace" -> (r, a, k) -> replace(r, s, str(a, 0, "replace"), str(a, 1, "replace"),
                    a.size() > 2 ? Py.asLong(a.get(2)) : (k.containsKey("count") ? Py.asLong(k.get("count")) : -1));
            case "find" -> (r, a, k) -> (long) cpIndex(s, s.indexOf(str(a, 0, "find")));
            case "rfind" -> (r, a, k) -> (long) cpIndex(s, s.lastIndexOf(str(a, 0, "rfind")));
            case "index", "rindex" -> (r, a, k) -> {
                String sub = str(a, 0, name);
                int i = name.equals("index") ? s.indexOf(sub) : s.lastIndexOf(sub);
                if (i < 0) throw JinjaException.render("ValueError: substring not found");
                return (long) cpIndex(s, i);
            };
            case "count" -> (r, a, k) -> count(s, str(a, 0, "count"));
            case "join" -> (r, a, k) -> join(r, s, a.isEmpty() ? null : a.get(0));
            case "center", "ljust", "rjust" -> (r, a, k) -> pad(r, s, name, a);
            case "zfill" -> (r, a, k) -> zfill(r, s, a);
            case "removeprefix" -> (r, a, k) -> s.startsWith(str(a, 0, name)) ? s.substring(str(a, 0, name).length()) : s;
            case "removesuffix" -> (r, a, k) -> {
                String x = str(a, 0, name);
                return !x.isEmpty() && s.endsWith(x) ? s.substring(0, s.length() - x.length()) : s;
            };
            case "partition", "rpartition" -> (r, a, k) -> {
                String sep = str(a, 0, name);
                if (sep.isEmpty()) throw JinjaException.render("ValueError: empty separator");
                int i = name.equals("partition") ? s.indexOf(sep) : s.lastIndexOf(sep);
                if (i < 0) return name.equals("partition") ? PyTuple.of(s, "", "") : PyTuple.of("", "", s);
                return PyTuple.of(s.substring(0, i), sep, s.substring(i + sep.length()));
            };
            case "isdigit", "isdecimal", "isnumeric" -> (r, a, k) -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> (r, a, k) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> (r, a, k) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> (r, a, k) -> !s.isEmpty() && s.codePoints().allMatch(Py::isSpace);
            case "islower" -> (r, a, k) -> cased(s, true);
            case "isupper" -> (r, a, k) -> cased(s, false);
            case "format" -> (r, a, k) -> PyFormat.format(r, s, a, k);
            default -> null;
        };
    }

    private static Object arg(List<Object> a, java.util.Map<String, Object> k, int i, String name) {
        return i < a.size() ? a.get(i) : k.get(name);
    }

    private static String chars(List<Object> a, java.util.Map<String, Object> k) {
        Object c = arg(a, k, 0, "chars");
        if (c == null) return null;
        if (!(c instanceof String s)) throw JinjaException.render("TypeError: strip arg must be None or str");
        return s;
    }

    private static long maxsplit(List<Object> a, java.util.Map<String, Object> k) {
        Object m = arg(a, k, 1, "maxsplit");
        return m == null ? -1 : Py.asLong(m);
    }

    private static String str(List<Object> a, int i, String method) {
        if (i >= a.size()) throw JinjaException.render("TypeError: " + method + "() takes more arguments");
        Object o = a.get(i);
        if (o instanceof Undefined u) throw u.fail();
        if (!(o instanceof String s)) {
            throw JinjaException.render("TypeError: must be str, not " + Py.typeName(o));
        }
        return s;
    }

    static int cpIndex(String s, int charIndex) {
        return charIndex < 0 ? -1 : s.codePointCount(0, charIndex);
    }

    /** Python's {@code str.strip(chars)}; whitespace as {@code str.isspace()} when {@code chars} is null. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end) {
            int cp = s.codePointAt(start);
            if (!(chars == null ? Py.isSpace(cp) : chars.indexOf(cp) >= 0)) break;
            start += Character.charCount(cp);
        }
        while (right && end > start) {
            int cp = s.codePointBefore(end);
            if (!(chars == null ? Py.isSpace(cp) : chars.indexOf(cp) >= 0)) break;
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }

    static List<Object> split(Renderer r, String s, Object sepArg, long maxsplit, boolean fromRight) {
        if (sepArg != null && !(sepArg instanceof String)) {
            throw JinjaException.render("TypeError: must be str or None, not " + Py.typeName(sepArg));
        }
        String sep = (String) sepArg;
        List<Object> out = new ArrayList<>();
        if (sep != null && sep.isEmpty()) throw JinjaException.render("ValueError: empty separator");
        if (maxsplit < 0) maxsplit = Long.MAX_VALUE;
        if (sep == null) {
            String t = fromRight ? strip(s, null, false, true) : strip(s, null, true, false);
            if (!fromRight) {
                int i = 0;
                while (i < t.length()) {
                    int j = i;
                    if (out.size() >= maxsplit) {
                        out.add(t.substring(i));
                        break;
                    }
                    while (j < t.length() && !Py.isSpace(t.codePointAt(j))) j += Character.charCount(t.codePointAt(j));
                    out.add(t.substring(i, j));
                    while (j < t.length() && Py.isSpace(t.codePointAt(j))) j += Character.charCount(t.codePointAt(j));
                    i = j;
                }
            } else {
                int j = t.length();
                while (j > 0) {
                    if (out.size() >= maxsplit) {
                        out.add(0, t.substring(0, j));
                        break;
                    }
                    int i = j;
                    while (i > 0 && !Py.isSpace(t.codePointBefore(i))) i -= Character.charCount(t.codePointBefore(i));
                    out.add(0, t.substring(i, j));
                    while (i > 0 && Py.isSpace(t.codePointBefore(i))) i -= Character.charCount(t.codePointBefore(i));
                    j = i;
                }
            }
        } else if (!fromRight) {
            int i = 0;
            while (true) {
                int j = out.size() < maxsplit ? s.indexOf(sep, i) : -1;
                if (j < 0) {
                    out.add(s.substring(i));
                    break;
                }
                out.add(s.substring(i, j));
                i = j + sep.length();
            }
        } else {
            int j = s.length();
            while (true) {
                int i = out.size() < maxsplit ? s.lastIndexOf(sep, j - sep.length()) : -1;
                if (i < 0 || j - sep.length() < 0) {
                    out.add(0, s.substring(0, j));
                    break;
                }
                out.add(0, s.substring(i + sep.length(), j));
                j = i;
            }
        }
        r.list(out.size());
        return out;
    }

    /** Python's {@code str.splitlines}: \n, \r, \r\n, \x0b, \x0c, \x1c-\x1e, \x85, \u2028, \u2029 end lines. */
    static List<Object> splitlines(String s, boolean keepends) {
        List<Object> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean br = c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e) || c == 0x85
                    || c == 0x2028 || c == 0x2029;
            if (!br) {
                i++;
                continue;
            }
            int end = i + (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2 : 1);
            out.add(s.substring(start, keepends ? end : i));
            start = end;
            i = end;
        }
        if (start < s.length()) out.add(s.substring(start));
        return out;
    }

    private static boolean affix(String s, List<Object> a, boolean prefix) {
        if (a.isEmpty()) throw JinjaException.render("TypeError: " + (prefix ? "startswith" : "endswith") + " takes at least 1 argument");
        Object p = a.get(0);
        List<?> options = p instanceof PyTuple t ? t : List.of(p);
        for (Object o : options) {
            if (!(o instanceof String x)) {
                throw JinjaException.render("TypeError: " + (prefix ? "startswith" : "endswith")
                        + " first arg must be str or a tuple of str, not " + Py.typeName(o));
            }
            if (prefix ? s.startsWith(x) : s.endsWith(x)) return true;
        }
        return false;
    }

    /** Python's {@code str.title()}: a cased character after an uncased one starts a word. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean prevCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (prevCased) {
                sb.append(new String(Character.toChars(cp)).toLowerCase(java.util.Locale.ROOT));
            } else {
                sb.appendCodePoint(Character.toTitleCase(cp));
            }
            prevCased = Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
        }
        return sb.toString();
    }

    /** Python's {@code str.capitalize()}: first character title-cased, the rest lower-cased. */
    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int cp = s.codePointAt(0);
        return new String(Character.toChars(Character.toTitleCase(cp)))
                + s.substring(Character.charCount(cp)).toLowerCase(java.util.Locale.ROOT);
    }

    private static String swapcase(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(Character.isUpperCase(cp)
                ? new String(Character.toChars(cp)).toLowerCase(java.util.Locale.ROOT)
                : new String(Character.toChars(cp)).toUpperCase(java.util.Locale.ROOT)));
        return sb.toString();
    }

    static String replace(Renderer r, String s, String old, String now, long count) {
        if (count < 0) count = Long.MAX_VALUE;
        if (old.isEmpty()) {
            int[] cps = Py.codePoints(s);
            long n = Math.min(count, cps.length + 1L);
            r.string(s.length() + n * now.length());
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cps.length; i++) {
                if (i < n) sb.append(now);
                sb.appendCodePoint(cps[i]);
            }
            if (cps.length < n) sb.append(now);
            return sb.toString();
        }
        long occurrences = Math.min(count, count(s, old));
        r.string(s.length() + occurrences * (now.length() - old.length()));
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (long done = 0; done < occurrences; done++) {
            int j = s.indexOf(old, i);
            sb.append(s, i, j).append(now);
            i = j + old.length();
        }
        return sb.append(s.substring(i)).toString();
    }

    static long count(String s, String sub) {
        if (sub.isEmpty()) return s.codePointCount(0, s.length()) + 1L;
        long c = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) c++;
        return c;
    }

    static String join(Renderer r, String sep, Object items) {
        List<?> list = Py.iterate(items);
        long total = 0;
        for (Object o : list) {
            if (!(o instanceof String x)) {
                throw JinjaException.render("TypeError: sequence item: expected str instance, " + Py.typeName(o) + " found");
            }
            total += x.length() + sep.length();
        }
        r.string(total);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < list.size(); i++) sb.append(i > 0 ? sep : "").append((String) list.get(i));
        return sb.toString();
    }

    private static String pad(Renderer r, String s, String how, List<Object> a) {
        if (a.isEmpty() || !Py.isInt(a.get(0))) throw JinjaException.render("TypeError: " + how + "() needs an integer width");
        String fill = a.size() > 1 ? (String) a.get(1) : " ";
        return pad(r, s, how, Py.asLong(a.get(0)), fill);
    }

    /** Python's {@code center}/{@code ljust}/{@code rjust} with the width checked before any padding is built. */
    static String pad(Renderer r, String s, String how, long width, String fill) {
        long len = Py.len(s);
        if (width <= len) return s;
        r.string(width);
        long marg = width - len;
        long left = switch (how) {
            case "ljust" -> 0;
            case "rjust" -> marg;
            default -> marg / 2 + (marg & width & 1);
        };
        return fill.repeat((int) left) + s + fill.repeat((int) (marg - left));
    }

    private static String zfill(Renderer r, String s, List<Object> a) {
        long width = Py.asLong(a.get(0));
        long len = Py.len(s);
        if (width <= len) return s;
        r.string(width);
        String z = "0".repeat((int) (width - len));
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) return s.charAt(0) + z + s.substring(1);
        return z + s;
    }

    static boolean cased(String s, boolean lower) {
        boolean any = false;
        for (int cp : Py.codePoints(s)) {
            if (lower ? Character.isUpperCase(cp) || Character.isTitleCase(cp) : Character.isLowerCase(cp) || Character.isTitleCase(cp)) return false;
            if (lower ? Character.isLowerCase(cp) : Character.isUpperCase(cp)) any = true;
        }
        return any;
    }
}
