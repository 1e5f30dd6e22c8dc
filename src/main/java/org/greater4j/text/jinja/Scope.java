package org.greater4j.text.jinja;

import java.util.HashMap;
import java.util.Map;

/**
 * The variables one frame of a template sees, falling back to its parent: jinja2's scoping, where a loop
 * iteration, a macro call and a {@code with} block get a new frame whose assignments do not leak out,
 * while {@code if} shares the frame it is in.
 */
final class Scope {
    /** What {@link #lookup} returns for a name no frame has (a variable may legitimately hold null). */
    static final Object MISSING = new Object();

    private final Scope parent;
    private Map<String, Object> vars = Map.of();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Object v = s.vars.getOrDefault(name, MISSING);
            if (v != MISSING || s.vars.containsKey(name)) return v;
        }
        return MISSING;
    }

    /** The value of a name, or jinja2's Undefined naming it. */
    Object get(String name) {
        Object v = lookup(name);
        return v == MISSING ? Undefined.name(name) : v;
    }

    void set(String name, Object value) {
        if (vars.isEmpty() && !(vars instanceof HashMap)) vars = new HashMap<>(8);
        vars.put(name, value);
    }
}
