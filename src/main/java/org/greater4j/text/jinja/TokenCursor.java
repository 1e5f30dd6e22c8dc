package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parser's position in the token stream, its nesting depth (bounded by {@link Limits#maxNesting()} so
 * that no input can overflow the stack), the parts of the grammar shared by expressions and statements
 * (call arguments, filters, tests) and the bookkeeping for unknown filters and tests.
 */
abstract class TokenCursor {
    protected final Lexer tokens;
    protected final Limits limits;
    protected int pos;
    protected int depth;
    /**
     * Above 0 inside an {@code if} (test and branches) or a conditional expression, where jinja2 lets an
     * unknown filter or test pass compilation and fail only when evaluated; 0 in loops, macros and blocks.
     */
    protected int soft;
    /** Unknown filters and tests seen, with whether each was in a soft place. */
    protected final List<Missing> missing = new ArrayList<>();

    record Missing(String message, int line, boolean[] soft) {}

    TokenCursor(Lexer tokens, Limits limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    protected Token peek() {
        return tokens.get(pos);
    }

    protected Token peek(int ahead) {
        return tokens.get(pos + ahead);
    }

    protected Token next() {
        return tokens.get(pos++);
    }

    protected JinjaException fail(String message, Token at) {
        return JinjaException.syntax(message, at.line());
    }

    protected Token expectOp(String op) {
        Token t = next();
        if (!t.isOp(op)) throw fail("expected '" + op + "', got " + t.describe(), t);
        return t;
    }

    protected String expectName() {
        Token t = next();
        if (t.type() != Token.Type.NAME) throw fail("expected a name, got " + t.describe(), t);
        return t.text();
    }

    protected boolean skipOp(String op) {
        if (peek().isOp(op)) {
            pos++;
            return true;
        }
        return false;
    }

    protected void enter() {
        if (++depth > limits.maxNesting()) {
            throw fail("expressions nest deeper than " + limits.maxNesting() + " levels", peek());
        }
    }

    /** A full expression (the subclass's grammar). */
    abstract Expr expression();

    /** The single argument of a test written without parentheses ({@code is divisibleby 3}). */
    protected abstract Expr testArgument();

    /** Call arguments after "(": positional, {@code name=value}, {@code *args}, {@code **kwargs}, up to ")". */
    protected Expr.Args arguments() {
        enter();
        try {
            List<Expr> pos = new ArrayList<>();
            Map<String, Expr> kw = new LinkedHashMap<>();
            Expr star = null;
            Expr starStar = null;
            while (!peek().isOp(")")) {
                if (!(pos.isEmpty() && kw.isEmpty() && star == null && starStar == null)) {
                    expectOp(",");
                    if (peek().isOp(")")) break;
                }
                if (skipOp("*")) {
                    star = expression();
                } else if (skipOp("**")) {
                    starStar = expression();
                } else if (peek().type() == Token.Type.NAME && peek(1).isOp("=")) {
                    String name = next().text();
                    next();
                    kw.put(name, expression());
                } else {
                    if (!kw.isEmpty() || star != null || starStar != null) {
                        throw fail("positional argument after keyword argument", peek());
                    }
                    pos.add(expression());
                }
            }
            expectOp(")");
            return new Expr.Args(pos, kw, star, starStar);
        } finally {
            depth--;
        }
    }

    /** Filters ({@code |name(args)}) and tests ({@code is [not] name args}) applied to {@code e}. */
    protected Expr filters(Expr e) {
        int levels = 0;
        while (true) {
            Token t = peek();
            if (t.isOp("|")) {
                next();
                e = filter(e);
            } else if (t.isName("is")) {
                next();
                e = test(e);
            } else if (t.isOp("(")) {
                next();
                e = new Expr.Call(e, arguments());
            } else {
                return e;
            }
            if (++levels > limits.maxNesting() * 10) throw fail("too many filters", t);
        }
    }

    /** One filter after "|", applied to {@code e}. */
    protected Expr filter(Expr e) {
        Token nameTok = peek();
        String name = expectName();
        while (skipOp(".")) name = name + "." + expectName();
        Expr.Filter fn = Filters.get(name);
        if (fn == null) {
            String n = name;
            missing.add(new Missing("No filter named '" + name + "'.", nameTok.line(), new boolean[] {soft > 0}));
            fn = (r, v, a, k) -> {
                throw JinjaException.render("TemplateRuntimeError: No filter named '" + n + "' found.");
            };
        }
        Expr.Args args = Expr.Args.NONE;
        if (skipOp("(")) args = arguments();
        return new Expr.FilterCall(e, name, fn, args);
    }

    private Expr test(Expr e) {
        boolean negated = false;
        if (peek().isName("not")) {
            next();
            negated = true;
        }
        Token nameTok = peek();
        String name = expectName();
        while (skipOp(".")) name = name + "." + expectName();
        Expr.Test fn = Tests.get(name);
        if (fn == null) {
            String n = name;
            missing.add(new Missing("No test named '" + name + "'.", nameTok.line(), new boolean[] {soft > 0}));
            fn = (r, v, a, k) -> {
                throw JinjaException.render("TemplateRuntimeError: No test named '" + n + "' found.");
            };
        }
        Expr.Args args = Expr.Args.NONE;
        Token t = peek();
        if (skipOp("(")) {
            args = arguments();
        } else if ((t.type() == Token.Type.NAME || t.type() == Token.Type.STRING || t.type() == Token.Type.INTEGER
                || t.type() == Token.Type.FLOAT || t.isOp("[") || t.isOp("{"))
                && !t.isName("else") && !t.isName("or") && !t.isName("and")) {
            if (t.isName("is")) throw fail("You cannot chain multiple tests with is", t);
            args = new Expr.Args(List.of(testArgument()), Map.of(), null, null);
        }
        return new Expr.TestCall(e, name, fn, args, negated);
    }
}
