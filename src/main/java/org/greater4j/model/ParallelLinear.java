package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code linear(x, W, b)} that splits a large weight's rows between the calling thread and one
 * helper thread when x has only a few rows (decoding). libtorch's CPU fp32 matrix-vector product
 * runs on one thread here (about 13 GB/s of the machine's 32 GB/s), so two concurrent halves stream
 * the weight nearly twice as fast. Larger inputs (prefill, gradients) go to one GEMM, which libtorch
 * already parallelizes. Each output element is the same dot product either way.
 */
final class ParallelLinear {
    /** Weights with at least this many elements are split. */
    static final long MIN_ELEMENTS = 1L << 21;
    /** Inputs with at most this many rows are split. */
    static final long MAX_ROWS = 4;

    private static final boolean ENABLED = Runtime.getRuntime().availableProcessors() >= 2
            && !"false".equalsIgnoreCase(System.getProperty("greater4j.parallelLinear", "true"));
    private static final ExecutorService POOL = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "greater4j-linear");
        t.setDaemon(true);
        return t;
    });
    private static final Map<NDArray, NDArray[]> HALVES = Collections.synchronizedMap(new IdentityHashMap<>());

    private ParallelLinear() {}

    /** x: [..., in], w: [out, in], b: [out] or null -> [..., out]. */
    static NDArray apply(NDArray x, NDArray w, NDArray b) {
        long rows = x.getShape().size() / x.getShape().get(x.getShape().dimension() - 1);
        if (!ENABLED || rows > MAX_ROWS || w.getShape().size() < MIN_ELEMENTS || w.getShape().get(0) < 2) {
            return Linear.linear(x, w, b).singletonOrThrow();
        }
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
            NDArray second = other.get();
            return first.concat(second, x.getShape().dimension() - 1);
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
    }
}
