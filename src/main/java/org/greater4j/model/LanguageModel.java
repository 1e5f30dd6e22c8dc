package org.greater4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.greater4j.io.Llama2cCheckpoint;
import org.greater4j.io.ModelDir;
import org.greater4j.io.ModelFormatException;
import org.greater4j.io.SafeTensors;
import org.greater4j.io.TensorData;
import org.greater4j.text.Tokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded causal language model: config, weights on a device, and (when its directory has one)
 * its tokenizer. Immutable once loaded; run state lives in {@link KvCache} and in the callers.
 * Close it to free native memory.
 */
public final class LanguageModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LanguageModel.class);

    private final Path source;
    private final ModelConfig config;
    private final NDManager manager;
    private final Transformer transformer;
    private final Tokenizer tokenizer; // may be null
    private final String storedDtype;
    private final boolean llama2c;
    private String fingerprint = "unknown";
    private String name;

    private LanguageModel(Path source, ModelConfig config, NDManager manager, Transformer transformer,
                          Tokenizer tokenizer, String storedDtype, boolean llama2c) {
        this.source = source;
        this.config = config;
        this.manager = manager;
        this.transformer = transformer;
        this.tokenizer = tokenizer;
        this.storedDtype = storedDtype;
        this.llama2c = llama2c;
    }

    /**
     * What computes the matrix products of decoding on this machine: greater4j's own C kernel (with its
     * vector width and threads), or libtorch when the kernel could not be built here.
     */
    public static String decodingKernel() {
        return NativeLinear.describe();
    }

    /** Loading options: device, compute dtype, and an explicit tokenizer path. */
    public record Options(Device device, DataType computeType, Path tokenizer) {
        /** CPU, float32, tokenizer found beside the model. */
        public static Options defaults() {
            return new Options(Device.cpu(), DataType.FLOAT32, null);
        }

        /** Same options with another compute dtype (FLOAT32 or FLOAT64). */
        public Options withComputeType(DataType t) {
            return new Options(device, t, tokenizer);
        }

        /** Same options with another device. */
        public Options withDevice(Device d) {
            return new Options(d, computeType, tokenizer);
        }

        /** Same options with an explicit tokenizer file. */
        public Options withTokenizer(Path p) {
            return new Options(device, computeType, p);
        }
    }

    /**
     * Loads a model by name ({@link ModelSpec}): a directory or {@code .bin}, {@code toy} / {@code toy-b}, or a
     * HuggingFace model id in the local cache; CPU, float32. The model remembers the name it was loaded by.
     */
    public static LanguageModel load(String spec) {
        return load(spec, Options.defaults());
    }

    /** {@link #load(String)} with options. */
    public static LanguageModel load(String spec, Options options) {
        LanguageModel m = load(ModelSpec.resolve(spec), options);
        m.name = spec;
        return m;
    }

    /** Loads a model with default options (CPU, float32). See {@link #load(Path, Options)}. */
    public static LanguageModel load(Path path) {
        return load(path, Options.defaults());
    }

    /**
     * Loads a HuggingFace model directory ({@code config.json} + {@code model.safetensors} or shards)
     * or a llama2.c checkpoint ({@code *.bin}). Weights are widened to the compute dtype in Java (a
     * BF16 native array would abort the JVM). The tokenizer is {@code options.tokenizer()} if given,
     * else {@code tokenizer.json} in the directory, else a llama2.c {@code tok*.bin} beside a .bin.
     */
    public static LanguageModel load(Path path, Options options) {
        if (!Files.exists(path)) {
            throw new ModelFormatException(path, "does not exist; --model takes a HuggingFace model directory, "
                    + "a llama2.c .bin file, or a model id in the local HuggingFace cache");
        }
        DataType ct = options.computeType();
        if (ct != DataType.FLOAT32 && ct != DataType.FLOAT64) {
            throw new IllegalArgumentException("compute dtype " + ct + " is not supported; use float32 (or float64 for checks)");
        }
        boolean isBin = Files.isRegularFile(path) && path.getFileName().toString().endsWith(".bin");
        ModelConfig cfg;
        Map<String, TensorData> tensors;
        if (isBin) {
            Llama2cCheckpoint ck = Llama2cCheckpoint.read(path);
            cfg = ModelFiles.llama2cConfig(ck.header());
            tensors = ck.tensors();
        } else if (Files.isDirectory(path)) {
            ModelDir.requireInside(path, path.resolve("config.json"), null);
            cfg = ModelConfig.read(path);
            tensors = SafeTensors.readDirectory(path);
        } else {
            throw new ModelFormatException(path, "is neither a model directory nor a llama2.c .bin checkpoint");
        }
        String stored = tensors.values().stream().map(t -> t.dtype().name()).distinct().sorted()
                .reduce((a, b) -> a + "+" + b).orElse("?");
        ModelFiles.checkMemory(path, cfg, ct);
        Tokenizer tok = ModelFiles.findTokenizer(path, options.tokenizer(), isBin, cfg);
        NDManager manager = NDManager.newBaseManager(options.device());
        try {
            Weights w = WeightLoader.load(manager, path, cfg, tensors, ct);
            LanguageModel lm = new LanguageModel(path, cfg, manager, new Transformer(cfg, w, ct), tok, stored, isBin);
            lm.fingerprint = ModelFiles.fingerprint(cfg, tensors);
            return lm;
        } catch (RuntimeException e) {
            manager.close();
            if (tok != null) tok.close();
            throw e;
        }
    }

    /**
     * A model with random weights (normal, std 0.02; norms 1) for a config: benchmarks of real
     * shapes without their checkpoints. No tokenizer.
     */
    public static LanguageModel random(ModelConfig cfg, long seed, Options options) {
        NDManager manager = NDManager.newBaseManager(options.device());
        try {
            manager.getEngine().setRandomSeed((int) seed);
            DataType ct = options.computeType();
            Weights w = WeightLoader.random(manager, cfg, ct);
            return new LanguageModel(Path.of("random-" + cfg.family().modelType), cfg, manager, new Transformer(cfg, w, ct),
                    null, "random " + ct, false);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The model's name for people: the name it was loaded by ({@code toy}, {@code Qwen/Qwen3-1.7B}, a path as
     * given), else its folder's or file's name.
     */
    public String name() {
        if (name != null) return name;
        Path f = source.getFileName();
        return f == null ? source.toString() : f.toString();
    }

    /** Where the model was loaded from. */
    public Path source() {
        return source;
    }

    /** The architecture. */
    public ModelConfig config() {
        return config;
    }

    /** The engine-level forward functions (NDArray API) for generation and the optimizer. */
    public Transformer transformer() {
        return transformer;
    }

    /** The model's tokenizer, if one was found or given. */
    public Optional<Tokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    /** The tokenizer, or an error saying how to supply one. */
    public Tokenizer requireTokenizer() {
        if (tokenizer == null) {
            throw new ModelFormatException(source, "has no tokenizer (no tokenizer.json beside it); pass --tokenizer PATH "
                    + "pointing at a tokenizer.json or a llama2.c tok*.bin");
        }
        return tokenizer;
    }

    /** The dtype(s) the weights were stored in ("F32", "BF16", ...). */
    public String storedDtype() {
        return storedDtype;
    }

    /** True for a llama2.c checkpoint (generation then stops on BOS, as run.c does). */
    public boolean isLlama2c() {
        return llama2c;
    }

    /** The manager owning the weights; operations open sub-managers of it. */
    public NDManager manager() {
        return manager;
    }

    /** A new empty KV cache for {@code batch} sequences. */
    public KvCache newCache(int batch) {
        return new KvCache(manager, config.numLayers(), batch);
    }

    /** Logits at every position of one sequence, ids used verbatim: [T][vocab]. */
    public float[][] logits(int[] ids) {
        int[] all = new int[ids.length];
        for (int i = 0; i < ids.length; i++) all[i] = i;
        return logits(new int[][] {ids}, new int[][] {all})[0];
    }

    /**
     * Logits of a batch of sequences (any lengths; left-padded internally) at chosen positions of
     * each: {@code at[b]} are indices into {@code sequences[b]}. Returns [B][K_b][vocab].
     */
    public float[][][] logits(int[][] sequences, int[][] at) {
        Padded p = Padded.left(sequences, 0);
        int k = Arrays.stream(at).mapToInt(a -> a.length).max().orElse(0);
        int[][] frameAt = new int[sequences.length][k];
        for (int b = 0; b < sequences.length; b++) {
            for (int j = 0; j < k; j++) {
                int src = at[b].length == 0 ? 0 : at[b][Math.min(j, at[b].length - 1)];
                if (src < 0 || src >= sequences[b].length) {
                    throw new IllegalArgumentException("position " + src + " is outside sequence " + b + " of length " + sequences[b].length);
                }
                frameAt[b][j] = p.offset(b) + src;
            }
        }
        try (NDManager sm = manager.newSubManager()) {
            NDArray x = transformer.embed(sm, p.ids());
            NDArray h = transformer.layers(sm, x, p.real(), null);
            NDArray lg = transformer.logitsAt(sm, h, frameAt).toType(DataType.FLOAT32, false); // [B, K, V]
            float[] flat = lg.toFloatArray();
            int v = config.vocabSize();
            float[][][] out = new float[sequences.length][][];
            for (int b = 0; b < sequences.length; b++) {
                out[b] = new float[at[b].length][];
                for (int j = 0; j < at[b].length; j++) {
                    out[b][j] = Arrays.copyOfRange(flat, (b * k + j) * v, (b * k + j + 1) * v);
                }
            }
            return out;
        }
    }

    /**
     * Teacher-forced scores: for row b and each chosen position {@code at[b][j]}, the log-probability
     * of {@code targets[b][j]} under the next-token distribution there, and the argmax token. Rows may
     * differ in length and in how many positions they read. Log-softmax, gather and argmax run natively.
     */
    public TokenScores scoreTokens(int[][] sequences, int[][] at, int[][] targets) {
        Padded p = Padded.left(sequences, 0);
        int b = sequences.length;
        int k = Math.max(1, Arrays.stream(at).mapToInt(a -> a.length).max().orElse(1));
        int[][] frameAt = new int[b][k];
        long[] tgt = new long[b * k];
        for (int i = 0; i < b; i++) {
            if (at[i].length != targets[i].length) throw new IllegalArgumentException("row " + i + ": positions and targets differ in count");
            for (int j = 0; j < k; j++) {
                int src = at[i].length == 0 ? 0 : at[i][Math.min(j, at[i].length - 1)];
                if (src < 0 || src >= sequences[i].length) {
                    throw new IllegalArgumentException("position " + src + " is outside sequence " + i + " of length " + sequences[i].length);
                }
                frameAt[i][j] = p.offset(i) + src;
                tgt[i * k + j] = at[i].length == 0 ? 0 : targets[i][Math.min(j, at[i].length - 1)];
            }
        }
        try (NDManager sm = manager.newSubManager()) {
            NDArray x = transformer.embed(sm, p.ids());
            NDArray h = transformer.layers(sm, x, p.real(), null);
            NDArray logp = transformer.logitsAt(sm, h, frameAt).reshape(b * k, config.vocabSize()).logSoftmax(1); // [B*K, V]
            return pick(sm, logp, tgt, at, b, k);
        }
    }

    /**
     * {@link #scoreTokens} for rows that continue shared prefixes (candidates that differ after a common
     * beginning): row r is {@code prefixes[prefixOf[r]]} followed by {@code tails[r]}; {@code at[r]}
     * index that whole row, so they may fall in the prefix or the tail. Each prefix runs through the
     * model once, its keys and values are copied to its rows ({@link KvCache#select}), and only the
     * tails run per row. The same scores as {@link #scoreTokens} on the concatenated rows, up to float
     * rounding.
     */
    public TokenScores scoreTokens(int[][] prefixes, int[] prefixOf, int[][] tails, int[][] at, int[][] targets) {
        int r = tails.length;
        if (prefixOf.length != r || at.length != r || targets.length != r) {
            throw new IllegalArgumentException("prefixOf, tails, at and targets need one entry per row");
        }
        int k = Math.max(1, Arrays.stream(at).mapToInt(a -> a.length).max().orElse(1));
        try (NDManager sm = manager.newSubManager(); KvCache cache = newCache(prefixes.length)) {
            Padded pp = Padded.left(prefixes, 0);
            NDArray hp = transformer.layers(sm, transformer.embed(sm, pp.ids()), pp.real(), cache); // [P, Tp, H]
            Padded pt;
            NDArray ht;
            try (KvCache rows = cache.select(prefixOf)) {
                pt = Padded.left(tails, 0);
                ht = transformer.layers(sm, transformer.embed(sm, pt.ids()), pt.real(), rows); // [R, Tt, H]
            }
            int tp = pp.length();
            int tt = pt.length();
            long hidden = hp.getShape().get(2);
            long[] flat = new long[r * k];
            long[] tgt = new long[r * k];
            for (int i = 0; i < r; i++) {
                if (at[i].length != targets[i].length) throw new IllegalArgumentException("row " + i + ": positions and targets differ in count");
                int plen = prefixes[prefixOf[i]].length;
                for (int j = 0; j < k; j++) {
                    int src = at[i].length == 0 ? 0 : at[i][Math.min(j, at[i].length - 1)];
                    if (src < 0 || src >= plen + tails[i].length) {
                        throw new IllegalArgumentException("position " + src + " is outside row " + i + " of length " + (plen + tails[i].length));
                    }
                    flat[i * k + j] = src < plen ? (long) prefixOf[i] * tp + pp.offset(prefixOf[i]) + src
                            : (long) prefixes.length * tp + (long) i * tt + pt.offset(i) + (src - plen);
                    tgt[i * k + j] = at[i].length == 0 ? 0 : targets[i][Math.min(j, at[i].length - 1)];
                }
            }
            NDArray all = hp.reshape(prefixes.length * (long) tp, hidden).concat(ht.reshape((long) r * tt, hidden), 0);
            NDArray logp = transformer.head(all.get(sm.create(flat))).logSoftmax(1); // [R*K, V]
            return pick(sm, logp, tgt, at, r, k);
        }
    }

    /** Log-probabilities of the targets and the argmax, from [rows * k, vocab] log-softmax rows. */
    private static TokenScores pick(NDManager sm, NDArray logp, long[] tgt, int[][] at, int b, int k) {
        NDArray picked = logp.get(new ai.djl.ndarray.index.NDIndex().addAllDim().addPickDim(sm.create(tgt).reshape((long) b * k, 1)));
        double[] lp = picked.toType(DataType.FLOAT64, false).toDoubleArray();
        long[] am = logp.argMax(1).toLongArray();
        double[][] outLp = new double[b][];
        int[][] outAm = new int[b][];
        for (int i = 0; i < b; i++) {
            outLp[i] = new double[at[i].length];
            outAm[i] = new int[at[i].length];
            for (int j = 0; j < at[i].length; j++) {
                outLp[i][j] = lp[i * k + j];
                outAm[i][j] = (int) am[i * k + j];
            }
        }
        return new TokenScores(outLp, outAm);
    }

    /**
     * Result of {@link #scoreTokens}.
     *
     * @param logProb [row][j] log-probability of the target at the j-th chosen position
     * @param argmax  [row][j] the most likely token there
     */
    public record TokenScores(double[][] logProb, int[][] argmax) {}

    /**
     * A fingerprint of the model: SHA-256 over its config and every tensor's name, dtype and shape
     * (the weight headers). Checkpoints record it so that a run cannot resume on another model.
     */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public void close() {
        ParallelLinear.forget(manager);
        manager.close();
        if (tokenizer != null) tokenizer.close();
    }

    @Override
    public String toString() {
        return String.format("%s %s (%d layers, hidden %d, vocab %d, %,d parameters, %s)", config.family(),
                source.getFileName(), config.numLayers(), config.hiddenSize(), config.vocabSize(),
                config.parameterCount(), storedDtype);
    }
}
