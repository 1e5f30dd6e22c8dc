package org.greater4j.text.jinja;

import java.util.AbstractList;
import java.util.List;

/** A Python tuple: an immutable list that prints as {@code (a, b)} and never equals a list. */
final class PyTuple extends AbstractList<Object> {
    private final List<Object> items;
    /** Field names of a named tuple (jinja2's groupby results: grouper, list), else empty. */
    final List<String> fields;

    PyTuple(List<Object> items) {
        this(items, List.of());
    }

    PyTuple(List<Object> items, List<String> fields) {
        this.items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
        this.fields = fields;
    }

    static PyTuple of(Object... items) {
        return new PyTuple(java.util.Arrays.asList(items));
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
