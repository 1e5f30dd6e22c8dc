package org.greater4j.text.jinja;

import java.util.List;

/** jinja2's {@code loop} variable: position in the loop, neighbours, {@code cycle}, {@code changed}, recursion. */
final class LoopContext implements Callee {
    final List<?> items;
    final int depth0;
    final Callee recurse;
    int index0;
    private Object lastChanged = Undefined.PLAIN;
    private boolean changedCalled;

    LoopContext(List<?> items, int depth0, Callee recurse) {
        this.items = items;
        this.depth0 = depth0;
        this.recurse = recurse;
    }

    /** An attribute of {@code loop}, or Undefined. */
    Object attr(String name) {
        int n = items.size();
        return switch (name) {
            case "index" -> (long) index0 + 1;
            case "index0" -> (long) index0;
            case "revindex" -> (long) (n - index0);
            case "revindex0" -> (long) (n - index0 - 1);
            case "first" -> index0 == 0;
            case "last" -> index0 == n - 1;
            case "length" -> (long) n;
            case "depth" -> (long) depth0 + 1;
            case "depth0" -> (long) depth0;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : Undefined.hint("there is no previous item");
            case "nextitem" -> index0 + 1 < n ? items.get(index0 + 1) : Undefined.hint("there is no next item");
            case "cycle" -> (Callee) (r, args, kw) -> {
                if (args.isEmpty()) throw JinjaException.render("TypeError: no items for cycling given");
                return args.get(index0 % args.size());
            };
            case "changed" -> (Callee) (r, args, kw) -> {
                Object now = new PyTuple(args);
                if (changedCalled && Py.eq(now, lastChanged)) return false;
                changedCalled = true;
                lastChanged = now;
                return true;
            };
            default -> Undefined.attribute(this, name);
        };
    }

    /** {@code loop(items)} in a recursive loop: renders the loop body over {@code items}, one level deeper. */
    @Override
    public Object call(Renderer r, List<Object> args, java.util.Map<String, Object> kwargs) {
        if (recurse == null) {
            throw JinjaException.render("TypeError: Tried to call non recursive loop. Maybe you forgot the 'recursive' modifier.");
        }
        return recurse.call(r, args, kwargs);
    }

    @Override
    public String toString() {
        return "<LoopContext " + (index0 + 1) + "/" + items.size() + ">";
    }
}
