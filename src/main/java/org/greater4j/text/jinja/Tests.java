package org.greater4j.text.jinja;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** jinja2's built-in tests ({@code is defined}, {@code is string}, {@code is sameas false}, ...). */
final class Tests {
    private Tests() {}

    private static final Map<String, Expr.Test> ALL = new HashMap<>();

    static Expr.Test get(String name) {
        return ALL.get(name);
    }

    private static void put(Expr.Test t, String... names) {
        for (String n : names) ALL.put(n, t);
    }

    private static Object arg(List<Object> a, int i) {
        if (i >= a.size()) throw JinjaException.render("TypeError: the test needs an argument");
        return a.get(i);
    }

    private static long integer(Object v) {
        if (v instanceof Undefined u) throw u.fail();
        if (!Py.isInt(v)) throw JinjaException.render("TypeError: not all arguments converted during string formatting");
        return Py.asLong(v);
    }

    static {
        put((r, v, a, k) -> !(v instanceof Undefined), "defined");
        put((r, v, a, k) -> v instanceof Undefined, "undefined");
        put((r, v, a, k) -> v == null, "none");
        put((r, v, a, k) -> v instanceof Boolean, "boolean");
        put((r, v, a, k) -> Boolean.TRUE.equals(v), "true");
        put((r, v, a, k) -> Boolean.FALSE.equals(v), "false");
        put((r, v, a, k) -> v instanceof Long, "integer");
        put((r, v, a, k) -> v instanceof Double, "float");
        put((r, v, a, k) -> Py.isNumber(v), "number");
        put((r, v, a, k) -> v instanceof String, "string");
        put((r, v, a, k) -> v instanceof Map<?, ?>, "mapping");
        put((r, v, a, k) -> v instanceof String || v instanceof Collection<?> || v instanceof Map<?, ?>
                || v instanceof Undefined, "iterable");
        put((r, v, a, k) -> v instanceof String || v instanceof Collection<?> || v instanceof Map<?, ?>
                || v instanceof Undefined, "sequence");
        put((r, v, a, k) -> v instanceof Callee || v instanceof Undefined, "callable");
        put((r, v, a, k) -> false, "escaped");
        put((r, v, a, k) -> Math.floorMod(integer(v), 2) == 1, "odd");
        put((r, v, a, k) -> Math.floorMod(integer(v), 2) == 0, "even");
        put((r, v, a, k) -> {
            long d = integer(arg(a, 0));
            if (d == 0) throw JinjaException.render("ZeroDivisionError: integer division or modulo by zero");
            return Math.floorMod(integer(v), d) == 0;
        }, "divisibleby");
        put((r, v, a, k) -> sameas(v, arg(a, 0)), "sameas");
        put((r, v, a, k) -> Py.eq(v, arg(a, 0)), "eq", "equalto", "==");
        put((r, v, a, k) -> !Py.eq(v, arg(a, 0)), "ne", "!=");
        put((r, v, a, k) -> Py.compare(v, arg(a, 0), "<") < 0, "lt", "lessthan", "<");
        put((r, v, a, k) -> Py.compare(v, arg(a, 0), "<=") <= 0, "le", "<=");
        put((r, v, a, k) -> Py.compare(v, arg(a, 0), ">") > 0, "gt", "greaterthan", ">");
        put((r, v, a, k) -> Py.compare(v, arg(a, 0), ">=") >= 0, "ge", ">=");
        put((r, v, a, k) -> Py.contains(arg(a, 0), v), "in");
        put((r, v, a, k) -> StrMethods.cased(Py.str(v), true), "lower");
        put((r, v, a, k) -> StrMethods.cased(Py.str(v), false), "upper");
        put((r, v, a, k) -> v instanceof String s && Filters.exists(s), "filter");
        put((r, v, a, k) -> v instanceof String s && ALL.containsKey(s), "test");
    }

    /** Python's {@code is}: identity, which for None, booleans and small ints is value equality. */
    private static boolean sameas(Object v, Object other) {
        if (v == other) return true;
        if (v == null || other == null) return false;
        if (v instanceof Boolean || other instanceof Boolean) return v.equals(other);
        if (v instanceof Long x && other instanceof Long y) return x.equals(y) && x >= -5 && x <= 256;
        if (v instanceof String x && other instanceof String y) return x.equals(y) && x.length() <= 1;
        return false;
    }
}
