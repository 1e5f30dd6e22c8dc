package org.greater4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Keys and values of every layer for a batch of sequences, plus which cached frame slots are real
 * tokens (left or middle padding is allowed) and their RoPE positions. Run state, separate from the
 * immutable model. Not thread-safe. Close it to free its native memory.
 *
 * <p>Frames: every sequence of the batch occupies the same number of slots ({@link #length()});
 * a padding slot is never attended to by a real token. Positions count only real tokens.
 */
public final class KvCache implements AutoCloseable {
    final NDManager manager;
    final NDArray[] keys;   // per layer [B, kvHeads, headDim, T] (stored transposed)
    final NDArray[] values; // per layer [B, kvHeads, T, headDim]
    boolean[][] real;       // [B][T] real token or padding
    int[][] positions;      // [B][T] RoPE position of each slot
    final int[] count;      // real tokens per row so far
    int length;
    final int batch;
    /**
     * [B, T, hidden] every cached slot's input embedding, kept only for a model whose RoPE depends on the
     * sequence length (longrope), to recompute the cache when a row crosses the switch length; else null.
     */
    NDArray inputs;

    KvCache(NDManager parent, int layers, int batch) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.batch = batch;
        this.count = new int[batch];
        this.real = new boolean[batch][0];
        this.positions = new int[batch][0];
    }

    /** Sequences in the batch. */
    public int batchSize() {
        return batch;
    }

    /** Frame slots cached per sequence (padding included). */
    public int length() {
        return length;
    }

    /** Real tokens cached for row {@code b}. */
    public int tokens(int b) {
        return count[b];
    }

    /**
     * Turns row {@code b}'s slots {@code from .. length-1} into padding: no later token attends to them and the
     * row's token count forgets them (so later tokens take their positions). Used to discard drafted tokens a
     * verification pass rejected; the slots stay allocated until {@link #compact()}. Slots already padding are
     * unchanged.
     */
    public void discard(int b, int from) {
        if (b < 0 || b >= batch || from < 0 || from > length) {
            throw new IllegalArgumentException("row " + b + " slots from " + from + " are outside the cache (" + batch + " rows, "
                    + length + " slots)");
        }
        for (int i = from; i < length; i++) {
            if (real[b][i]) {
                real[b][i] = false;
                count[b]--;
            }
        }
    }

    /** Records the slots of newly appended tokens (called by the forward pass). */
    void appendSlots(boolean[][] newReal, int[][] newPos, int t) {
        for (int b = 0; b < batch; b++) {
            boolean[] r = Arrays.copyOf(real[b], length + t);
            int[] p = Arrays.copyOf(positions[b], length + t);
            System.arraycopy(newReal[b], 0, r, length, t);
            System.arraycopy(newPos[b], 0, p, length, t);
            real[b] = r;
            positions[b] = p;
            for (int i = 0; i < t; i++) if (newReal[b][i]) count[b]++;
        }
        length += t;
    }

    /** Appends input embeddings [B, T, hidden] of new slots (length-dependent RoPE only). */
    void appendInputs(NDArray x) {
        NDArray all = inputs == null ? x.duplicate() : inputs.concat(x, 1);
        all.attach(manager);
        if (inputs != null) inputs.close();
        inputs = all;
    }

    /** Forgets every cached slot (the forward then refills it); the stored inputs are returned to the caller. */
    NDArray clear() {
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) {
                keys[l].close();
                values[l].close();
            }
            keys[l] = null;
            values[l] = null;
        }
        NDArray in = inputs;
        inputs = null;
        for (int b = 0; b < batch; b++) {
            real[b] = new boolean[0];
            positions[b] = new int[0];
            count[b] = 0;
        }
        length = 0;
        return in;
    }

    /**
     * A new cache whose row i is a copy of this cache's row {@code rows[i]}: several continuations of
     * one cached prefix share its computation. This cache is unchanged.
     */
    public KvCache select(int[] rows) {
        KvCache c = new KvCache(manager.getParentManager(), keys.length, rows.length);
        try (NDManager sm = manager.newSubManager()) {
            NDArray idx = sm.create(Arrays.stream(rows).asLongStream().toArray());
            for (int l = 0; l < keys.length; l++) {
                if (keys[l] == null) continue;
                c.keys[l] = keys[l].get(idx);
                c.values[l] = values[l].get(idx);
                c.keys[l].attach(c.manager);
                c.values[l].attach(c.manager);
            }
            if (inputs != null) {
                c.inputs = inputs.get(idx);
                c.inputs.attach(c.manager);
            }
        }
        for (int i = 0; i < rows.length; i++) {
            c.real[i] = real[rows[i]].clone();
            c.positions[i] = positions[rows[i]].clone();
            c.count[i] = count[rows[i]];
        }
        c.length = length;
        return c;
    }

    /**
     * Slots that {@link #compact()} would free: the frame length minus the most real tokens of any row.
     */
    public int removable() {
        int most = 0;
        for (int c : count) most = Math.max(most, c);
        return length - most;
    }

    /**
     * Drops padding slots in place: each row keeps its real slots in order, right-aligned in a frame as long as the
     * row with the most real tokens (shorter rows start with padding). Keys, values, positions and which slot is real
     * are kept, so later tokens attend to exactly the same keys; only the frame shrinks (verification passes of
     * drafted decoding leave the slots of rejected drafts behind as padding, {@link #discard}).
     */
    public void compact() {
        int most = length - removable();
        if (most == length) return;
        long[] flat = new long[batch * most];
        boolean[][] nr = new boolean[batch][most];
        int[][] np = new int[batch][most];
        for (int b = 0; b < batch; b++) {
            int j = most - count[b];
            int pad = 0;
            for (int i = 0; i < length; i++) {
                if (!real[b][i]) {
                    pad = i;
                    break;
                }
            }
            for (int k = 0; k < j; k++) flat[b * most + k] = (long) b * length + pad;
            for (int i = 0; i < length; i++) {
                if (!real[b][i]) continue;
                flat[b * most + j] = (long) b * length + i;
                nr[b][j] = true;
                np[b][j] = positions[b][i];
                j++;
            }
        }
        try (NDManager sm = manager.newSubManager()) {
            NDArray idx = sm.create(flat);
            for (int l = 0; l < keys.length; l++) {
                if (keys[l] == null) continue;
                Shape ks = keys[l].getShape(); // [B, H, D, T]
                long h = ks.get(1);
                long d = ks.get(2);
                NDArray kIn = keys[l].transpose(0, 3, 1, 2); // [B, T, H, D]
                NDArray vIn = values[l].transpose(0, 2, 1, 3);
                kIn.attach(sm); // what follows lives in sm, but for the two results
                vIn.attach(sm);
                NDArray k = kIn.reshape((long) batch * length, h * d).get(idx).reshape(batch, most, h, d).transpose(0, 2, 3, 1);
                NDArray v = vIn.reshape((long) batch * length, h * d).get(idx).reshape(batch, most, h, d).transpose(0, 2, 1, 3);
                k.attach(manager);
                v.attach(manager);
                keys[l].close();
                values[l].close();
                keys[l] = k;
                values[l] = v;
            }
            if (inputs != null) {
                long hidden = inputs.getShape().get(2);
                NDArray flatIn = inputs.reshape((long) batch * length, hidden);
                flatIn.attach(sm);
                NDArray in = flatIn.get(idx).reshape(batch, most, hidden);
                in.attach(manager);
                inputs.close();
                inputs = in;
            }
        }
        real = nr;
        positions = np;
        length = most;
    }

    @Override
    public void close() {
        manager.close();
    }
}
