package org.greater4j.text.jinja;

/**
 * A template could not be parsed or rendered, or it called {@code raise_exception}. {@link #line()} is
 * the template line (1-based) where it happened, or 0 when unknown; {@link #kind()} says what happened.
 * The message names the problem without the line or the template's origin (the caller adds those).
 */
public class JinjaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The template is not valid Jinja (jinja2 would refuse it too). */
        SYNTAX,
        /** Rendering failed the way jinja2 would (undefined attribute of an undefined value, type error, ...). */
        RENDER,
        /** A limit of {@link Limits} was hit. */
        LIMIT,
        /** The template called {@code raise_exception(msg)}: the message is exactly {@code msg}. */
        RAISED,
        /** The template uses a Jinja feature greater4j's engine does not have. */
        UNSUPPORTED
    }

    private final Kind kind;
    private int line;

    /** An exception of {@code kind} at {@code line} (0: not known yet). */
    public JinjaException(Kind kind, String message, int line) {
        super(message);
        this.kind = kind;
        this.line = line;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The 1-based template line, or 0 when unknown. */
    public int line() {
        return line;
    }

    JinjaException atLine(int l) {
        if (line == 0) line = l;
        return this;
    }

    static JinjaException render(String message) {
        return new JinjaException(Kind.RENDER, message, 0);
    }

    static JinjaException limit(String message) {
        return new JinjaException(Kind.LIMIT, message, 0);
    }

    static JinjaException syntax(String message, int line) {
        return new JinjaException(Kind.SYNTAX, message, line);
    }
}
