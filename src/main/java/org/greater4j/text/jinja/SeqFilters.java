package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** jinja2's filters over sequences: first, last, join, map, select/reject(attr), sort, dictsort, unique, min, max, ... */
final class SeqFilters {
    private SeqFilters() {}

    static void register(Map<String, Expr.Filter> all) {
        all.put("first", (r, v, a, k) -> {
            List<?> l = Py.iterate(v);
            return l.isEmpty() ? Undefined.hint("No first item, sequence was empty.") : l.get(0);
        });
        all.put("last", (r, v, a, k) -> {
            List<?> l = Py.iterate(v);
            return l.isEmpty() ? Undefined.hint("No last item, sequence was empty.") : l.get(l.size() - 1);
        });
        all.put("join", (r, v, a, k) -> {
            String sep = Filters.text(Filters.arg(a, k, 0, "d", ""));
            Object attr = Filters.arg(a, k, 1, "attribute", null);
            List<Object> parts = new ArrayList<>();
            for (Object x : Py.iterate(v)) parts.add(Py.str(attr == null ? x : attribute(r, x, attr)));
            return StrMethods.join(r, sep, parts);
        });
        all.put("map", SeqFilters::map);
        all.put("select", (r, v, a, k) -> select(r, v, a, k, false, true));
        all.put("reject", (r, v, a, k) -> select(r, v, a, k, false, false));
        all.put("selectattr", (r, v, a, k) -> select(r, v, a, k, true, true));
        all.put("rejectattr", (r, v, a, k) -> select(r, v, a, k, true, false));
        all.put("sort", (r, v, a, k) -> {
            List<Object> l = new ArrayList<>(Py.iterate(v));
            boolean reverse = Py.truthy(Filters.arg(a, k, 0, "reverse", false));
            boolean cs = Py.truthy(Filters.arg(a, k, 1, "case_sensitive", false));
            Object attr = Filters.arg(a, k, 2, "attribute", null);
            sort(l, x -> key(r, x, attr, cs), reverse);
            return l;
        });
        all.put("dictsort", (r, v, a, k) -> {
            if (!(v instanceof Map<?, ?> m)) throw JinjaException.render("FilterArgumentError: dictsort needs a mapping");
            boolean cs = Py.truthy(Filters.arg(a, k, 0, "case_sensitive", false));
            String by = Filters.text(Filters.arg(a, k, 1, "by", "key"));
            boolean reverse = Py.truthy(Filters.arg(a, k, 2, "reverse", false));
            int pos = switch (by) {
                case "key" -> 0;
                case "value" -> 1;
                default -> throw JinjaException.render("FilterArgumentError: You can only sort by either \"key\" or \"value\"");
            };
            List<Object> items = new ArrayList<>();
            m.forEach((x, y) -> items.add(PyTuple.of(x, y)));
            sort(items, t -> lower(((PyTuple) t).get(pos), cs), reverse);
            return items;
        });
        all.put("unique", (r, v, a, k) -> {
            boolean cs = Py.truthy(Filters.arg(a, k, 0, "case_sensitive", false));
            Object attr = Filters.arg(a, k, 1, "attribute", null);
            List<Object> out = new ArrayList<>();
            List<Object> seen = new ArrayList<>();
            for (Object x : Py.iterate(v)) {
                Object key = key(r, x, attr, cs);
                if (seen.stream().noneMatch(s -> Py.eq(s, key))) {
                    seen.add(key);
                    out.add(x);
                }
            }
            return out;
        });
        all.put("min", (r, v, a, k) -> extreme(r, v, a, k, false));
        all.put("max", (r, v, a, k) -> extreme(r, v, a, k, true));
        all.put("sum", (r, v, a, k) -> {
            Object attr = Filters.arg(a, k, 0, "attribute", null);
            Object total = Filters.arg(a, k, 1, "start", 0L);
            for (Object x : Py.iterate(v)) {
                Object item = attr == null ? x : attribute(r, x, attr);
                if (total instanceof String || item instanceof String) {
                    throw JinjaException.render("TypeError: unsupported operand type(s) for +: '" + Py.typeName(total)
                            + "' and '" + Py.typeName(item) + "'");
                }
                total = Ops.binary(r, "+", total, item);
            }
            return total;
        });
        all.put("reverse", (r, v, a, k) -> {
            if (v instanceof String s) return new StringBuilder(s).reverse().toString();
            List<Object> l = new ArrayList<>(Py.iterate(v));
            java.util.Collections.reverse(l);
            return l;
        });
        all.put("groupby", (r, v, a, k) -> {
            Object attr = Filters.arg(a, k, 0, "attribute", null);
            Object dflt = Filters.arg(a, k, 1, "default", null);
            boolean cs = Py.truthy(Filters.arg(a, k, 2, "case_sensitive", false));
            java.util.function.Function<Object, Object> raw = x -> {
                Object y = attribute(r, x, attr);
                return y instanceof Undefined && dflt != null ? dflt : y;
            };
            List<Object> sorted = new ArrayList<>(Py.iterate(v));
            sort(sorted, x -> lower(raw.apply(x), cs), false);
            List<Object> out = new ArrayList<>();
            List<Object> group = null;
            Object groupKey = null;
            for (Object x : sorted) {
                Object key = lower(raw.apply(x), cs);
                if (group == null || !Py.eq(key, groupKey)) {
                    if (group != null) out.add(new PyTuple(java.util.Arrays.asList(raw.apply(group.get(0)), group), List.of("grouper", "list")));
                    group = new ArrayList<>();
                    groupKey = key;
                }
                group.add(x);
            }
            if (group != null) out.add(new PyTuple(java.util.Arrays.asList(raw.apply(group.get(0)), group), List.of("grouper", "list")));
            return out;
        });
        all.put("items", (r, v, a, k) -> {
            if (v instanceof Undefined) return new ArrayList<>();
            if (!(v instanceof Map<?, ?> m)) throw JinjaException.render("TypeError: Can only get item pairs from a mapping.");
            List<Object> out = new ArrayList<>();
            m.forEach((x, y) -> out.add(PyTuple.of(x, y)));
            return out;
        });
        all.put("batch", (r, v, a, k) -> {
            long n = Py.asLong(Filters.arg(a, k, 0, "linecount", 1L));
            if (n <= 0) throw JinjaException.render("ValueError: batch size must be positive");
            Object fill = Filters.arg(a, k, 1, "fill_with", null);
            boolean doFill = a.size() > 1 || k.containsKey("fill_with");
            List<Object> out = new ArrayList<>();
            List<Object> cur = new ArrayList<>();
            for (Object x : Py.iterate(v)) {
                if (cur.size() == n) {
                    out.add(cur);
                    cur = new ArrayList<>();
                }
                cur.add(x);
            }
            if (!cur.isEmpty()) {
                while (doFill && fill != null && cur.size() < n) cur.add(fill);
                out.add(cur);
            }
            return out;
        });
        all.put("slice", (r, v, a, k) -> {
            List<?> seq = Py.iterate(v);
            long slices = Py.asLong(Filters.arg(a, k, 0, "slices", 1L));
            if (slices <= 0 || slices > seq.size() + 1L) throw JinjaException.render("ValueError: bad slice count " + slices);
            Object fill = Filters.arg(a, k, 1, "fill_with", null);
            int length = seq.size();
            int per = (int) (length / slices);
            int extra = (int) (length % slices);
            int offset = 0;
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < slices; i++) {
                int start = offset + i * per;
                if (i < extra) offset++;
                int end = offset + (i + 1) * per;
                List<Object> part = new ArrayList<>(seq.subList(start, end));
                if (fill != null && i >= extra) part.add(fill);
                out.add(part);
            }
            return out;
        });
    }

    /** jinja2's attribute getter: {@code "a.b.0"} follows items/attributes part by part. */
    static Object attribute(Renderer r, Object x, Object attr) {
        Object cur = x;
        for (String part : Py.str(attr).split("\\.", -1)) {
            Object key = part.matches("-?\\d+") ? (Object) Long.parseLong(part) : part;
            cur = Access.getitem(r, cur, key);
        }
        return cur;
    }

    private static Object lower(Object o, boolean caseSensitive) {
        return !caseSensitive && o instanceof String s ? s.toLowerCase(Locale.ROOT) : o;
    }

    private static Object key(Renderer r, Object x, Object attr, boolean caseSensitive) {
        return lower(attr == null ? x : attribute(r, x, attr), caseSensitive);
    }

    private static void sort(List<Object> l, java.util.function.Function<Object, Object> key, boolean reverse) {
        Comparator<Object> c = (x, y) -> Py.compare(key.apply(x), key.apply(y), "<");
        l.sort(reverse ? c.reversed() : c);
    }

    private static Object extreme(Renderer r, Object v, List<Object> a, Map<String, Object> k, boolean max) {
        boolean cs = Py.truthy(Filters.arg(a, k, 0, "case_sensitive", false));
        Object attr = Filters.arg(a, k, 1, "attribute", null);
        Object best = null;
        Object bestKey = null;
        boolean any = false;
        for (Object x : Py.iterate(v)) {
            Object key = key(r, x, attr, cs);
            if (!any || (max ? Py.compare(key, bestKey, ">") > 0 : Py.compare(key, bestKey, "<") < 0)) {
                best = x;
                bestKey = key;
                any = true;
            }
        }
        return any ? best : Undefined.hint("No aggregated item, sequence was empty.");
    }

    private static Object map(Renderer r, Object v, List<Object> a, Map<String, Object> k) {
        List<Object> out = new ArrayList<>();
        if (a.isEmpty() && k.containsKey("attribute")) {
            Object attr = k.get("attribute");
            boolean hasDefault = k.containsKey("default");
            for (Object x : Py.iterate(v)) {
                Object y = attribute(r, x, attr);
                out.add(hasDefault && y instanceof Undefined ? k.get("default") : y);
            }
            return out;
        }
        if (a.isEmpty()) throw JinjaException.render("FilterArgumentError: map requires a filter argument");
        String name = Py.str(a.get(0));
        Expr.Filter f = Filters.get(name);
        if (f == null) throw JinjaException.render("TemplateRuntimeError: No filter named '" + name + "' found.");
        List<Object> rest = a.subList(1, a.size());
        for (Object x : Py.iterate(v)) out.add(f.apply(r, x, rest, k));
        return out;
    }

    private static Object select(Renderer r, Object v, List<Object> a, Map<String, Object> k, boolean byAttr,
                                 boolean keep) {
        int i = 0;
        Object attr = null;
        if (byAttr) {
            if (a.isEmpty()) throw JinjaException.render("TypeError: missing attribute argument");
            attr = a.get(i++);
        }
        Expr.Test test;
        List<Object> rest;
        if (i < a.size()) {
            String name = Py.str(a.get(i));
            test = Tests.get(name);
            if (test == null) throw JinjaException.render("TemplateRuntimeError: No test named '" + name + "' found.");
            rest = a.subList(i + 1, a.size());
        } else {
            test = (rr, x, aa, kk) -> Py.truthy(x);
            rest = List.of();
        }
        List<Object> out = new ArrayList<>();
        for (Object x : Py.iterate(v)) {
            Object subject = byAttr ? attribute(r, x, attr) : x;
            if (test.test(r, subject, rest, new LinkedHashMap<>(k)) == keep) out.add(x);
        }
        return out;
    }
}
