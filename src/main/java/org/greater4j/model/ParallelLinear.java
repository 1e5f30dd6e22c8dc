package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code linear(x, W, b)} for the forward pass. Inputs of a few rows (decoding) that need no gradient
 * go to greater4j's own kernel ({@link NativeLinear}) when it is available, the weight's rows
 * split between libtorch's own OpenMP threads. Otherwise, and for every input that needs a
 * gradient or has many rows (prefill, gradients), libtorch computes it: one call, which libtorch
 * parallelizes, except that without the kernel a large weight's rows are still split between two
 * threads for a few input rows (libtorch's fp32 matrix-vector product ran on one thread on a 2-core
 * AMD EPYC, at about 40% of the machine's bandwidth).
 *
 * <p>Measured on a 2-core Xeon reading 30 GB/s (weights of a Qwen2-0.5B shape, cold in cache;
 * libtorch 2.7.1 with oneMKL, both on 2 threads), kernel vs libtorch: the 9728 x 896 gate/up weight
 * times 1 row 1.67 vs 1.68 ms, 4 rows 1.79 vs 3.37, 16 rows 3.43 vs 6.17, 32 rows 5.77 vs 8.73; the
 * 151936 x 896 output head times 1 row 18.4 vs 22.7 ms, 16 rows 51.6 vs 92.8. The 896 x 4864 down
 * weight times 1 row is the one case where libtorch was ahead (0.63 vs 0.76 ms). Each output is the
 * same dot product either way, summed in another order (float32 differences of about 1e-6 relative).
 */
final class ParallelLinear {
    /** Without the kernel: weights with at least this many elements are split. */
    static final long MIN_ELEMENTS = 1L << 21;
    /** Without the kernel: inputs with at most this many rows are split. */
    static final long MAX_ROWS = 4;
    /**
     * Inputs with at most this many rows go to the kernel. (On the Xeon, at 32 rows it is ahead for every
     * weight of the 0.5B shape but q/k/v, 4% behind there; at 48 rows it is still ahead for the gate/up
     * weight and the output head and behind for the down weight. Prefill and gradients, which have more
     * rows, stay on libtorch's GEMM.)
     */
    static final long NATIVE_MAX_ROWS = 32;
    /** Weights with fewer elements stay on libtorch: their products are a few microseconds either way. */
    static final long NATIVE_MIN_ELEMENTS = 1L << 16;
    /** Weights with at least this many elements are split between libtorch's OpenMP threads in the kernel. */
    static final long NATIVE_SPLIT_ELEMENTS = 1L << 19;

    private static final boolean ENABLED = Runtime.getRuntime().availableProcessors() >= 2
            && !"false".equalsIgnoreCase(System.getProperty("greater4j.parallelLinear", "true"));
    private static final ExecutorService POOL = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "greater4j-linear");
        t.setDaemon(true);
        return t;
    });
    private static final Map<NDArray, NDArray[]> HALVES = Collections.synchronizedMap(new IdentityHashMap<>());
    /** Direct buffers over weights' memory (the weights are contiguous and outlive their entries). */
    private static final Map<NDArray, ByteBuffer> BUFFERS = Collections.synchronizedMap(new IdentityHashMap<>());

    private ParallelLinear() {}

    /** x: [..., in], w: [out, in], b: [out] or null -> [..., out]. */
    static NDArray apply(NDArray x, NDArray w, NDArray b) {
        long in = x.getShape().get(x.getShape().dimension() - 1);
        long rows = x.getShape().size() / in;
        long elements = w.getShape().size();
        if (elements >= NATIVE_MIN_ELEMENTS && NativeLinear.applies(x, w, b, rows, NATIVE_MAX_ROWS)) {
            return nativeLinear(x, w, b, rows, in, elements >= NATIVE_SPLIT_ELEMENTS);
        }
        if (NativeLinear.AVAILABLE || !ENABLED || rows > MAX_ROWS || elements < MIN_ELEMENTS || w.getShape().get(0) < 2) {
            return Linear.linear(x, w, b).singletonOrThrow();
        }
        return split(x, w, b);
    }

    private static NDArray nativeLinear(NDArray x, NDArray w, NDArray b, long rows, long in, boolean parallel) {
        long out = w.getShape().get(0);
        ByteBuffer wb = BUFFERS.computeIfAbsent(w, a -> a.toByteBuffer(true));
        ByteBuffer bb = b == null ? null : BUFFERS.computeIfAbsent(b, a -> a.toByteBuffer(true));
        ByteBuffer xb = x.toByteBuffer(true);
        NDArray y = NativeLinear.output(x, out);
        ByteBuffer yb = y.toByteBuffer(true);
        NativeLinear.linear(xb, wb, bb, yb, rows, in, out, parallel);
        return y;
    }

    private static NDArray split(NDArray x, NDArray w, NDArray b) {
        NDArray[] h = HALVES.computeIfAbsent(w, ParallelLinear::split);
        NDArray[] bh = b == null ? null : HALVES.computeIfAbsent(b, ParallelLinear::split);
        NDManager target = x.getManager();
        Future<NDArray> other = POOL.submit(() -> {
            NDArray y = Linear.linear(x, h[1], bh == null ? null : bh[1]).singletonOrThrow();
            y.attach(target);
            return y;
        });
        NDArray first = Linear.linear(x, h[0], bh == null ? null : bh[0]).singletonOrThrow();
        try {
            return first.concat(other.get(), x.getShape().dimension() - 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a forward pass", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("forward pass failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Row halves of a weight (views kept with the weight's manager). */
    private static NDArray[] split(NDArray w) {
        long half = w.getShape().get(0) / 2;
        NDArray a = w.get("0:" + half);
        NDArray c = w.get(half + ":");
        a.attach(w.getManager());
        c.attach(w.getManager());
        return new NDArray[] {a, c};
    }

    /** Forgets the halves of weights that belong to a closed model. */
    static void forget(NDManager weightsManager) {
        synchronized (HALVES) {
            HALVES.keySet().removeIf(k -> k.getManager() == weightsManager);
        }
        synchronized (BUFFERS) {
            BUFFERS.keySet().removeIf(k -> k.getManager() == weightsManager);
        }
    }
}
