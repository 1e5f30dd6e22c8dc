package org.greater4j.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.greater4j.model.KvCache;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.ModelConfig;
import org.greater4j.model.Padded;
import org.greater4j.model.Transformer;
import org.greater4j.text.Tokenizer;

/**
 * Greedy generation verified against drafts (self-speculative, prompt-lookup decoding): each row feeds its last
 * token plus up to {@link #chunk()} tokens of its draft (usually the reasoning of a prompt one token away) in one
 * teacher-forced pass with the KV cache, keeps the longest drafted prefix equal to the model's argmax, takes the
 * argmax after it, discards the rejected cache slots (compacting the cache once they are a third of it), and
 * re-drafts from the old text where the output falls back into it, or from another row's old text ({@link Drafter}).
 * Rows of a batch accept independently; a batch's forward calls are those of its slowest row, so drafts for rows
 * that left their own old text matter as much as the rest.
 *
 * <p>Exactness. The output is the greedy output: a token is only ever the argmax of the model's logits. A pass over
 * several tokens rounds differently from single-token steps, which matters only where the top two logits nearly tie:
 * a position of a multi-token pass whose top-2 margin is at most {@code tieTolerance x max(1, |top logit|)} is not
 * trusted; its input token is fed again alone (as plain decoding does) and the argmax of that step is taken. What
 * remains is the rounding of the keys and values cached by verification passes, far below the tolerance; greedy
 * decoding with another batch size differs from itself by the same kind of rounding.
 */
public final class DraftedGenerator {
    /** Default relative top-2 margin below which a verified position is recomputed by a single-token step. */
    public static final double DEFAULT_TIE_TOLERANCE = 1e-4;
    /** Default draft tokens verified per pass and row. */
    public static final int DEFAULT_CHUNK = 32;
    /** Padding slots left by rejected drafts below which the cache is not compacted ({@link KvCache#compact()}). */
    static final int COMPACT_MIN_SLOTS = 16;

    private final LanguageModel model;
    private final Tokenizer tokenizer; // may be null
    private final int chunk;
    private final double tieTolerance;

    private DraftedGenerator(LanguageModel model, Tokenizer tokenizer, int chunk, double tieTolerance) {
        if (chunk < 1) throw new IllegalArgumentException("draft chunk must be >= 1, got " + chunk);
        if (!(tieTolerance >= 0)) throw new IllegalArgumentException("tie tolerance must be >= 0, got " + tieTolerance);
        this.model = model;
        this.tokenizer = tokenizer;
        this.chunk = chunk;
        this.tieTolerance = tieTolerance;
    }

    /** A drafted generator with the default chunk and tie tolerance; {@code tokenizer} may be null. */
    public static DraftedGenerator of(LanguageModel model, Tokenizer tokenizer) {
        return new DraftedGenerator(model, tokenizer, DEFAULT_CHUNK, DEFAULT_TIE_TOLERANCE);
    }

    /** The same generator verifying at most {@code n} draft tokens per pass and row. */
    public DraftedGenerator withChunk(int n) {
        return new DraftedGenerator(model, tokenizer, n, tieTolerance);
    }

    /** The same generator with another relative tie tolerance (0: trust every verified argmax). */
    public DraftedGenerator withTieTolerance(double t) {
        return new DraftedGenerator(model, tokenizer, chunk, t);
    }

    /** Draft tokens verified per pass and row at most. */
    public int chunk() {
        return chunk;
    }

    /**
     * Greedy continuations of {@code prompts} (each non-empty, used verbatim), {@code drafts[i]} the draft of row i
     * (null or empty: none). The same results as {@link Generator#generate(int[][], GenerationConfig, TokenListener)}
     * with greedy {@code cfg} (stop strings are not supported). {@code counts} gets the decode's work.
     */
    public List<Generation> generate(int[][] prompts, int[][] drafts, GenerationConfig cfg, TokenListener listener,
                                     DecodeCount.Sink counts) {
        for (int i = 0; i < prompts.length; i++) {
            if (prompts[i].length == 0) throw new IllegalArgumentException("prompt " + i + " is empty: start it with BOS");
        }
        try (KvCache cache = model.newCache(prompts.length)) {
            return generate(cache, prompts, drafts, cfg, listener, counts);
        }
    }

