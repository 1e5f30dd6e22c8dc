package org.greater4j.text.jinja;

/**
 * The state of one render: where output goes, the limits and how much of them is used, the current
 * template line (for error messages) and the call depth.
 */
final class Renderer {
    final Limits limits;
    private final long deadline;
    private long allocated;
    private int callDepth;
    int line;
    private StringBuilder out = new StringBuilder();

    Renderer(Limits limits) {
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.timeLimit().toNanos();
    }

    /** Fails once the render has taken longer than its time limit; called in loops, calls and output. */
    void tick() {
        if (System.nanoTime() > deadline) {
            throw JinjaException.limit("rendering took longer than the time limit of " + limits.timeLimit().toMillis()
                    + " ms (a template loops too long)");
        }
    }

    /** Accounts for a string of {@code chars} characters about to be built; fails before it is when too big. */
    void string(long chars) {
        if (chars > limits.maxStringChars()) {
            throw JinjaException.limit("a string of " + chars + " characters exceeds the limit of "
                    + limits.maxStringChars());
        }
        spend(chars);
    }

    /** Accounts for a list of {@code items} items about to be built; fails before it is when too big. */
    void list(long items) {
        if (items > limits.maxListItems()) {
            throw JinjaException.limit("a list of " + items + " items exceeds the limit of " + limits.maxListItems());
        }
        spend(items);
    }

    private void spend(long n) {
        allocated += n;
        if (allocated > limits.maxAllocated()) {
            throw JinjaException.limit("the template built more than " + limits.maxAllocated()
                    + " characters and list items in all");
        }
    }

    void write(String s) {
        if (s.isEmpty()) return;
        if ((long) out.length() + s.length() > limits.maxOutputChars()) {
            throw JinjaException.limit("the output exceeds the limit of " + limits.maxOutputChars() + " characters");
        }
        tick();
        out.append(s);
    }

    /** Runs {@code body} with output going to a fresh buffer, and returns what it wrote. */
    String capture(Runnable body) {
        StringBuilder saved = out;
        out = new StringBuilder();
        try {
            body.run();
            string(out.length());
            return out.toString();
        } finally {
            out = saved;
        }
    }

    String output() {
        return out.toString();
    }

    /** Enters a macro call or recursive loop; fails past the call-depth limit. */
    void enter() {
        if (++callDepth > limits.maxCallDepth()) {
            callDepth--;
            throw JinjaException.limit("macro calls or recursive loops nest deeper than " + limits.maxCallDepth());
        }
        tick();
    }

    void leave() {
        callDepth--;
    }
}
