package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses jinja2 expressions with jinja2's precedence: conditional, {@code or}, {@code and}, {@code not},
 * comparisons (chained, {@code in}, {@code not in}), {@code + -}, {@code ~}, {@code * / // %}, {@code **},
 * unary {@code - +}, then primaries with postfix access, calls, filters and tests. Nesting is bounded by
 * {@link Limits#maxNesting()} so that no input can overflow the stack.
 */
class ExprParser {
    protected final Lexer tokens;
    protected final Limits limits;
    protected int pos;
    private int depth;
    /**
     * Above 0 inside an {@code if} (test and branches) or a conditional expression, where jinja2 lets an
     * unknown filter or test pass compilation and fail only when evaluated; 0 in loops, macros and blocks.
     */
    protected int soft;
    /** Unknown filters and tests seen, with whether each was in a soft place. */
    protected final List<Missing> missing = new ArrayList<>();

    record Missing(String message, int line, boolean[] soft) {}

    ExprParser(Lexer tokens, Limits limits) {
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

    private void enter() {
        if (++depth > limits.maxNesting()) {
            throw fail("expressions nest deeper than " + limits.maxNesting() + " levels", peek());
        }
    }

    /** A full expression, a bare tuple ({@code a, b}) when {@code tuples}. */
    Expr tuple(boolean tuples) {
        Expr first = expression();
        if (!tuples || !peek().isOp(",")) return first;
        List<Expr> items = new ArrayList<>(List.of(first));
        while (skipOp(",")) {
            if (!startsExpression(peek())) break;
            items.add(expression());
        }
        return new Expr.TupleLit(items);
    }

    private static boolean startsExpression(Token t) {
        if (t.type() == Token.Type.NAME || t.type() == Token.Type.STRING || t.type() == Token.Type.INTEGER
                || t.type() == Token.Type.FLOAT) {
            return true;
        }
        return t.isOp("(") || t.isOp("[") || t.isOp("{") || t.isOp("-") || t.isOp("+");
    }

    Expr expression() {
        enter();
        int mark = missing.size();
        try {
            Expr e = or();
            while (peek().isName("if")) {
                next();
                for (int i = mark; i < missing.size(); i++) missing.get(i).soft()[0] = true;
                soft++;
                try {
                    Expr test = or();
                    Expr otherwise = null;
                    if (peek().isName("else")) {
                        next();
                        otherwise = expression();
                    }
                    e = new Expr.Cond(test, e, otherwise);
                } finally {
                    soft--;
                }
            }
            return e;
        } finally {
            depth--;
        }
    }

    /** An expression without a trailing {@code if ... else} (a for loop's iterable, before its filter). */
    Expr withoutCondition() {
        enter();
        try {
            return or();
        } finally {
            depth--;
        }
    }

    private Expr or() {
        Expr e = and();
        while (peek().isName("or")) {
            next();
            e = new Expr.Or(e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (peek().isName("and")) {
            next();
            e = new Expr.And(e, not());
        }
        return e;
    }

    private Expr not() {
        if (peek().isName("not")) {
            next();
            enter();
            try {
                return new Expr.Not(not());
            } finally {
                depth--;
            }
        }
        return compare();
    }

    private Expr compare() {
        Expr first = math1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.type() == Token.Type.OP && List.of("==", "!=", "<", "<=", ">", ">=").contains(t.text())) {
                next();
                ops.add(t.text());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && peek(1).isName("in")) {
                pos += 2;
                ops.add("notin");
            } else {
                break;
            }
            rest.add(math1());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, rest);
    }

    private Expr math1() {
        Expr e = concat();
        while (peek().isOp("+") || peek().isOp("-")) {
            String op = next().text();
            e = new Expr.Binary(op, e, concat());
        }
        return e;
    }

    private Expr concat() {
        Expr e = math2();
        while (peek().isOp("~")) {
            next();
            e = new Expr.Binary("~", e, math2());
        }
        return e;
    }

    private Expr math2() {
        Expr e = pow();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
            String op = next().text();
            e = new Expr.Binary(op, e, pow());
        }
        return e;
    }

    private Expr pow() {
        Expr e = unary(true);
        while (peek().isOp("**")) {
            next();
            e = new Expr.Binary("**", e, unary(true));
        }
        return e;
    }

    private Expr unary(boolean withFilter) {
        Token t = peek();
        Expr e;
        if (t.isOp("-") || t.isOp("+")) {
            next();
            enter();
            try {
                e = new Expr.Unary(t.text(), unary(false));
            } finally {
                depth--;
            }
        } else {
            e = primary();
        }
        e = postfix(e);
        return withFilter ? filters(e) : e;
    }

    private Expr primary() {
        Token t = next();
        switch (t.type()) {
            case NAME -> {
                return switch (t.text()) {
                    case "true", "True" -> new Expr.Const(true);
                    case "false", "False" -> new Expr.Const(false);
                    case "none", "None" -> new Expr.Const(null);
                    default -> new Expr.Name(t.text());
                };
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder((String) t.value());
                while (peek().type() == Token.Type.STRING) sb.append((String) next().value());
                return new Expr.Const(sb.toString());
            }
            case INTEGER, FLOAT -> {
                return new Expr.Const(t.value());
            }
            case OP -> {
                if (t.isOp("(")) {
                    enter();
                    try {
                        if (skipOp(")")) return new Expr.TupleLit(List.of());
                        Expr e = expression();
                        if (peek().isOp(",")) {
                            List<Expr> items = new ArrayList<>(List.of(e));
                            while (skipOp(",")) {
                                if (peek().isOp(")")) break;
                                items.add(expression());
                            }
                            e = new Expr.TupleLit(items);
                        }
                        expectOp(")");
                        return e;
                    } finally {
                        depth--;
                    }
                }
                if (t.isOp("[")) return listLiteral();
                if (t.isOp("{")) return dictLiteral();
            }
            default -> { }
        }
        throw fail("unexpected " + t.describe(), t);
    }

    private Expr listLiteral() {
        enter();
        try {
            List<Expr> items = new ArrayList<>();
            while (!peek().isOp("]")) {
                if (!items.isEmpty()) expectOp(",");
                if (peek().isOp("]")) break;
                items.add(expression());
            }
            expectOp("]");
            return new Expr.ListLit(items);
        } finally {
            depth--;
        }
    }

    private Expr dictLiteral() {
        enter();
        try {
            List<Expr> keys = new ArrayList<>();
            List<Expr> values = new ArrayList<>();
            while (!peek().isOp("}")) {
                if (!keys.isEmpty()) expectOp(",");
                if (peek().isOp("}")) break;
                keys.add(expression());
                expectOp(":");
                values.add(expression());
            }
            expectOp("}");
            return new Expr.DictLit(keys, values);
        } finally {
            depth--;
        }
    }

    private Expr postfix(Expr e) {
        int levels = 0;
        while (true) {
            Token t = peek();
            if (t.isOp(".")) {
                next();
                Token a = next();
                if (a.type() == Token.Type.NAME) {
                    e = new Expr.Attr(e, a.text());
                } else if (a.type() == Token.Type.INTEGER) {
                    e = new Expr.Item(e, new Expr.Const(a.value()));
                } else {
                    throw fail("expected name or number", a);
                }
            } else if (t.isOp("[")) {
                next();
                e = new Expr.Item(e, subscript());
            } else if (t.isOp("(")) {
                next();
                e = new Expr.Call(e, arguments());
            } else {
                return e;
            }
            if (++levels > limits.maxNesting() * 10) throw fail("too many chained accesses", t);
        }
    }

    private Expr subscript() {
        enter();
        try {
            List<Expr> parts = new ArrayList<>();
            do {
                if (peek().isOp("]")) break;
                parts.add(slicePart());
            } while (skipOp(","));
            expectOp("]");
            if (parts.isEmpty()) throw fail("expected subscript expression", peek());
            return parts.size() == 1 ? parts.get(0) : new Expr.TupleLit(parts);
        } finally {
            depth--;
        }
    }

    private Expr slicePart() {
        Expr start = null;
        if (!peek().isOp(":")) {
            start = expression();
            if (!peek().isOp(":")) return start;
        }
        next();
        Expr stop = peek().isOp("]") || peek().isOp(",") || peek().isOp(":") ? null : expression();
        Expr step = null;
        if (skipOp(":") && !(peek().isOp("]") || peek().isOp(","))) step = expression();
        return new Expr.Slice(start, stop, step);
    }

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
            args = new Expr.Args(List.of(postfix(primary())), Map.of(), null, null);
        }
        return new Expr.TestCall(e, name, fn, args, negated);
    }
}