    /**
     * {@link #generate(int[][], int[][], GenerationConfig, TokenListener, DecodeCount.Sink)} after what {@code cache}
     * holds ({@link Generator#generate(KvCache, int[][], GenerationConfig, TokenListener)}); the cache is consumed.
     */
    public List<Generation> generate(KvCache cache, int[][] tails, int[][] drafts, GenerationConfig cfg, TokenListener listener,
                                     DecodeCount.Sink counts) {
        if (cfg.temperature() != 0) throw new IllegalArgumentException("drafted generation is greedy; temperature " + cfg.temperature()
                + " needs Generator");
        if (!cfg.stopStrings().isEmpty()) throw new IllegalArgumentException("drafted generation has no stop strings; use Generator");
        int n = tails.length;
        if (cache.batchSize() != n) throw new IllegalArgumentException("cache has " + cache.batchSize() + " rows for " + n + " tails");
        if (drafts.length != n) throw new IllegalArgumentException(drafts.length + " drafts for " + n + " rows");
        Rows rows = new Rows(n, cfg, listener, drafts);
        Transformer tf = model.transformer();
        int[] active = new int[n];
        for (int i = 0; i < n; i++) active[i] = i;
        KvCache c = cache;
        long calls = 0;
        long drafted = 0;
        try {
            int[] first;
            try (NDManager sm = model.manager().newSubManager()) {
                Padded p = Padded.left(tails, 0);
                NDArray h = tf.layers(sm, tf.embed(sm, p.ids()), p.real(), c);
                int last = p.length() - 1;
                int[][] at = new int[n][];
                for (int b = 0; b < n; b++) at[b] = new int[] {last};
                first = toInts(tf.logitsAt(sm, h, at).squeeze(1).argMax(1).toLongArray());
            }
            calls++;
            List<Integer> alive = new ArrayList<>();
            for (int b = 0; b < n; b++) {
                rows.base[b] = c.tokens(b);
                if (rows.emit(b, first[b], false)) alive.add(b);
            }
            while (!alive.isEmpty()) {
                if (alive.size() < active.length) {
                    int[] keep = alive.stream().mapToInt(Integer::intValue).toArray();
                    KvCache smaller = c.select(keep);
                    if (c != cache) c.close();
                    c = smaller;
                    int[] na = new int[keep.length];
                    for (int i = 0; i < keep.length; i++) na[i] = active[keep[i]];
                    active = na;
                }
                int a = active.length;
                int[][] in = new int[a][];
                for (int b = 0; b < a; b++) {
                    in[b] = rows.input(active[b], chunk, model.config().maxPositions());
                    drafted += in[b].length - 1;
                }
                int t = Arrays.stream(in).mapToInt(x -> x.length).max().orElse(1);
                int[][] ids = new int[a][t];
                boolean[][] real = new boolean[a][t];
                int[][] at = new int[a][t];
                for (int b = 0; b < a; b++) {
                    System.arraycopy(in[b], 0, ids[b], 0, in[b].length);
                    for (int j = 0; j < t; j++) {
                        real[b][j] = j < in[b].length;
                        at[b][j] = j;
                    }
                }
                int slot0 = c.length();
                long[] am;
                float[] top;
                float[] margin = null;
                try (NDManager sm = model.manager().newSubManager()) {
                    NDArray h = tf.layers(sm, tf.embed(sm, ids), real, c); // [A, T, H]
                    NDArray lg = tf.logitsAt(sm, h, at).reshape((long) a * t, model.config().vocabSize()); // [A*T, V]
                    NDArray arg = lg.argMax(1); // [A*T]
                    am = arg.toLongArray();
                    NDArray best = lg.max(new int[] {1}); // [A*T]
                    top = best.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                    if (t > 1) {
                        NDArray hole = arg.oneHot(model.config().vocabSize()).toType(lg.getDataType(), false).mul(1e30);
                        margin = best.sub(lg.sub(hole).max(new int[] {1})).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                .toFloatArray();
                    }
                }
                calls++;
                alive.clear();
                for (int b = 0; b < a; b++) {
                    int row = active[b];
                    int k = in[b].length - 1;
                    int acc = 0;
                    boolean live = true;
                    boolean tie = false;
                    boolean trustAll = margin == null || rows.single[row];
                    while (true) {
                        int idx = b * t + acc;
                        if (!trustAll && !(margin[idx] > tieTolerance * Math.max(1.0, Math.abs(top[idx])))) {
                            tie = true;
                            break;
                        }
                        int g = (int) am[idx];
                        if (acc < k && g == in[b][acc + 1]) {
                            acc++;
                            live = rows.emit(row, g, true);
                            if (!live) break;
                            continue;
                        }
                        live = rows.emit(row, g, false);
                        break;
                    }
                    rows.single[row] = tie;
                    rows.adapt(row, k, acc, chunk);
                    if (tie) {
                        rows.nearTies++;
                        c.discard(b, slot0 + acc); // the tie position's input is fed again alone
                        rows.drafter[row].advance(acc);
                        alive.add(b);
                        continue;
                    }
                    if (!live) continue;
                    c.discard(b, slot0 + acc + 1);
                    rows.drafter[row].advance(acc + 1);
                    alive.add(b);
                }
                // rejected drafts leave padding slots behind in every row; once they are a third of the frame, drop them
                if (c.removable() >= Math.max(COMPACT_MIN_SLOTS, c.length() / 3)) c.compact();
            }
        } finally {
            if (c != cache) c.close();
        }
        counts.add(new DecodeCount(calls, drafted, rows.accepted, rows.total() - rows.acceptedOut, rows.nearTies));
        return rows.results(tokenizer);
    }

