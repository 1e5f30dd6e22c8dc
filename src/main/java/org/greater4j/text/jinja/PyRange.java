package org.greater4j.text.jinja;

import java.util.AbstractList;

/** Python's {@code range}: a lazy, immutable sequence of longs that prints as {@code range(a, b)}. */
final class PyRange extends AbstractList<Object> {
    final long start;
    final long stop;
    final long step;
    private final int size;

    PyRange(long start, long stop, long step) {
        this.start = start;
        this.stop = stop;
        this.step = step;
        long n;
        try {
            n = step > 0 ? Math.addExact(Math.subtractExact(stop, start), step - 1) / step
                    : Math.subtractExact(Math.subtractExact(start, stop), step + 1) / -step;
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE;
        }
        this.size = (int) Math.max(0, Math.min(n, Integer.MAX_VALUE));
    }

    @Override
    public Object get(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
        return start + index * step;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return "range(" + start + ", " + stop + (step == 1 ? "" : ", " + step) + ")";
    }
}
