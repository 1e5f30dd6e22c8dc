package org.greater4j.text.jinja;

import java.util.List;
import java.util.Map;

/** Anything a template can call: builtins, bound methods, macros, the caller's {@link JinjaFunction}s. */
@FunctionalInterface
interface Callee {
    Object call(Renderer r, List<Object> args, Map<String, Object> kwargs);

    /** A caller's function as a callee; its arguments are passed as they are. */
    static Callee of(JinjaFunction f) {
        return (r, args, kwargs) -> Values.fromJava(f.call(args, kwargs), "a function's result");
    }
}
