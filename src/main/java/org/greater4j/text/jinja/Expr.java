package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An expression of the template's AST; evaluating it reads the scope and returns a template value. */
sealed interface Expr {
    Object eval(Renderer r, Scope s);

    /** A filter: {@code value|name(args)}. */
    @FunctionalInterface
    interface Filter {
        Object apply(Renderer r, Object value, List<Object> args, Map<String, Object> kwargs);
    }

    /** A test: {@code value is name(args)}. */
    @FunctionalInterface
    interface Test {
        boolean test(Renderer r, Object value, List<Object> args, Map<String, Object> kwargs);
    }

    /** Arguments of a call, filter or test: positional, keyword, {@code *args} and {@code **kwargs}. */
    record Args(List<Expr> positional, Map<String, Expr> keywords, Expr star, Expr starStar) {
        static final Args NONE = new Args(List.of(), Map.of(), null, null);

        List<Object> positional(Renderer r, Scope s) {
            List<Object> out = new ArrayList<>(positional.size());
            for (Expr e : positional) out.add(e.eval(r, s));
            if (star != null) out.addAll(Py.iterate(star.eval(r, s)));
            return out;
        }

        Map<String, Object> keywords(Renderer r, Scope s) {
            if (keywords.isEmpty() && starStar == null) return Map.of();
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Expr> e : keywords.entrySet()) out.put(e.getKey(), e.getValue().eval(r, s));
            if (starStar != null) {
                Object m = starStar.eval(r, s);
                if (!(m instanceof Map<?, ?> map)) {
                    throw JinjaException.render("TypeError: argument after ** must be a mapping, not " + Py.typeName(m));
                }
                map.forEach((k, v) -> out.put(Py.str(k), v));
            }
            return out;
        }
    }

    record Const(Object value) implements Expr {
        public Object eval(Renderer r, Scope s) {
            return value;
        }
    }

    record Name(String name) implements Expr {
        public Object eval(Renderer r, Scope s) {
            return s.get(name);
        }
    }

    record ListLit(List<Expr> items) implements Expr {
        public Object eval(Renderer r, Scope s) {
            r.list(items.size());
            List<Object> out = new ArrayList<>(items.size());
            for (Expr e : items) out.add(e.eval(r, s));
            return out;
        }
    }

    record TupleLit(List<Expr> items) implements Expr {
        public Object eval(Renderer r, Scope s) {
            List<Object> out = new ArrayList<>(items.size());
            for (Expr e : items) out.add(e.eval(r, s));
            return new PyTuple(out);
        }
    }

    record DictLit(List<Expr> keys, List<Expr> values) implements Expr {
        public Object eval(Renderer r, Scope s) {
            r.list(keys.size());
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) Access.put(out, keys.get(i).eval(r, s), values.get(i).eval(r, s));
            return out;
        }
    }

    record Attr(Expr obj, String name) implements Expr {
        public Object eval(Renderer r, Scope s) {
            return Access.getattr(obj.eval(r, s), name);
        }
    }

    record Item(Expr obj, Expr key) implements Expr {
        public Object eval(Renderer r, Scope s) {
            Object o = obj.eval(r, s);
            return Access.getitem(r, o, key.eval(r, s));
        }
    }

    /** {@code a:b:c} inside brackets; evaluates to a {@link SliceValue}. */
    record Slice(Expr start, Expr stop, Expr step) implements Expr {
        public Object eval(Renderer r, Scope s) {
            return new SliceValue(start == null ? null : start.eval(r, s), stop == null ? null : stop.eval(r, s),
                    step == null ? null : step.eval(r, s));
        }
    }

    record SliceValue(Object start, Object stop, Object step) {}

    record Call(Expr fn, Args args) implements Expr {
        public Object eval(Renderer r, Scope s) {
            Object f = fn.eval(r, s);
            List<Object> pos = args.positional(r, s);
            Map<String, Object> kw = args.keywords(r, s);
            return call(r, f, pos, kw);
        }

        static Object call(Renderer r, Object f, List<Object> pos, Map<String, Object> kw) {
            if (f instanceof Callee c) {
                r.tick();
                return c.call(r, pos, kw);
            }
            if (f instanceof Undefined u) throw u.fail();
            throw JinjaException.render("TypeError: '" + Py.typeName(f) + "' object is not callable");
        }
    }

    record FilterCall(Expr value, String name, Filter fn, Args args) implements Expr {
        public Object eval(Renderer r, Scope s) {
            Object v = value.eval(r, s);
            return fn.apply(r, v, args.positional(r, s), args.keywords(r, s));
        }
    }

    record TestCall(Expr value, String name, Test fn, Args args, boolean negated) implements Expr {
        public Object eval(Renderer r, Scope s) {
            Object v = value.eval(r, s);
            return fn.test(r, v, args.positional(r, s), args.keywords(r, s)) != negated;
        }
    }

    record Not(Expr operand) implements Expr {
        public Object eval(Renderer r, Scope s) {
            return !Py.truthy(operand.eval(r, s));
        }
    }

    record Unary(String op, Expr operand) implements Expr {
        public Object eval(Renderer r, Scope s) {
            return Ops.unary(op, operand.eval(r, s));
        }
    }

    record And(Expr left, Expr right) implements Expr {
        public Object eval(Renderer r, Scope s) {
            Object l = left.eval(r, s);
            return Py.truthy(l) ? right.eval(r, s) : l;
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        public Object eval(Renderer r, Scope s) {
            Object l = left.eval(r, s);
            return Py.truthy(l) ? l : right.eval(r, s);
        }
    }

    record Binary(String op, Expr left, Expr right) implements Expr {
        public Object eval(Renderer r, Scope s) {
            return Ops.binary(r, op, left.eval(r, s), right.eval(r, s));
        }
    }

    /** A chain of comparisons {@code a < b <= c}: each pair compared, stopping at the first false. */
    record Compare(Expr first, List<String> ops, List<Expr> rest) implements Expr {
        public Object eval(Renderer r, Scope s) {
            Object left = first.eval(r, s);
            for (int i = 0; i < ops.size(); i++) {
                Object right = rest.get(i).eval(r, s);
                if (!Ops.compare(ops.get(i), left, right)) return false;
                left = right;
            }
            return true;
        }
    }

    record Cond(Expr test, Expr then, Expr otherwise) implements Expr {
        public Object eval(Renderer r, Scope s) {
            if (Py.truthy(test.eval(r, s))) return then.eval(r, s);
            return otherwise == null ? Undefined.hint("the inline if-expression on line " + r.line
                    + " evaluated to false and no else section was defined.") : otherwise.eval(r, s);
        }
    }
}
