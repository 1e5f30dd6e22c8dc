package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link Scalars}: the gradient through a constant is right even when the JVM collects garbage between the forward and
 * the backward pass (DJL's own {@code mul(Number)} reads freed memory there: a wrong or non-finite gradient).
 */
class ScalarsTest {
    private static final double[] X = {0.5, 1.25, -2.0, 3.0};

    @Test
    void gradientsSurviveAGarbageCollectionBeforeBackward() throws InterruptedException {
        for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            check(dt, "mul", Scalars::mul, 0.044715, (x, c) -> c);
            check(dt, "div", Scalars::div, 30.0, (x, c) -> 1 / c);
            check(dt, "pow", Scalars::pow, 3.0, (x, c) -> c * Math.pow(x, c - 1));
        }
    }

    @Test
    void valuesAreThoseOfDjlsNumberOperations() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x64 = m.create(new double[] {1.0});
            assertThat(Scalars.mul(x64, Math.sqrt(2.0 / Math.PI)).getDouble(0)).isEqualTo(Math.sqrt(2.0 / Math.PI));
            NDArray x32 = m.create(new float[] {1f});
            assertThat(Scalars.mul(x32, Math.sqrt(2.0 / Math.PI)).getFloat(0)).isEqualTo((float) Math.sqrt(2.0 / Math.PI));
            NDArray h = m.create(new float[] {1f, 3f, -7f}).toType(DataType.FLOAT16, true);
            NDArray y = Scalars.div(h, 7.0);
            assertThat(y.getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(y.toType(DataType.FLOAT32, false).toFloatArray()).containsExactly(h.div(7.0).toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    private static void check(DataType dt, String op, BiFunction<NDArray, Double, NDArray> f, double c,
                              BiFunction<Double, Double, Double> derivative) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = m.create(X).toType(dt, true);
            x.setRequiresGradient(true);
            NDArray y = f.apply(x, c);
            collectAndScribble();
            gc.backward(y.sum());
            double[] g = x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
            double tol = dt == DataType.FLOAT64 ? 1e-12 : 1e-5;
            for (int i = 0; i < X.length; i++) {
                double want = derivative.apply(X[i], c);
                assertThat(g[i]).as("%s %s d/dx at x = %s", dt, op, X[i]).isCloseTo(want, within(tol * Math.max(1, Math.abs(want))));
            }
        }
    }

    /** Collections until unreachable direct buffers are freed, then many small buffers written with NaN. */
    private static void collectAndScribble() throws InterruptedException {
        for (int r = 0; r < 5; r++) {
            System.gc();
            Thread.sleep(20);
        }
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            b.putDouble(0, Double.NaN);
        }
        System.gc();
        Thread.sleep(20);
    }
}
