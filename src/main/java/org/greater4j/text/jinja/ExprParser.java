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
class ExprParser extends TokenCursor {
    ExprParser(Lexer tokens, Limits limits) {
        super(tokens, limits);
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

    @Override
    protected Expr testArgument() {
        return postfix(primary());
    }
}
