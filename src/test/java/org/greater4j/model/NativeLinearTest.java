package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * greater4j's decoding kernel against libtorch in float64, on shapes that exercise every block and
 * remainder of it (odd output counts, an input width that is no multiple of the vector width, bias),
 * and the cases that must stay on libtorch.
 */
class NativeLinearTest {
    private static final long K = 1029; // 64 * 16 + 5: vector loop plus a scalar tail at every width
    private static final long N = 4099; // blocks of four rows (AVX-512) plus three single rows, or of three (AVX2) plus one

    @Test
    void theKernelIsBuiltWhereACompilerAndJniHeadersExist() {
        boolean cc = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "cc")));
        boolean jni = Files.isRegularFile(Path.of(System.getProperty("java.home"), "include", "jni.h"));
        assumeTrue(cc && jni && !"false".equals(System.getProperty("greater4j.nativeLinear")), "no cc or jni.h here");
        assertThat(NativeLinear.AVAILABLE).isTrue();
        assertThat(NativeLinear.vectorWidth()).isIn(4, 8, 16);
        assertThat(NativeLinear.threads()).isGreaterThanOrEqualTo(1);
        // one OpenMP runtime: the kernel's threads are libtorch's
        assertThat(NativeLinear.openMpRuntimes()).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void productsOfAFewRowsEqualAFloat64Reference() {
        assumeTrue(NativeLinear.AVAILABLE, "kernel not built here");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(new Shape(N, K));
            NDArray b = m.randomNormal(new Shape(N));
            assertThat(w.getShape().size()).isGreaterThanOrEqualTo(ParallelLinear.NATIVE_SPLIT_ELEMENTS);
            for (long rows : new long[] {1, 2, 3, 5, 7, 16, ParallelLinear.NATIVE_MAX_ROWS}) {
                for (NDArray bias : new NDArray[] {null, b}) {
                    try (NDManager sm = m.newSubManager()) {
                        NDArray x = sm.randomNormal(new Shape(1, rows, K));
                        assertThat(NativeLinear.applies(x, w, bias, rows, ParallelLinear.NATIVE_MAX_ROWS)).isTrue();
                        NDArray got = ParallelLinear.apply(x, w, bias);
                        assertThat(got.getShape()).isEqualTo(new Shape(1, rows, N));
                        assertThat(got.getManager()).isSameAs(x.getManager());
                        assertClose(got, reference(x, w, bias));
                    }
                }
            }
            ParallelLinear.forget(m);
        }
    }

    @Test
    void eachRowIsTheSameWhateverTheRowsBesideIt() {
        assumeTrue(NativeLinear.AVAILABLE, "kernel not built here");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(new Shape(N, K));
            NDArray x = m.randomNormal(new Shape(16, 1, K));
            float[] batch = ParallelLinear.apply(x, w, null).toFloatArray();
            for (int i : new int[] {0, 5, 15}) {
                float[] alone = ParallelLinear.apply(x.get(i + ":" + (i + 1)), w, null).toFloatArray();
                assertThat(Arrays.copyOfRange(batch, (int) (i * N), (int) ((i + 1) * N))).isEqualTo(alone);
            }
            ParallelLinear.forget(m);
        }
    }

    @Test
    void gradientsFloat64AndOtherLayoutsStayOnLibtorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(new Shape(N, K));
            NDArray x = m.randomNormal(new Shape(2, K));
            // a transposed view: not contiguous, so not handed to the kernel, and still the right product
            NDArray xt = m.randomNormal(new Shape(K, 2)).transpose();
            assertThat(NativeLinear.applies(xt, w, null, 2, 32)).isFalse();
            assertClose(ParallelLinear.apply(xt, w, null), reference(xt, w, null));
            assertThat(NativeLinear.applies(x.toType(DataType.FLOAT64, false), w.toType(DataType.FLOAT64, false), null, 2, 32)).isFalse();
            assertThat(NativeLinear.applies(x, w, null, 33, 32)).isFalse();
            // inside a gradient collector the product is libtorch's, so the gradient flows: d sum(x W^T) / dx = column sums of W
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray xg = x.duplicate();
                xg.setRequiresGradient(true);
                NDArray y = ParallelLinear.apply(xg, w, null);
                gc.backward(y.sum());
                float[] g = xg.getGradient().toFloatArray();
                float[] colSums = w.sum(new int[] {0}).toFloatArray();
                for (int i = 0; i < g.length; i++) assertThat(g[i]).isCloseTo(colSums[i % (int) K], org.assertj.core.data.Offset.offset(1e-2f));
            }
            ParallelLinear.forget(m);
        }
    }

    private static NDArray reference(NDArray x, NDArray w, NDArray b) {
        return Linear.linear(x.toType(DataType.FLOAT64, true), w.toType(DataType.FLOAT64, true),
                b == null ? null : b.toType(DataType.FLOAT64, true)).singletonOrThrow();
    }

    private static void assertClose(NDArray got, NDArray ref) {
        assertThat(got.getShape()).isEqualTo(ref.getShape());
        double[] r = ref.toDoubleArray();
        float[] g = got.toFloatArray();
        double worst = 0;
        for (int i = 0; i < r.length; i++) worst = Math.max(worst, Math.abs(r[i] - g[i]) / (1 + Math.abs(r[i])));
        // float32 sums of 1029 products of unit normals: about 32 * 6e-8 * sqrt(1029) relative to the row norm
        assertThat(worst).isLessThan(1e-4);
    }
}
