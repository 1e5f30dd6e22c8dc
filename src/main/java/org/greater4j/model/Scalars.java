package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Arithmetic with a constant that is safe under autograd. Use these instead of DJL's {@code mul(Number)},
 * {@code div(Number)} and {@code pow(Number)} anywhere a gradient may flow.
 *
 * <p>Why: DJL's PyTorch engine makes the constant a 0-d tensor over a Java direct buffer ({@code from_blob}, no copy),
 * runs the operation, and closes that tensor. The operation's backward node has saved the constant (the derivative of
 * {@code x * c} is {@code c}), and closing the Java side drops the last Java reference to the buffer: a garbage
 * collection between the forward and the backward pass lets the JVM free that memory while the graph still points at
 * it, and the backward multiplies by whatever is there then (glibc writes its free-list pointers over a freed chunk).
 * Measured on the toy trainer: "the loss is NaN at step 5" in 2 to 6 of 16 runs with two competing busy processes, a
 * young collection during step 4 each time, the q and k gradients of layer 0 (behind {@code scores * scale}) the
 * non-finite ones. Here the constant is copied into memory libtorch owns and counts references to, so the graph keeps
 * it alive; the values are those of DJL's own operations (a float64 model keeps a double constant exact).
 */
public final class Scalars {
    private Scalars() {}

    /** {@code x * c}. */
    public static NDArray mul(NDArray x, double c) {
        try (NDArray s = owned(x, c)) {
            return x.mul(s);
        }
    }

    /** {@code x / c}. */
    public static NDArray div(NDArray x, double c) {
        try (NDArray s = owned(x, c)) {
            return x.div(s);
        }
    }

    /** {@code x ^ c}. */
    public static NDArray pow(NDArray x, double c) {
        try (NDArray s = owned(x, c)) {
            return x.pow(s);
        }
    }

    /**
     * A 0-d tensor holding {@code c}, in memory libtorch owns: float64 for a float64 {@code x}, else float32, so that the
     * constant takes part as DJL's {@code Number} operations and PyTorch's Python scalars do (a 0-d tensor does not
     * change the result's dtype; a half-precision {@code x} computes with the float32 value, not one rounded to half).
     */
    static NDArray owned(NDArray x, double c) {
        try (NDArray blob = x.getDataType() == DataType.FLOAT64 ? x.getManager().create(c) : x.getManager().create((float) c)) {
            return blob.duplicate(); // a libtorch clone: its storage is libtorch's, not the Java buffer behind create()
        }
    }
}
