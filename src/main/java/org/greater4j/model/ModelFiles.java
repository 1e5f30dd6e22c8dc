package org.greater4j.model;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.greater4j.io.Llama2cCheckpoint;
import org.greater4j.io.ModelDir;
import org.greater4j.io.ModelFormatException;
import org.greater4j.io.TensorData;
import org.greater4j.text.Tokenizer;

/**
 * What {@link LanguageModel#load} reads and checks besides the weights: a llama2.c header as a config, the tokenizer
 * that belongs to a model (inside its directory, or beside a .bin), whether the weights fit in memory, and the
 * fingerprint that names a model's config and tensor layout in a run's identity.
 */
final class ModelFiles {
    private ModelFiles() {}

    /** SHA-256 of the config and of every tensor's name, dtype and shape (not the values: cheap, and enough to tell models apart). */
    static String fingerprint(ModelConfig cfg, Map<String, TensorData> tensors) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            String c = cfg.toString().replaceAll("\\[[IZ]@[0-9a-f]+", "") + Arrays.toString(cfg.eosTokenIds());
            md.update(c.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (var e : new java.util.TreeMap<>(tensors).entrySet()) {
                md.update((e.getKey() + e.getValue().dtype() + Arrays.toString(e.getValue().shape())).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A llama2.c header as a Llama config (RMSNorm eps 1e-5, RoPE theta 1e4, BOS 1; run.c stops on BOS). */
    static ModelConfig llama2cConfig(Llama2cCheckpoint.Header h) {
        int headDim = h.dim() / h.heads();
        return new ModelConfig(Family.LLAMA, h.dim(), h.hiddenDim(), h.layers(), h.heads(), h.kvHeads(), headDim,
                h.vocab(), h.seqLen(), 1e-5, h.shared(),
                ModelConfig.LayerAttention.uniform(h.layers(), 0, new Rope.Default(10000.0, headDim)), 0, 0, 0, "silu",
                1, new int[] {1}, "float32");
    }

    static Tokenizer findTokenizer(Path model, Path explicit, boolean isBin, ModelConfig cfg) {
        Tokenizer tok = null;
        if (explicit != null) {
            tok = Tokenizer.load(explicit);
        } else if (!isBin && Files.exists(model.resolve("tokenizer.json"))) {
            tok = Tokenizer.load(ModelDir.requireInside(model, model.resolve("tokenizer.json"), null));
        } else if (isBin) {
            Path dir = model.toAbsolutePath().getParent();
            for (String name : new String[] {"tokenizer.bin", "tok" + cfg.vocabSize() + ".bin"}) {
                if (Files.exists(dir.resolve(name))) {
                    tok = Tokenizer.load(dir.resolve(name));
                    break;
                }
            }
        }
        if (tok != null && tok.vocabSize() > cfg.vocabSize()) {
            int n = tok.vocabSize();
            tok.close();
            throw new ModelFormatException(tok.source(), "has " + n + " tokens but the model's vocabulary is "
                    + cfg.vocabSize() + "; pass the tokenizer that belongs to this model");
        }
        return tok;
    }

    static void checkMemory(Path path, ModelConfig cfg, DataType ct) {
        double need = (double) cfg.parameterCount() * (ct == DataType.FLOAT64 ? 8 : 4); // no overflow: a double
        long avail = availableMemory();
        if (avail > 0 && need > avail) {
            throw new ModelFormatException(path, String.format("needs about %.1f GiB for its weights in %s but only %.1f GiB "
                    + "of memory is available; free memory or use a smaller model (or check the sizes in config.json)",
                    need / 1073741824.0, ct, avail / 1073741824.0));
        }
    }

    /** MemAvailable from /proc/meminfo in bytes, or -1 when unknown. */
    static long availableMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

}
