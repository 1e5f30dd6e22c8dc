package org.greater4j.text.jinja;

/**
 * jinja2's {@code Undefined}: what a missing variable, attribute, key or index evaluates to. It prints as
 * {@code ""}, is false, iterates as empty and has length 0; any other use (an attribute or item of it,
 * arithmetic, calling it) fails with {@link #hint}, as jinja2 does. The sandbox's refusals (an attribute
 * starting with {@code _}, a method that would modify a list or dict) are Undefined values too, whose
 * failure says the access is unsafe.
 */
final class Undefined {
    /** An Undefined with no more specific hint. */
    static final Undefined PLAIN = new Undefined("value is undefined", false);

    private final String hint;
    private final boolean unsafe;

    private Undefined(String hint, boolean unsafe) {
        this.hint = hint;
        this.unsafe = unsafe;
    }

    /** A missing variable. */
    static Undefined name(String name) {
        return new Undefined("'" + name + "' is undefined", false);
    }

    /** A missing attribute or key of {@code owner}. */
    static Undefined attribute(Object owner, Object name) {
        if (owner == null) return new Undefined("'None' has no attribute '" + name + "'", false);
        String what = name instanceof String ? "attribute '" + name + "'" : "element " + Py.repr(name);
        return new Undefined("'" + Py.typeName(owner) + " object' has no " + what, false);
    }

    /** An access the sandbox refuses. */
    static Undefined unsafe(Object owner, String name) {
        return new Undefined("access to attribute '" + name + "' of '" + Py.typeName(owner) + "' object is unsafe.",
                true);
    }

    /** An Undefined with a message of its own (e.g. "No first item, sequence was empty."). */
    static Undefined hint(String hint) {
        return new Undefined(hint, false);
    }

    /** The error any real use of this value raises. */
    JinjaException fail() {
        return JinjaException.render((unsafe ? "SecurityError: " : "UndefinedError: ") + hint);
    }

    @Override
    public String toString() {
        return "";
    }
}
