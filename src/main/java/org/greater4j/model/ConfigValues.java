package org.greater4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Validated reads of config.json values: each names its key (with its path, e.g.
 * {@code rope_parameters.full_attention.rope_theta}), the value found and the allowed range when
 * the value is missing, of the wrong kind or out of range. An absent key takes the family default
 * (transformers' config class default); an explicit {@code null} stays null, as in transformers.
 */
final class ConfigValues {
    private final JsonNode node;
    private final String path;            // "" or "text_config." or "rope_parameters.full_attention."
    private final Map<String, Object> defaults;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    ConfigValues(JsonNode node, String path, Map<String, Object> defaults) {
        this.node = node;
        this.path = path;
        this.defaults = defaults;
    }

    /** The node read. */
    JsonNode node() {
        return node;
    }

    /** The key with its path, as messages name it. */
    String name(String key) {
        return path + key;
    }

    /** True when the key holds a non-null value. */
    boolean has(String key) {
        JsonNode n = node.get(key);
        return n != null && !n.isNull();
    }

    /** The raw value, or null when absent or null. */
    JsonNode raw(String key) {
        return has(key) ? node.get(key) : null;
    }

    /**
     * The value in force: the key's own value; the family default when the key is absent (not when it
     * is an explicit null, which transformers keeps as None); else null.
     */
    JsonNode value(String key) {
        if (node.has(key)) return raw(key);
        Object d = defaults.get(key);
        return d == null ? null : MAPPER.valueToTree(d);
    }

    /** True when a value is in force (present and not null, or absent with a family default). */
    boolean hasOrDefault(String key) {
        return value(key) != null;
    }

    private IllegalArgumentException bad(String key, Object value, String allowed) {
        return new IllegalArgumentException(name(key) + " = " + value + " is out of range (allowed: " + allowed + ")");
    }

    /** A required integer in [lo, hi] (the family default when absent). */
    int integer(String key, long lo, long hi) {
        if (!hasOrDefault(key)) throw new IllegalArgumentException("missing key \"" + name(key) + "\"");
        return integer(key, lo, hi, 0);
    }

    /** An integer in [lo, hi], {@code dflt} when absent (the family default wins over {@code dflt}). */
    int integer(String key, long lo, long hi, int dflt) {
        String allowed = "an integer in [" + lo + ", " + hi + "]";
        JsonNode n = value(key);
        if (n == null) return dflt;
        if (!n.isNumber()) throw new IllegalArgumentException(name(key) + " = " + n + " is not a number (allowed: " + allowed + ")");
        BigDecimal v = n.decimalValue();
        if (v.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(name(key) + " = " + n + " is not an integer (allowed: " + allowed + ")");
        }
        if (v.compareTo(BigDecimal.valueOf(lo)) < 0 || v.compareTo(BigDecimal.valueOf(hi)) > 0) throw bad(key, n, allowed);
        return v.intValueExact();
    }

    /**
     * A number in (lo, hi] ({@code loOpen}) or [lo, hi]; the family default, else {@code dflt}, when
     * absent. NaN and infinities are out of range.
     */
    double number(String key, double lo, boolean loOpen, double hi, Double dflt) {
        String allowed = hi == Double.POSITIVE_INFINITY ? (loOpen ? "> " : ">= ") + fmt(lo)
                : (loOpen ? "(" : "[") + fmt(lo) + ", " + fmt(hi) + "]";
        if (node.has(key) && node.get(key).isNull()) {
            // transformers keeps an explicit null as None, and its float math on None fails: not a default
            throw new IllegalArgumentException(name(key) + " = null is not a number (allowed: " + allowed + "; remove the key for its default)");
        }
        JsonNode n = value(key);
        if (n == null) {
            if (dflt == null) throw new IllegalArgumentException("missing key \"" + name(key) + "\"");
            return dflt;
        }
        if (!n.isNumber()) throw new IllegalArgumentException(name(key) + " = " + n + " is not a number (allowed: " + allowed + ")");
        double v = n.asDouble();
        boolean ok = Double.isFinite(v) && (loOpen ? v > lo : v >= lo) && v <= hi;
        if (!ok) throw bad(key, n, allowed);
        return v;
    }

    /** A number > 0, {@code dflt} when absent. */
    double positive(String key, Double dflt) {
        return number(key, 0, true, Double.POSITIVE_INFINITY, dflt);
    }

    /** A boolean, the family default, else {@code dflt}, when absent. */
    boolean bool(String key, boolean dflt) {
        JsonNode n = value(key);
        if (n == null) return dflt;
        if (!n.isBoolean()) throw new IllegalArgumentException(name(key) + " = " + n + " is not a boolean (allowed: true, false)");
        return n.asBoolean();
    }

    /** A string, the family default, else {@code dflt}, when absent. */
    String string(String key, String dflt) {
        JsonNode n = value(key);
        if (n == null) return dflt;
        if (!n.isTextual()) throw new IllegalArgumentException(name(key) + " = " + n + " is not a string");
        return n.asText();
    }

    /** A list of numbers > 0, exactly {@code count} of them. */
    double[] positives(String key, int count) {
        JsonNode n = raw(key);
        if (n == null) throw new IllegalArgumentException("missing key \"" + name(key) + "\"");
        String allowed = "a list of " + count + " numbers > 0";
        if (!n.isArray() || n.size() != count) throw bad(key, n, allowed);
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            JsonNode x = n.get(i);
            if (!x.isNumber() || !(x.asDouble() > 0) || !Double.isFinite(x.asDouble())) {
                throw new IllegalArgumentException(name(key) + "[" + i + "] = " + x + " is out of range (allowed: > 0)");
            }
            v[i] = x.asDouble();
        }
        return v;
    }

    /** A value the engine does not implement: error unless it is absent or equals {@code harmless}. */
    void unsupportedUnless(String key, Object harmless, String why) {
        JsonNode n = raw(key);
        if (n == null) return;
        boolean same = harmless instanceof Boolean b ? n.isBoolean() && n.asBoolean() == b : n.asText().equals(String.valueOf(harmless));
        if (!same) throw new IllegalArgumentException(name(key) + " = " + n + " is not supported: " + why);
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
