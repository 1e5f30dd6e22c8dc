package org.greater4j.text.jinja;

import java.util.List;
import java.util.Map;

/**
 * A function a caller passes to a template as a variable (e.g. HuggingFace's {@code raise_exception} and
 * {@code strftime_now}). It receives the positional and keyword arguments as template values (String,
 * Long, Double, Boolean, null, List, Map) and returns one. To abort rendering with a message of the
 * template's own, throw {@link JinjaException} of kind {@link JinjaException.Kind#RAISED}.
 */
@FunctionalInterface
public interface JinjaFunction {
    /** Calls the function; must not retain or modify the argument collections. */
    Object call(List<Object> args, Map<String, Object> kwargs);
}
