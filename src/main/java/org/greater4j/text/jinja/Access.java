package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * jinja2's sandboxed attribute and item access: {@code obj.name} tries the attribute (a method of str,
 * dict or list) and then the item, {@code obj[key]} the item and then the attribute; what is missing is
 * Undefined. Names starting with {@code _} and methods that would modify a list or dict are refused
 * (ImmutableSandboxedEnvironment); nothing reaches a Java object.
 */
final class Access {
    private Access() {}

    private static final Set<String> DICT_UNSAFE = Set.of("clear", "pop", "popitem", "setdefault", "update");
    private static final Set<String> LIST_UNSAFE = Set.of("append", "clear", "extend", "insert", "pop", "remove",
            "reverse", "sort");

    /** Python's {@code d[k] = v}: a number equal to an existing key (1, 1.0, True) replaces that key's value. */
    static void put(Map<Object, Object> m, Object k, Object v) {
        if (k instanceof Undefined u) throw u.fail();
        if (k instanceof List<?> && !(k instanceof PyTuple) || k instanceof Map<?, ?> || k instanceof Namespace) {
            throw JinjaException.render("TypeError: unhashable type: '" + Py.typeName(k) + "'");
        }
        if (Py.isNumber(k) && !m.containsKey(k)) {
            for (Object existing : m.keySet()) {
                if (Py.isNumber(existing) && Py.eq(existing, k)) {
                    m.put(existing, v);
                    return;
                }
            }
        }
        m.put(k, v);
    }

    static Object getattr(Object obj, String name) {
        if (obj instanceof Undefined u) throw u.fail();
        if (name.startsWith("_")) return Undefined.unsafe(obj, name);
        if (obj instanceof String s) {
            Callee m = StrMethods.method(s, name);
            return m != null ? m : Undefined.attribute(obj, name);
        }
        if (obj instanceof Map<?, ?> m) {
            Callee method = dictMethod(m, name);
            if (method != null) return method;
            if (DICT_UNSAFE.contains(name)) return Undefined.unsafe(obj, name);
            return m.containsKey(name) ? m.get(name) : Undefined.attribute(obj, name);
        }
        if (obj instanceof PyTuple t && t.fields.contains(name)) return t.get(t.fields.indexOf(name));
        if (obj instanceof List<?> l) {
            Callee method = listMethod(l, name);
            if (method != null) return method;
            if (LIST_UNSAFE.contains(name) && Py.isList(obj)) return Undefined.unsafe(obj, name);
            return Undefined.attribute(obj, name);
        }
        if (obj instanceof Namespace ns) {
            return ns.attrs.containsKey(name) ? ns.attrs.get(name) : Undefined.attribute(obj, name);
        }
        if (obj instanceof LoopContext loop) return loop.attr(name);
        return Undefined.attribute(obj, name);
    }

    static Object getitem(Renderer r, Object obj, Object key) {
        if (obj instanceof Undefined u) throw u.fail();
        if (key instanceof Expr.SliceValue sl) return slice(r, obj, sl);
        if (obj instanceof Map<?, ?> m) {
            if (m.containsKey(key)) return m.get(key);
            if (Py.isNumber(key)) {
                for (Map.Entry<?, ?> e : m.entrySet()) if (Py.eq(e.getKey(), key)) return e.getValue();
            }
        } else if ((obj instanceof List<?> || obj instanceof String) && Py.isInt(key)) {
            long i = Py.asLong(key);
            if (obj instanceof String s) {
                int[] cps = Py.codePoints(s);
                long j = i < 0 ? i + cps.length : i;
                if (j >= 0 && j < cps.length) return new String(Character.toChars(cps[(int) j]));
            } else {
                List<?> l = (List<?>) obj;
                long j = i < 0 ? i + l.size() : i;
                if (j >= 0 && j < l.size()) return l.get((int) j);
            }
            return Undefined.attribute(obj, key);
        }
        if (key instanceof String name) return getattr(obj, name);
        return Undefined.attribute(obj, key);
    }

