package org.greater4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A llama2.c checkpoint in the legacy (v0) format karpathy's tinyllamas use: seven int32 header
 * fields (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len; a negative vocab
 * means an unshared classifier), then float32 weights. Tensors are returned under HuggingFace Llama
 * names with q/k rows permuted from llama2.c's interleaved RoPE pairs to HF's rotate-half layout,
 * so one forward pass serves both formats.
 */
public final class Llama2cCheckpoint {
    /** The header. */
    public record Header(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocab, int seqLen, boolean shared) {}

    private final Header header;
    private final Map<String, TensorData> tensors;

    private Llama2cCheckpoint(Header header, Map<String, TensorData> tensors) {
        this.header = header;
        this.tensors = tensors;
    }

    /** The header fields. */
    public Header header() {
        return header;
    }

    /** Tensors under HF names (model.embed_tokens.weight, model.layers.N.self_attn.q_proj.weight, ...). */
    public Map<String, TensorData> tensors() {
        return tensors;
    }

    /** Reads and validates a checkpoint; a wrong size or header is an error naming the file. */
    public static Llama2cCheckpoint read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 28) throw new ModelFormatException(file, "is " + size + " bytes: too short for a llama2.c checkpoint");
            ByteBuffer hb = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
            while (hb.hasRemaining()) if (ch.read(hb, hb.position()) < 0) break;
            hb.flip();
            int magic = hb.getInt(0);
            if (magic == 0x616b3432) {
                throw new ModelFormatException(file, "is a llama2.c v1/v2 export (magic 'ak42'); only the legacy v0 format "
                        + "is read; export with --version 0 or convert the model to HuggingFace format");
            }
            int dim = hb.getInt(), hidden = hb.getInt(), layers = hb.getInt(), heads = hb.getInt(), kvHeads = hb.getInt(),
                    vocab = hb.getInt(), seq = hb.getInt();
            boolean shared = vocab > 0;
            vocab = Math.abs(vocab);
            if (dim <= 0 || hidden <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || vocab <= 0 || seq <= 0
                    || dim % heads != 0 || heads % kvHeads != 0 || (dim / heads) % 2 != 0 || dim > 1 << 16 || layers > 1024
                    || hidden > 1 << 20 || vocab > 1 << 22 || seq > 1 << 24) {
                throw new ModelFormatException(file, String.format("has an implausible header (dim %d, hidden %d, layers %d, heads %d, "
                        + "kv heads %d, vocab %d, seq_len %d; each must be positive, heads must divide dim into even head "
                        + "sizes, kv heads must divide heads, dim <= 65536, hidden <= 2^20, layers <= 1024, vocab <= 2^22, "
                        + "seq_len <= 2^24): not a llama2.c v0 checkpoint", dim, hidden, layers, heads, kvHeads, vocab, seq));
            }
            Header h = new Header(dim, hidden, layers, heads, kvHeads, vocab, seq, shared);
            int headDim = dim / heads;
            long kvDim = (long) kvHeads * headDim;
            long[] parts = {(long) vocab * dim, (long) layers * dim, (long) layers * dim * dim, layers * dim * kvDim,
                layers * dim * kvDim, (long) layers * dim * dim, (long) layers * dim, (long) layers * dim * hidden,
                (long) layers * dim * hidden, (long) layers * dim * hidden, dim, (long) seq * headDim, shared ? 0 : (long) vocab * dim};
            long floats = 0;
            for (long n : parts) {
                if (n > Integer.MAX_VALUE - 8) {
                    throw new ModelFormatException(file, "header (dim " + dim + ", hidden " + hidden + ", " + layers + " layers, vocab "
                            + vocab + ") implies a tensor of " + n + " floats; greater4j reads llama2.c tensors of up to 2^31 "
                            + "floats: convert the model to HuggingFace safetensors");
                }
                floats += n;
            }
            long expected = 28 + floats * 4;
            if (size != expected) {
                throw new ModelFormatException(file, "is " + size + " bytes but its header (dim " + dim + ", " + layers
                        + " layers, vocab " + vocab + ") implies " + expected + " bytes: truncated or not a v0 checkpoint");
            }
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 28, size - 28).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer fb = all.asFloatBuffer();
            Map<String, TensorData> t = new LinkedHashMap<>();
            float[] emb = take(fb, (long) vocab * dim);
            t.put("model.embed_tokens.weight", TensorData.ofFloats("model.embed_tokens.weight", new long[] {vocab, dim}, emb));
            float[] rmsAtt = take(fb, (long) layers * dim);
            float[] wq = take(fb, (long) layers * dim * dim);
            float[] wk = take(fb, layers * dim * kvDim);
            float[] wv = take(fb, layers * dim * kvDim);
            float[] wo = take(fb, (long) layers * dim * dim);
            float[] rmsFfn = take(fb, (long) layers * dim);
            float[] w1 = take(fb, (long) layers * dim * hidden);
            float[] w2 = take(fb, (long) layers * dim * hidden);
            float[] w3 = take(fb, (long) layers * dim * hidden);
            float[] rmsFinal = take(fb, dim);
            take(fb, (long) seq * headDim); // precomputed RoPE tables, unused
            for (int l = 0; l < layers; l++) {
                String p = "model.layers." + l + ".";
                put(t, p + "input_layernorm.weight", slice(rmsAtt, l, dim), dim);
                put(t, p + "self_attn.q_proj.weight", permute(slice(wq, l, dim * dim), heads, dim, dim), dim, dim);
                put(t, p + "self_attn.k_proj.weight", permute(slice(wk, l, (int) (dim * kvDim)), kvHeads, (int) kvDim, dim), kvDim, dim);
                put(t, p + "self_attn.v_proj.weight", slice(wv, l, (int) (dim * kvDim)), kvDim, dim);
                put(t, p + "self_attn.o_proj.weight", slice(wo, l, dim * dim), dim, dim);
                put(t, p + "post_attention_layernorm.weight", slice(rmsFfn, l, dim), dim);
                put(t, p + "mlp.gate_proj.weight", slice(w1, l, dim * hidden), hidden, dim);
                put(t, p + "mlp.down_proj.weight", slice(w2, l, dim * hidden), dim, hidden);
                put(t, p + "mlp.up_proj.weight", slice(w3, l, dim * hidden), hidden, dim);
            }
            put(t, "model.norm.weight", rmsFinal, dim);
            if (!shared) put(t, "lm_head.weight", take(fb, (long) vocab * dim), vocab, dim);
            return new Llama2cCheckpoint(h, t);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file, "does not exist");
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static float[] take(FloatBuffer fb, long n) {
        float[] a = new float[Math.toIntExact(n)];
        fb.get(a);
        return a;
    }

    private static float[] slice(float[] a, int layer, int n) {
        return java.util.Arrays.copyOfRange(a, layer * n, (layer + 1) * n);
    }

    private static void put(Map<String, TensorData> t, String name, float[] v, long... shape) {
        t.put(name, TensorData.ofFloats(name, shape, v));
    }

    /**
     * HF's conversion permute: rows of each head reordered from interleaved pairs (2i, 2i+1) to
     * halves (i, i + headDim/2): {@code w.view(heads, rows/heads/2, 2, cols).transpose(1, 2)}.
     */
    static float[] permute(float[] w, int heads, int rows, int cols) {
        float[] out = new float[w.length];
        int hd = rows / heads;
        int half = hd / 2;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    int src = h * hd + 2 * i + j;
                    int dst = h * hd + j * half + i;
                    System.arraycopy(w, src * cols, out, dst * cols, cols);
                }
            }
        }
        return out;
    }
}
