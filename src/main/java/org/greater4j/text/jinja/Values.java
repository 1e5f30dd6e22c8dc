package org.greater4j.text.jinja;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The boundary between Java values and template values: what a caller may pass in, converted once. */
final class Values {
    private Values() {}

    /**
     * A template value for a Java value: null, String, Boolean, Long (from any integral type), Double (from
     * float, double, BigDecimal), List (from any Iterable or array, copied), Map (copied, insertion order
     * kept), or a {@link JinjaFunction}. Anything else is refused, so that no Java object (and none of its
     * methods) ever reaches a template.
     *
     * @param where names the variable in the error message
     * @throws IllegalArgumentException for any other type
     */
    static Object fromJava(Object v, String where) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double
                || v instanceof Undefined || v instanceof Namespace || v instanceof Callee || v instanceof PyTuple
                || v instanceof PyRange) {
            return v;
        }
        if (v instanceof CharSequence || v instanceof Character) return v.toString();
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof BigInteger b) {
            if (b.bitLength() > 63) throw new IllegalArgumentException(where + ": integer " + b + " exceeds 64 bits");
            return b.longValue();
        }
        if (v instanceof Float || v instanceof BigDecimal) return ((Number) v).doubleValue();
        if (v instanceof JinjaFunction f) return Callee.of(f);
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(fromJava(e.getKey(), where), fromJava(e.getValue(), where));
            }
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            for (Object x : it) out.add(fromJava(x, where));
            return out;
        }
        if (v.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) out.add(fromJava(Array.get(v, i), where));
            return out;
        }
        throw new IllegalArgumentException(where + " has a value of type " + v.getClass().getSimpleName()
                + ", which templates cannot see; pass strings, numbers, booleans, null, lists, maps or a JinjaFunction");
    }
}
