package org.greater4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reading tensors split over several mapped chunks (as tensors over 2 GiB are) and dtype widening. */
class TensorDataTest {

    private static ByteBuffer[] chunks(byte[] all, int... sizes) {
        ByteBuffer[] out = new ByteBuffer[sizes.length];
        int off = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = ByteBuffer.wrap(Arrays.copyOfRange(all, off, off + sizes[i])).order(ByteOrder.LITTLE_ENDIAN);
            off += sizes[i];
        }
        assertThat(off).isEqualTo(all.length);
        return out;
    }

    @Test
    void chunkedReadsEqualOneBuffer() {
        int n = 1000;
        ByteBuffer f32 = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer bf16 = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer f16 = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            float v = (float) Math.sin(i * 0.37) * (i % 7 == 0 ? 1000 : 1);
            expected[i] = v;
            f32.putFloat(v);
            bf16.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        // binary16 values with known floats: 0, 1, -2, 0.5, 65504 (max), smallest subnormal
        short[] halves = {0x0000, 0x3c00, (short) 0xc000, 0x3800, 0x7bff, 0x0001};
        float[] halfValues = {0f, 1f, -2f, 0.5f, 65504f, 0x1p-24f};
        for (int i = 0; i < n; i++) f16.putShort(halves[i % halves.length]);

        TensorData one = new TensorData("t", new long[] {n}, DType.F32, ByteBuffer.wrap(f32.array()).order(ByteOrder.LITTLE_ENDIAN));
        TensorData split = new TensorData("t", new long[] {n}, DType.F32, chunks(f32.array(), 1200, 4, 2796));
        assertThat(split.toFloats()).containsExactly(one.toFloats());
        assertThat(split.toFloats()).containsExactly(expected);
        assertThat(split.toFloats(299, 3)).containsExactly(Arrays.copyOfRange(expected, 299, 302)); // across the 1st boundary

        TensorData b = new TensorData("b", new long[] {n}, DType.BF16, chunks(bf16.array(), 600, 2, 1398));
        float[] bv = b.toFloats();
        for (int i = 0; i < n; i++) {
            assertThat(bv[i]).isEqualTo(Float.intBitsToFloat(Float.floatToIntBits(expected[i]) & 0xFFFF0000));
        }
        TensorData h = new TensorData("h", new long[] {n}, DType.F16, chunks(f16.array(), 10, 1990));
        float[] hv = h.toFloats();
        for (int i = 0; i < n; i++) assertThat(hv[i]).isEqualTo(halfValues[i % halves.length]);
        assertThat(SafeTensors.MAX_MAP % 8).isZero();
        assertThat(SafeTensors.MAX_MAP).isLessThan(Integer.MAX_VALUE);
    }
}
