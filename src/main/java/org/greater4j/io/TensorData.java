package org.greater4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One tensor read from a checkpoint: its name, shape, stored dtype, and a little-endian view of
 * its raw bytes (usually a slice of a memory-mapped file; nothing is copied until
 * {@link #toFloats()}).
 */
public final class TensorData {
    private final String name;
    private final long[] shape;
    private final DType dtype;
    private final ByteBuffer[] chunks; // little-endian, in order; several only for tensors over 2 GiB

    /**
     * Wraps raw little-endian bytes.
     *
     * @throws IllegalArgumentException unless {@code chunks} together hold exactly numel x dtype size
     *     bytes, with no negative dimension and no overflow
     */
    public TensorData(String name, long[] shape, DType dtype, ByteBuffer... chunks) {
        this.name = name;
        this.shape = shape.clone();
        this.dtype = dtype;
        this.chunks = chunks;
        long bytes = 0;
        for (ByteBuffer c : chunks) bytes += c.capacity();
        long expected;
        try {
            long n = 1;
            for (long s : this.shape) {
                if (s < 0) throw new ArithmeticException("negative");
                n = Math.multiplyExact(n, s);
            }
            expected = Math.multiplyExact(n, (long) dtype.bytes);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " is negative or "
                    + "overflows a long");
        }
        if (bytes != expected) {
            throw new IllegalArgumentException("tensor " + name + ": " + bytes + " bytes for shape " + Arrays.toString(shape)
                    + " of " + dtype + ", which needs " + expected);
        }
    }

    /** A tensor from floats (used for llama2.c checkpoints and by tests). */
    public static TensorData ofFloats(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new TensorData(name, shape, DType.F32, b);
    }

    public String name() { return name; }

    public long[] shape() { return shape.clone(); }

    public DType dtype() { return dtype; }

    /** Number of elements. */
    public long numel() {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }

    /**
     * The values widened to float (BF16 and F16 in Java: a BF16 NDArray would abort the JVM).
     * Throws when the tensor has more than {@code Integer.MAX_VALUE - 8} elements; use
     * {@link #toFloats(long, int)} to read such a tensor in pieces.
     */
    public float[] toFloats() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor " + name + " has " + n + " elements; read it in pieces");
        }
        return toFloats(0, (int) n);
    }

    /** {@code count} values starting at element {@code start}, widened to float. */
    public float[] toFloats(long start, int count) {
        float[] out = new float[count];
        long byteStart = start * dtype.bytes;
        int done = 0;
        long chunkStart = 0;
        for (ByteBuffer c : chunks) {
            long chunkEnd = chunkStart + c.capacity();
            while (done < count) {
                long pos = byteStart + (long) done * dtype.bytes;
                if (pos >= chunkEnd) break;
                if (pos < chunkStart) throw new IllegalStateException("chunk order");
                int local = (int) (pos - chunkStart);
                int avail = (int) ((chunkEnd - pos) / dtype.bytes);
                int n = Math.min(avail, count - done);
                decode(c, local, out, done, n);
                done += n;
            }
            chunkStart = chunkEnd;
        }
        if (done != count) throw new IllegalStateException("tensor " + name + ": read past its data");
        return out;
    }

    private void decode(ByteBuffer c, int byteOffset, float[] out, int outOff, int n) {
        ByteBuffer b = c.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position(byteOffset);
        switch (dtype) {
            case F32: {
                FloatBuffer fb = b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                fb.get(out, outOff, n);
                break;
            }
            case BF16:
                for (int i = 0; i < n; i++) {
                    int bits = b.getShort(byteOffset + 2 * i) & 0xFFFF;
                    out[outOff + i] = Float.intBitsToFloat(bits << 16);
                }
                break;
            case F16:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = halfToFloat(b.getShort(byteOffset + 2 * i));
                }
                break;
            case F64:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = (float) b.getDouble(byteOffset + 8 * i);
                }
                break;
            default:
                throw new IllegalStateException(String.valueOf(dtype));
        }
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // inf / nan
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            float v = mant * 0x1p-24f; // subnormal
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Values as doubles (F64 tensors keep their precision; used for float64 computation in tests). */
    public double[] toDoubles() {
        long n = numel();
        double[] out = new double[(int) n];
        if (dtype == DType.F64) {
            ByteBuffer b = chunks[0].duplicate().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) out[i] = b.getDouble(8 * i);
            return out;
        }
        float[] f = toFloats();
        for (int i = 0; i < n; i++) out[i] = f[i];
        return out;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
