package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

/** The two-thread split of a large matrix-vector product equals libtorch's single call. */
class ParallelLinearTest {
    @Test
    void splitProductEqualsTheSingleCall() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(new Shape(4099, 1024)); // odd row count, above the split threshold
            NDArray b = m.randomNormal(new Shape(4099));
            assertThat(w.getShape().size()).isGreaterThanOrEqualTo(ParallelLinear.MIN_ELEMENTS);
            for (long rows : new long[] {1, 3}) {
                try (NDManager sm = m.newSubManager()) {
                    NDArray x = sm.randomNormal(new Shape(1, rows, 1024));
                    NDArray ref = Linear.linear(x, w, b).singletonOrThrow();
                    NDArray got = ParallelLinear.apply(x, w, b);
                    assertThat(got.getShape()).isEqualTo(ref.getShape());
                    float[] r = ref.toFloatArray();
                    float[] g = got.toFloatArray();
                    double worst = 0;
                    for (int i = 0; i < r.length; i++) worst = Math.max(worst, Math.abs(r[i] - g[i]));
                    assertThat(worst).isLessThan(1e-3);
                    assertThat(got.getManager()).isSameAs(x.getManager());
                }
            }
            ParallelLinear.forget(m);
        }
    }
}
