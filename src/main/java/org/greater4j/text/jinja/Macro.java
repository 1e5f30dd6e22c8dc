package org.greater4j.text.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code {% macro %}} (or the body of a {@code {% call %}} block, as {@code caller}): calling it renders
 * its body in a new frame over the frame it was defined in, and returns the text. Missing arguments are
 * Undefined, as in jinja2; extra positional arguments go to {@code varargs}, unknown keywords to
 * {@code kwargs}.
 */
final class Macro implements Callee {
    private final String name;
    private final List<String> params;
    private final List<Expr> defaults;
    private final List<Stmt> body;
    private final Scope defined;

    Macro(String name, List<String> params, List<Expr> defaults, List<Stmt> body, Scope defined) {
        this.name = name;
        this.params = params;
        this.defaults = defaults;
        this.body = body;
        this.defined = defined;
    }

    @Override
    public Object call(Renderer r, List<Object> args, Map<String, Object> kwargs) {
        r.enter();
        int savedLine = r.line;
        try {
            Scope frame = new Scope(defined);
            Map<String, Object> extra = new LinkedHashMap<>(kwargs);
            int firstDefault = params.size() - defaults.size();
            for (int i = 0; i < params.size(); i++) {
                String p = params.get(i);
                if (i < args.size()) {
                    if (extra.containsKey(p)) {
                        throw JinjaException.render("TypeError: macro '" + name + "' got multiple values for argument '" + p + "'");
                    }
                    frame.set(p, args.get(i));
                } else if (extra.containsKey(p)) {
                    frame.set(p, extra.remove(p));
                } else if (i >= firstDefault) {
                    frame.set(p, defaults.get(i - firstDefault).eval(r, frame));
                } else {
                    frame.set(p, Undefined.hint("parameter '" + p + "' was not provided"));
                }
            }
            Object callerArg = extra.remove("caller");
            if (callerArg != null) frame.set("caller", callerArg);
            frame.set("varargs", new PyTuple(args.size() > params.size() ? args.subList(params.size(), args.size())
                    : new ArrayList<>()));
            frame.set("kwargs", new LinkedHashMap<Object, Object>(extra));
            return r.capture(() -> Stmt.execAll(r, frame, body));
        } finally {
            r.line = savedLine;
            r.leave();
        }
    }

    @Override
    public String toString() {
        return "<Macro '" + name + "'>";
    }
}