    private static int[] toInts(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (int) a[i];
        return out;
    }

    /** Per-row state of one decode: outputs, stop reasons, drafters, what was accepted. */
    private final class Rows {
        final List<List<Integer>> out = new ArrayList<>();
        final Generation.StopReason[] reason;
        final Drafter[] drafter;
        final boolean[] single;
        final int[] base;
        final int[] want;
        final GenerationConfig cfg;
        final TokenListener listener;
        long accepted;
        long acceptedOut;
        long nearTies;

        Rows(int n, GenerationConfig cfg, TokenListener listener, int[][] drafts) {
            this.cfg = cfg;
            this.listener = listener;
            reason = new Generation.StopReason[n];
            drafter = new Drafter[n];
            single = new boolean[n];
            base = new int[n];
            want = new int[n];
            Arrays.fill(want, chunk); // the first draft is tried in full: drafts are usually right
            List<int[]> pool = new ArrayList<>(); // every row's old text once (rows of one question share theirs)
            Set<int[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int[] d : drafts) if (d != null && d.length > 0 && seen.add(d)) pool.add(d);
            for (int i = 0; i < n; i++) {
                out.add(new ArrayList<>());
                drafter[i] = new Drafter(drafts[i], pool);
            }
        }

        /** The row's next input: its last token, then its draft within the token and context limits. */
        int[] input(int row, int chunk, int maxPositions) {
            List<Integer> o = out.get(row);
            int i = o.size() - 1; // index of the last token, fed at position base + i
            int k = single[row] ? 0 : Math.min(want[row], Math.min(cfg.maxNewTokens() - 1 - i, maxPositions - 2 - base[row] - i));
            int[] d = drafter[row].next(o, k);
            int[] in = new int[1 + d.length];
            in[0] = o.get(i);
            System.arraycopy(d, 0, in, 1, d.length);
            return in;
        }

        /**
         * The row's next draft length: twice as long after a fully accepted draft (up to the chunk), else two more
         * than were accepted, so rejected drafts waste few cache slots and little compute.
         */
        void adapt(int row, int fed, int acc, int chunk) {
            if (fed == 0) return;
            want[row] = acc == fed ? Math.min(chunk, 2 * Math.max(fed, want[row])) : Math.min(chunk, acc + 2);
        }

        /** Adds a token chosen by the model to a row, as plain greedy decoding would; false when the row ends. */
        boolean emit(int row, int id, boolean fromDraft) {
            if (fromDraft) accepted++;
            if (isStop(id, model.config(), cfg)) {
                reason[row] = Generation.StopReason.EOS;
                return false;
            }
            List<Integer> o = out.get(row);
            o.add(id);
            if (fromDraft) acceptedOut++;
            listener.onToken(row, id);
            if (o.size() >= cfg.maxNewTokens()) {
                reason[row] = Generation.StopReason.MAX_TOKENS;
                return false;
            }
            if (base[row] + o.size() >= model.config().maxPositions()) {
                reason[row] = Generation.StopReason.CONTEXT;
                return false;
            }
            return true;
        }

        long total() {
            return out.stream().mapToLong(List::size).sum();
        }

        List<Generation> results(Tokenizer tok) {
            List<Generation> r = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                int[] toks = out.get(i).stream().mapToInt(Integer::intValue).toArray();
                r.add(new Generation(toks, tok == null ? null : tok.decode(toks, false), reason[i]));
            }
            return r;
        }
    }

    private boolean isStop(int id, ModelConfig mc, GenerationConfig cfg) {
        if (mc.isEos(id)) return true;
        if (tokenizer != null && !model.isLlama2c() && id == tokenizer.eosId()) return true;
        for (int s : cfg.stopIds()) if (s == id) return true;
        return false;
    }
}
