package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.List;

/** Python's operators on template values, with the size of every string and list checked before it is built. */
final class Ops {
    private Ops() {}

    static Object unary(String op, Object v) {
        if (v instanceof Undefined u) throw u.fail();
        if (Py.isNumber(v)) {
            if (v instanceof Double d) return op.equals("-") ? -d : d;
            long l = Py.asLong(v);
            if (op.equals("+")) return l;
            if (l == Long.MIN_VALUE) throw overflow();
            return -l;
        }
        throw JinjaException.render("TypeError: bad operand type for unary " + op + ": '" + Py.typeName(v) + "'");
    }

    static boolean compare(String op, Object a, Object b) {
        return switch (op) {
            case "==" -> Py.eq(a, b);
            case "!=" -> !Py.eq(a, b);
            case "<" -> Py.compare(a, b, op) < 0;
            case "<=" -> Py.compare(a, b, op) <= 0;
            case ">" -> Py.compare(a, b, op) > 0;
            case ">=" -> Py.compare(a, b, op) >= 0;
            case "in" -> Py.contains(b, a);
            case "notin" -> !Py.contains(b, a);
            default -> throw new IllegalStateException(op);
        };
    }

    static Object binary(Renderer r, String op, Object a, Object b) {
        if (op.equals("~")) {
            String x = Py.str(a);
            String y = Py.str(b);
            r.string((long) x.length() + y.length());
            return x + y;
        }
        if (a instanceof Undefined u) throw u.fail();
        if (b instanceof Undefined u) throw u.fail();
        return switch (op) {
            case "+" -> add(r, a, b);
            case "-" -> arith(op, a, b);
            case "*" -> mul(r, a, b);
            case "/" -> div(a, b);
            case "//", "**" -> arith(op, a, b);
            case "%" -> a instanceof String s ? PyFormat.percent(r, s, b) : arith(op, a, b);
            default -> throw new IllegalStateException(op);
        };
    }

    private static Object add(Renderer r, Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            r.string((long) x.length() + y.length());
            return x + y;
        }
        if (a instanceof List<?> x && b instanceof List<?> y && Py.typeName(a).equals(Py.typeName(b))
                && !(a instanceof PyRange)) {
            r.list((long) x.size() + y.size());
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return a instanceof PyTuple ? new PyTuple(out) : out;
        }
        if (a instanceof String || (a instanceof List<?> && !(a instanceof PyRange))) {
            throw JinjaException.render("TypeError: can only concatenate " + Py.typeName(a) + " (not \""
                    + Py.typeName(b) + "\") to " + Py.typeName(a));
        }
        return arith("+", a, b);
    }

    private static Object mul(Renderer r, Object a, Object b) {
        if (Py.isInt(a) && !(b instanceof Long || b instanceof Double || b instanceof Boolean)) return mul(r, b, a);
        if (a instanceof String s && Py.isInt(b)) {
            long n = Math.max(0, Py.asLong(b));
            r.string(s.length() * n);
            return s.repeat((int) n);
        }
        if (a instanceof List<?> l && !(a instanceof PyRange) && Py.isInt(b)) {
            long n = Math.max(0, Py.asLong(b));
            r.list(l.size() * n);
            List<Object> out = new ArrayList<>();
            for (long i = 0; i < n; i++) out.addAll(l);
            return a instanceof PyTuple ? new PyTuple(out) : out;
        }
        return arith("*", a, b);
    }

    private static Object div(Object a, Object b) {
        requireNumbers("/", a, b);
        double y = Py.asDouble(b);
        if (y == 0) throw JinjaException.render("ZeroDivisionError: division by zero");
        return Py.asDouble(a) / y;
    }

    private static Object arith(String op, Object a, Object b) {
        requireNumbers(op, a, b);
        if (a instanceof Double || b instanceof Double) {
            double x = Py.asDouble(a);
            double y = Py.asDouble(b);
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "//" -> {
                    if (y == 0) throw JinjaException.render("ZeroDivisionError: float floor division by zero");
                    yield Math.floor(x / y);
                }
                case "%" -> {
                    if (y == 0) throw JinjaException.render("ZeroDivisionError: float modulo");
                    double m = x % y;
                    yield m != 0 && (m < 0) != (y < 0) ? m + y : m;
                }
                case "**" -> Math.pow(x, y);
                default -> throw new IllegalStateException(op);
            };
        }
        long x = Py.asLong(a);
        long y = Py.asLong(b);
        try {
            return switch (op) {
                case "+" -> Math.addExact(x, y);
                case "-" -> Math.subtractExact(x, y);
                case "*" -> Math.multiplyExact(x, y);
                case "//" -> {
                    if (y == 0) throw JinjaException.render("ZeroDivisionError: integer division or modulo by zero");
                    yield Math.floorDiv(x, y);
                }
                case "%" -> {
                    if (y == 0) throw JinjaException.render("ZeroDivisionError: integer division or modulo by zero");
                    yield Math.floorMod(x, y);
                }
                case "**" -> y < 0 ? (Object) Math.pow(x, y) : (Object) pow(x, y);
                default -> throw new IllegalStateException(op);
            };
        } catch (ArithmeticException e) {
            throw overflow();
        }
    }

    private static long pow(long base, long exp) {
        long result = 1;
        for (long i = 0; i < exp; i++) {
            result = Math.multiplyExact(result, base);
            if (result == 0 || result == 1 && base == 1) return result;
            if (base == -1) return exp % 2 == 0 ? 1 : -1;
        }
        return result;
    }

    private static void requireNumbers(String op, Object a, Object b) {
        if (!Py.isNumber(a) || !Py.isNumber(b)) {
            throw JinjaException.render("TypeError: unsupported operand type(s) for " + op + ": '" + Py.typeName(a)
                    + "' and '" + Py.typeName(b) + "'");
        }
    }

    private static JinjaException overflow() {
        return JinjaException.render("OverflowError: integer result exceeds 64 bits (greater4j's templates use 64-bit integers)");
    }
}