    /** Python's {@code slice.indices}: start, stop, step and count for a sequence of {@code len} items. */
    static long[] indices(long len, Object start, Object stop, Object step) {
        long st = step == null ? 1 : index(step);
        if (st == 0) throw JinjaException.render("ValueError: slice step cannot be zero");
        long lower = st < 0 ? -1 : 0;
        long upper = st < 0 ? len - 1 : len;
        long a = start == null ? (st < 0 ? upper : lower) : clamp(index(start), len, lower, upper);
        long b = stop == null ? (st < 0 ? lower : upper) : clamp(index(stop), len, lower, upper);
        long n = st > 0 ? (b > a ? (b - a + st - 1) / st : 0) : (a > b ? (a - b - st - 1) / -st : 0);
        return new long[] {a, b, st, n};
    }

    private static long clamp(long i, long len, long lower, long upper) {
        if (i < 0) return Math.max(i + len, lower);
        return Math.min(i, upper);
    }

    private static long index(Object o) {
        if (o instanceof Undefined u) throw u.fail();
        if (!Py.isInt(o)) {
            throw JinjaException.render("TypeError: slice indices must be integers or None or have an __index__ method");
        }
        return Py.asLong(o);
    }

    private static Object slice(Renderer r, Object obj, Expr.SliceValue sl) {
        if (obj instanceof String s) {
            int[] cps = Py.codePoints(s);
            long[] ix = indices(cps.length, sl.start(), sl.stop(), sl.step());
            r.string(ix[3]);
            StringBuilder sb = new StringBuilder();
            for (long k = 0, i = ix[0]; k < ix[3]; k++, i += ix[2]) sb.appendCodePoint(cps[(int) i]);
            return sb.toString();
        }
        if (obj instanceof List<?> l) {
            long[] ix = indices(l.size(), sl.start(), sl.stop(), sl.step());
            r.list(ix[3]);
            List<Object> out = new ArrayList<>((int) ix[3]);
            for (long k = 0, i = ix[0]; k < ix[3]; k++, i += ix[2]) out.add(l.get((int) i));
            return obj instanceof PyTuple ? new PyTuple(out) : out;
        }
        return Undefined.attribute(obj, "slice");
    }

    private static Callee dictMethod(Map<?, ?> m, String name) {
        return switch (name) {
            case "items" -> (r, a, k) -> {
                List<Object> out = new ArrayList<>();
                m.forEach((x, y) -> out.add(PyTuple.of(x, y)));
                return out;
            };
            case "keys" -> (r, a, k) -> new ArrayList<Object>(m.keySet());
            case "values" -> (r, a, k) -> new ArrayList<Object>(m.values());
            case "get" -> (r, a, k) -> {
                if (a.isEmpty()) throw JinjaException.render("TypeError: get expected at least 1 argument, got 0");
                Object key = a.get(0);
                if (m.containsKey(key)) return m.get(key);
                return a.size() > 1 ? a.get(1) : null;
            };
            case "copy" -> (r, a, k) -> new java.util.LinkedHashMap<Object, Object>(m);
            default -> null;
        };
    }

    private static Callee listMethod(List<?> l, String name) {
        return switch (name) {
            case "index" -> (r, a, k) -> {
                for (int i = 0; i < l.size(); i++) if (!a.isEmpty() && Py.eq(l.get(i), a.get(0))) return (long) i;
                throw JinjaException.render("ValueError: " + (a.isEmpty() ? "index expects an argument"
                        : Py.repr(a.get(0)) + " is not in list"));
            };
            case "count" -> (r, a, k) -> {
                long c = 0;
                for (Object x : l) if (!a.isEmpty() && Py.eq(x, a.get(0))) c++;
                return c;
            };
            case "copy" -> Py.isList(l) ? (r, a, k) -> new ArrayList<Object>(l) : null;
            default -> null;
        };
    }
}
