package org.greater4j.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.greater4j.model.KvCache;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.ModelConfig;
import org.greater4j.model.Padded;
import org.greater4j.model.Transformer;
import org.greater4j.text.Tokenizer;

/**
 * Batched autoregressive generation with a KV cache: one prefill of the left-padded prompts, then
 * one token per row per step. Rows that finish leave the batch (their cache rows are dropped).
 */
public final class Generator {
    private final LanguageModel model;
    private final Tokenizer tokenizer; // may be null: then stop strings are unavailable and text is null

    private Generator(LanguageModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** A generator over {@code model}, decoding with its own tokenizer when it has one. */
    public static Generator of(LanguageModel model) {
        return new Generator(model, model.tokenizer().orElse(null));
    }

    /** A generator decoding with {@code tokenizer} (may be null). */
    public static Generator of(LanguageModel model, Tokenizer tokenizer) {
        return new Generator(model, tokenizer);
    }

    /** Generates one continuation of {@code prompt}. */
    public Generation generate(int[] prompt, GenerationConfig cfg) {
        return generate(new int[][] {prompt}, cfg, TokenListener.NONE).get(0);
    }

    /**
     * Generates a continuation of every prompt (ids used verbatim; each must be non-empty). Greedy
     * results do not depend on batching. Returns one {@link Generation} per prompt, in order.
     */
    public List<Generation> generate(int[][] prompts, GenerationConfig cfg, TokenListener listener) {
        for (int i = 0; i < prompts.length; i++) {
            if (prompts[i].length == 0) throw new IllegalArgumentException("prompt " + i + " is empty: start it with BOS");
        }
        if (!cfg.stopStrings().isEmpty() && tokenizer == null) {
            throw new IllegalArgumentException("stop strings need a tokenizer; the model has none");
        }
        try (KvCache cache = model.newCache(prompts.length)) {
            return generate(cache, prompts, cfg, listener);
        }
    }

    /**
     * Runs the model over {@code prefixes} (left-padded, each non-empty) and keeps their keys and values
     * in a new cache, to be continued with {@link #generate(KvCache, int[][], GenerationConfig, TokenListener)},
     * usually after {@link KvCache#select} copied each prefix into several rows. The caller closes it.
     */
    public KvCache prefill(int[][] prefixes) {
        for (int i = 0; i < prefixes.length; i++) {
            if (prefixes[i].length == 0) throw new IllegalArgumentException("prefix " + i + " is empty: start it with BOS");
        }
        Transformer tf = model.transformer();
        KvCache cache = model.newCache(prefixes.length);
        try (NDManager sm = model.manager().newSubManager()) {
            Padded p = Padded.left(prefixes, 0);
            tf.layers(sm, tf.embed(sm, p.ids()), p.real(), cache);
        } catch (RuntimeException e) {
            cache.close();
            throw e;
        }
        return cache;
    }

    /**
     * Generates continuations after what {@code cache} already holds (e.g. a shared prefix selected
     * for several rows with {@link KvCache#select}): {@code tails[b]} are appended to row b first
     * (middle padding is handled), then generation runs. The cache is consumed.
     */
    public List<Generation> generate(KvCache cache, int[][] tails, GenerationConfig cfg, TokenListener listener) {
        return generate(cache, tails, cfg, listener, DecodeCount.Sink.NONE);
    }

    /** {@link #generate(KvCache, int[][], GenerationConfig, TokenListener)}, reporting its forward calls and tokens to {@code counts}. */
    public List<Generation> generate(KvCache cache, int[][] tails, GenerationConfig cfg, TokenListener listener, DecodeCount.Sink counts) {
        ModelConfig mc = model.config();
        Transformer tf = model.transformer();
        int n = tails.length;
        if (cache.batchSize() != n) throw new IllegalArgumentException("cache has " + cache.batchSize() + " rows for " + n + " tails");
        List<List<Integer>> out = new ArrayList<>();
        Generation.StopReason[] reason = new Generation.StopReason[n];
        String[] text = new String[n];
        SplittableRandom[] rng = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
            rng[i] = new SplittableRandom(cfg.seed() + i);
        }
        int[] active = new int[n]; // active position -> original row
        for (int i = 0; i < n; i++) active[i] = i;
        KvCache c = cache;
        Padded p = Padded.left(tails, 0);
        int[][] stepIds = p.ids();
        boolean[][] stepReal = p.real();
        int maxLen = Arrays.stream(tails).mapToInt(a -> a.length).max().orElse(0);
        long calls = 0;
        try {
            for (int step = 0; ; step++) {
                calls++;
                int[] next;
                try (NDManager sm = model.manager().newSubManager()) {
                    NDArray x = tf.embed(sm, stepIds);
                    NDArray h = tf.layers(sm, x, stepReal, c);
                    int last = stepIds[0].length - 1;
                    int[][] at = new int[active.length][] ;
                    for (int b = 0; b < active.length; b++) at[b] = new int[] {last};
                    NDArray logits = tf.logitsAt(sm, h, at).squeeze(1); // [B, V]
                    next = cfg.temperature() == 0 ? argmax(logits) : sample(logits, cfg, active, rng);
                }
                List<Integer> still = new ArrayList<>();
                for (int b = 0; b < active.length; b++) {
                    int row = active[b];
                    int id = next[b];
                    int total = c.tokens(b);
                    if (isStop(id, mc, cfg)) {
                        reason[row] = Generation.StopReason.EOS;
                        continue;
                    }
                    out.get(row).add(id);
                    listener.onToken(row, id);
                    if (!cfg.stopStrings().isEmpty()) {
                        String t = tokenizer.decode(toArray(out.get(row)), false);
                        int cut = firstStop(t, cfg.stopStrings());
                        if (cut >= 0) {
                            text[row] = t.substring(0, cut);
                            reason[row] = Generation.StopReason.STOP_STRING;
                            continue;
                        }
                    }
                    if (out.get(row).size() >= cfg.maxNewTokens()) {
                        reason[row] = Generation.StopReason.MAX_TOKENS;
                        continue;
                    }
                    if (total + 1 >= mc.maxPositions()) {
                        reason[row] = Generation.StopReason.CONTEXT;
                        continue;
                    }
                    still.add(b);
                }
                if (cfg.maxNewTokens() == 0) {
                    for (int row : active) if (reason[row] == null) reason[row] = Generation.StopReason.MAX_TOKENS;
                    break;
                }
                if (still.isEmpty()) break;
                int[] keep = still.stream().mapToInt(Integer::intValue).toArray();
                if (keep.length < active.length) {
                    KvCache smaller = c.select(keep);
                    if (c != cache) c.close();
                    c = smaller;
                    int[] na = new int[keep.length];
                    int[] nn = new int[keep.length];
                    for (int i = 0; i < keep.length; i++) {
                        na[i] = active[keep[i]];
                        nn[i] = next[keep[i]];
                    }
                    active = na;
                    next = nn;
                }
                stepIds = new int[active.length][1];
                stepReal = new boolean[active.length][1];
                for (int b = 0; b < active.length; b++) {
                    stepIds[b][0] = next[b];
                    stepReal[b][0] = true;
                }
            }
        } finally {
            if (c != cache) c.close();
        }
        counts.add(new DecodeCount(calls, 0, 0, out.stream().mapToLong(List::size).sum(), 0));
        List<Generation> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] toks = toArray(out.get(i));
            String t = text[i];
            if (t == null && tokenizer != null) t = tokenizer.decode(toks, false);
            if (reason[i] == Generation.StopReason.STOP_STRING) toks = trimToText(toks, t);
            result.add(new Generation(toks, t, reason[i]));
        }
        return result;
    }

    /** Tokens whose decoded text is a prefix of the cut text (the tokens before the stop string). */
    private int[] trimToText(int[] toks, String cutText) {
        int k = toks.length;
        while (k > 0 && tokenizer.decode(Arrays.copyOf(toks, k), false).length() > cutText.length()) k--;
        return Arrays.copyOf(toks, k);
    }

    private boolean isStop(int id, ModelConfig mc, GenerationConfig cfg) {
        if (mc.isEos(id)) return true;
        if (tokenizer != null && !model.isLlama2c() && id == tokenizer.eosId()) return true;
        for (int s : cfg.stopIds()) if (s == id) return true;
        return false;
    }

    static int firstStop(String text, List<String> stops) {
        int best = -1;
        for (String s : stops) {
            int i = text.indexOf(s);
            if (i >= 0 && (best < 0 || i < best)) best = i;
        }
        return best;
    }

    private static int[] argmax(NDArray logits) {
        long[] a = logits.argMax(1).toLongArray();
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (int) a[i];
        return out;
    }

    private static int[] sample(NDArray logits, GenerationConfig cfg, int[] active, SplittableRandom[] rng) {
        NDArray probs = logits.toType(DataType.FLOAT32, false).div((float) cfg.temperature()).softmax(1);
        float[] p = probs.toFloatArray();
        int v = (int) logits.getShape().get(1);
        int[] out = new int[active.length];
        for (int b = 0; b < active.length; b++) {
            out[b] = samplerow(p, b * v, v, cfg.topP(), rng[active[b]]);
        }
        return out;
    }

    /** Nucleus sampling of one row: the smallest set of most likely tokens with mass >= topP. */
    static int samplerow(float[] p, int off, int v, double topP, SplittableRandom r) {
        double u = r.nextDouble();
        if (topP >= 1.0) {
            double acc = 0;
            for (int i = 0; i < v; i++) {
                acc += p[off + i];
                if (u < acc) return i;
            }
            return v - 1;
        }
        Integer[] idx = new Integer[v];
        for (int i = 0; i < v; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Float.compare(p[off + b], p[off + a]));
        double mass = 0;
        int k = 0;
        while (k < v && mass < topP) mass += p[off + idx[k++]];
        double target = u * mass;
        double acc = 0;
        for (int i = 0; i < k; i++) {
            acc += p[off + idx[i]];
            if (target < acc) return idx[i];
        }
        return idx[k - 1];
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
