package org.greater4j.optimize;

/** Defensive copies of nested arrays, for the immutable values. */
final class Copy {
    private Copy() {}

    static int[][] deep(int[][] a) {
        if (a == null) return new int[0][];
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i] == null ? new int[0] : a[i].clone();
        return c;
    }

    static double[] of(double[] a) {
        return a == null ? new double[0] : a.clone();
    }

    static int[] of(int[] a) {
        return a == null ? new int[0] : a.clone();
    }
}
