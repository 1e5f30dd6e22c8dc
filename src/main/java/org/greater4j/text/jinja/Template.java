package org.greater4j.text.jinja;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed Jinja template, rendered the way Python's jinja2 3.1 renders it in HuggingFace's chat-template
 * environment ({@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)} with
 * {@code loopcontrols}, {@code keep_trailing_newline=False}), within {@link Limits}. Immutable and
 * thread-safe: each {@link #render} has its own state.
 *
 * <pre>{@code
 * Template t = Template.parse("{% for m in messages %}{{ m.role }}: {{ m.content|trim }}\n{% endfor %}");
 * String text = t.render(Map.of("messages", List.of(Map.of("role", "user", "content", " Hi "))));
 * }</pre>
 *
 * <p>The globals are jinja2's {@code range} (refusing more than 100,000 items, as jinja2's sandbox does),
 * {@code dict}, {@code namespace} and {@code joiner}; callers add functions of their own as
 * {@link JinjaFunction} variables. Differences from jinja2 that no chat template relies on: integers are
 * 64-bit (overflow is an error), {@code safe}/{@code escape} return plain strings (no Markup objects),
 * {@code reverse} and {@code dict.items()} return lists, extra macro arguments never fail, and a few
 * filters ({@code groupby}, {@code urlize}, ...) fail as unsupported.
 */
public final class Template {
    private final List<Stmt> body;
    private final Limits limits;

    private Template(List<Stmt> body, Limits limits) {
        this.body = body;
        this.limits = limits;
    }

    /** Parses {@code source} with {@link Limits#DEFAULT}. */
    public static Template parse(String source) {
        return parse(source, Limits.DEFAULT);
    }

    /**
     * Parses {@code source}.
     *
     * @throws JinjaException of kind SYNTAX (or UNSUPPORTED, or LIMIT for nesting beyond the limit) with the line
     */
    public static Template parse(String source, Limits limits) {
        Objects.requireNonNull(source, "template source");
        Objects.requireNonNull(limits, "limits");
        try {
            return new Template(Parser.parse(source, limits), limits);
        } catch (StackOverflowError e) {
            throw JinjaException.limit("the template nests too deeply to parse");
        }
    }

    /**
     * Renders the template with {@code variables} (strings, numbers, booleans, null, lists, maps and
     * {@link JinjaFunction}s; converted once, never modified).
     *
     * @throws JinjaException with the template line: RAISED when a function raised it, RENDER for what jinja2
     *                        would refuse, LIMIT when a limit was hit, UNSUPPORTED for a feature greater4j lacks
     * @throws IllegalArgumentException when a variable has a type templates cannot see
     */
    public String render(Map<String, ?> variables) {
        Map<String, Object> globals = new HashMap<>();
        Globals.install(globals);
        Scope top = new Scope(null);
        globals.forEach(top::set);
        variables.forEach((k, v) -> top.set(k, Values.fromJava(v, "template variable '" + k + "'")));
        Scope root = new Scope(top);
        Renderer r = new Renderer(limits);
        try {
            Stmt.execAll(r, root, body);
            return r.output();
        } catch (JinjaException e) {
            throw e.atLine(r.line);
        } catch (StackOverflowError e) {
            throw JinjaException.limit("the template recursed too deeply").atLine(r.line);
        } catch (ClassCastException | IndexOutOfBoundsException | NumberFormatException e) {
            throw new JinjaException(JinjaException.Kind.RENDER, "TypeError: an argument has the wrong type ("
                    + e.getMessage() + ")", r.line);
        }
    }
}
