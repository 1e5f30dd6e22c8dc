package org.greater4j.text.jinja;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** jinja2's global functions: {@code range} (sandbox-capped as in jinja2), {@code dict}, {@code namespace}, {@code joiner}. */
final class Globals {
    private Globals() {}

    /** jinja2's sandbox refuses ranges longer than this. */
    static final long MAX_RANGE = 100_000;

    static void install(Map<String, Object> into) {
        into.put("range", (Callee) Globals::range);
        into.put("dict", (Callee) (r, a, k) -> {
            Map<Object, Object> out = new LinkedHashMap<>();
            if (!a.isEmpty()) {
                Object src = a.get(0);
                if (src instanceof Map<?, ?> m) {
                    out.putAll(m);
                } else {
                    for (Object pair : Py.iterate(src)) {
                        List<?> kv = Py.iterate(pair);
                        if (kv.size() != 2) throw JinjaException.render("ValueError: dictionary update sequence element has length " + kv.size() + "; 2 is required");
                        out.put(kv.get(0), kv.get(1));
                    }
                }
            }
            out.putAll(k);
            r.list(out.size());
            return out;
        });
        into.put("namespace", (Callee) (r, a, k) -> {
            Namespace ns = new Namespace();
            if (!a.isEmpty()) {
                if (!(a.get(0) instanceof Map<?, ?> m)) {
                    throw JinjaException.render("TypeError: namespace() takes a mapping or keyword arguments");
                }
                m.forEach((x, y) -> ns.attrs.put(Py.str(x), y));
            }
            ns.attrs.putAll(k);
            return ns;
        });
        into.put("joiner", (Callee) (r, a, k) -> {
            String sep = a.isEmpty() ? Py.str(k.getOrDefault("sep", ", ")) : Py.str(a.get(0));
            boolean[] used = {false};
            return (Callee) (r2, a2, k2) -> {
                if (!used[0]) {
                    used[0] = true;
                    return "";
                }
                return sep;
            };
        });
        for (String n : List.of("lipsum", "cycler")) {
            into.put(n, (Callee) (r, a, k) -> {
                throw new JinjaException(JinjaException.Kind.UNSUPPORTED, "the global '" + n
                        + "' is not supported by greater4j's template engine", 0);
            });
        }
    }

    private static Object range(Renderer r, List<Object> a, Map<String, Object> k) {
        if (a.isEmpty() || a.size() > 3) {
            throw JinjaException.render("TypeError: range expected 1 to 3 arguments, got " + a.size());
        }
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = a.get(i);
            if (o instanceof Undefined u) throw u.fail();
            if (!Py.isInt(o)) {
                throw JinjaException.render("TypeError: '" + Py.typeName(o) + "' object cannot be interpreted as an integer");
            }
            v[i] = Py.asLong(o);
        }
        long start = v.length == 1 ? 0 : v[0];
        long stop = v.length == 1 ? v[0] : v[1];
        long step = v.length == 3 ? v[2] : 1;
        if (step == 0) throw JinjaException.render("ValueError: range() arg 3 must not be zero");
        PyRange rng = new PyRange(start, stop, step);
        if (rng.size() > MAX_RANGE) {
            throw JinjaException.limit("OverflowError: Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
        }
        return rng;
    }
}
