package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A statement of the template's AST; executing it writes output and may assign variables in its frame. */
sealed interface Stmt {
    int line();

    void exec(Renderer r, Scope s);

    /** Executes statements in order, keeping the renderer's line current for error messages. */
    static void execAll(Renderer r, Scope s, List<Stmt> body) {
        for (Stmt st : body) {
            r.line = st.line();
            st.exec(r, s);
        }
    }

    /** {@code {% break %}} and {@code {% continue %}} unwind to their loop as this signal. */
    final class LoopSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final LoopSignal BREAK = new LoopSignal();
        static final LoopSignal CONTINUE = new LoopSignal();

        private LoopSignal() {
            super(null, null, false, false);
        }
    }

    /** The name under which block set and filter blocks hand their captured text to a filter chain. */
    String CAPTURED = "\u0000captured";

    record Text(int line, String text) implements Stmt {
        public void exec(Renderer r, Scope s) {
            r.write(text);
        }
    }

    record Print(int line, Expr expr) implements Stmt {
        public void exec(Renderer r, Scope s) {
            Object v = expr.eval(r, s);
            String str = Py.str(v);
            if (!(v instanceof String)) r.string(str.length());
            r.write(str);
        }
    }

    record If(int line, List<Expr> tests, List<List<Stmt>> bodies, List<Stmt> otherwise) implements Stmt {
        public void exec(Renderer r, Scope s) {
            for (int i = 0; i < tests.size(); i++) {
                if (Py.truthy(tests.get(i).eval(r, s))) {
                    execAll(r, s, bodies.get(i));
                    return;
                }
            }
            execAll(r, s, otherwise);
        }
    }

    record For(int line, List<String> targets, boolean unpack, Expr iter, Expr filter, List<Stmt> body,
               List<Stmt> otherwise, boolean recursive) implements Stmt {
        public void exec(Renderer r, Scope s) {
            run(r, s, iter.eval(r, s), 0);
        }

        private void run(Renderer r, Scope s, Object iterable, int depth) {
            List<?> all = Py.iterate(iterable);
            List<Object> items = new ArrayList<>(all.size());
            for (Object item : all) {
                r.tick();
                if (filter != null) {
                    Scope f = new Scope(s);
                    bind(f, item);
                    if (!Py.truthy(filter.eval(r, f))) continue;
                }
                items.add(item);
            }
            if (items.isEmpty()) {
                execAll(r, new Scope(s), otherwise);
                return;
            }
            Callee recurse = !recursive ? null : (r2, args, kw) -> {
                r2.enter();
                try {
                    return r2.capture(() -> run(r2, s, args.isEmpty() ? Undefined.PLAIN : args.get(0), depth + 1));
                } finally {
                    r2.leave();
                }
            };
            LoopContext loop = new LoopContext(items, depth, recurse);
            for (int i = 0; i < items.size(); i++) {
                r.tick();
                loop.index0 = i;
                Scope it = new Scope(s);
                bind(it, items.get(i));
                it.set("loop", loop);
                try {
                    execAll(r, it, body);
                } catch (LoopSignal sig) {
                    if (sig == LoopSignal.BREAK) break;
                }
                r.line = line;
            }
        }

        private void bind(Scope it, Object item) {
            assign(it, targets, unpack, item);
        }
    }

    /** Assigns {@code value} to one name, or unpacks it over several as Python does. */
    static void assign(Scope s, List<String> targets, boolean unpack, Object value) {
        if (!unpack) {
            s.set(targets.get(0), value);
            return;
        }
        List<?> parts = Py.iterate(value);
        if (parts.size() != targets.size()) {
            throw JinjaException.render("ValueError: " + (parts.size() < targets.size()
                    ? "not enough values to unpack (expected " + targets.size() + ", got " + parts.size() + ")"
                    : "too many values to unpack (expected " + targets.size() + ")"));
        }
        for (int i = 0; i < targets.size(); i++) s.set(targets.get(i), parts.get(i));
    }

    record Set(int line, List<String> targets, boolean unpack, Expr value) implements Stmt {
        public void exec(Renderer r, Scope s) {
            assign(s, targets, unpack, value.eval(r, s));
        }
    }

    record SetAttr(int line, String target, String attr, Expr value) implements Stmt {
        public void exec(Renderer r, Scope s) {
            Object ns = s.get(target);
            if (!(ns instanceof Namespace n)) {
                throw JinjaException.render("TemplateRuntimeError: cannot assign attribute on non-namespace object");
            }
            n.attrs.put(attr, value.eval(r, s));
        }
    }

    /** {@code {% set x %}...{% endset %}}, optionally through filters ({@code chain} reads {@link #CAPTURED}). */
    record SetBlock(int line, String target, Expr chain, List<Stmt> body) implements Stmt {
        public void exec(Renderer r, Scope s) {
            String text = r.capture(() -> execAll(r, s, body));
            Object v = text;
            if (chain != null) {
                Scope f = new Scope(s);
                f.set(CAPTURED, text);
                v = chain.eval(r, f);
            }
            s.set(target, v);
        }
    }

    record FilterBlock(int line, Expr chain, List<Stmt> body) implements Stmt {
        public void exec(Renderer r, Scope s) {
            String text = r.capture(() -> execAll(r, s, body));
            Scope f = new Scope(s);
            f.set(CAPTURED, text);
            r.write(Py.str(chain.eval(r, f)));
        }
    }

    record MacroDef(int line, String name, List<String> params, List<Expr> defaults, List<Stmt> body) implements Stmt {
        public void exec(Renderer r, Scope s) {
            s.set(name, new Macro(name, params, defaults, body, s));
        }
    }

    /** {@code {% call m(args) %}body{% endcall %}}: calls {@code m} with the body as its {@code caller}. */
    record CallBlock(int line, Expr fn, Expr.Args args, List<String> params, List<Expr> defaults, List<Stmt> body)
            implements Stmt {
        public void exec(Renderer r, Scope s) {
            Object f = fn.eval(r, s);
            List<Object> pos = args.positional(r, s);
            Map<String, Object> kw = new java.util.LinkedHashMap<>(args.keywords(r, s));
            kw.put("caller", new Macro("caller", params, defaults, body, s));
            r.write(Py.str(Expr.Call.call(r, f, pos, kw)));
        }
    }

    record With(int line, List<String> names, List<Expr> values, List<Stmt> body) implements Stmt {
        public void exec(Renderer r, Scope s) {
            Scope w = new Scope(s);
            for (int i = 0; i < names.size(); i++) w.set(names.get(i), values.get(i).eval(r, s));
            execAll(r, w, body);
        }
    }

    record Block(int line, List<Stmt> body) implements Stmt {
        public void exec(Renderer r, Scope s) {
            execAll(r, s, body);
        }
    }

    record Control(int line, boolean isBreak) implements Stmt {
        public void exec(Renderer r, Scope s) {
            throw isBreak ? LoopSignal.BREAK : LoopSignal.CONTINUE;
        }
    }
}
