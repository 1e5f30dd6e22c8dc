package org.greater4j.text.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/** jinja2's {@code namespace(...)}: the one mutable object of a template ({@code {% set ns.x = v %}}). */
final class Namespace {
    final Map<String, Object> attrs = new LinkedHashMap<>();

    @Override
    public String toString() {
        return "<Namespace " + Py.repr(attrs) + ">";
    }
}
