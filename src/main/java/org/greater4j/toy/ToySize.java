package org.greater4j.toy;

import java.util.Locale;

/**
 * The shape of a toy Llama model: RMSNorm eps 1e-5, RoPE theta 1e4 (rotate-half), SwiGLU, tied
 * embeddings, no biases.
 *
 * @param hidden       model width
 * @param layers       decoder layers
 * @param heads        query heads
 * @param kvHeads      key/value heads (grouped-query attention); divides {@code heads}
 * @param ffn          SwiGLU width
 * @param maxPositions {@code max_position_embeddings}
 */
public record ToySize(int hidden, int layers, int heads, int kvHeads, int ffn, int maxPositions) {

    /** The shipped model: d 128, 4 layers, 4 heads (2 KV), SwiGLU 384, context 128. */
    public static final ToySize DEFAULT = new ToySize(128, 4, 4, 2, 384, 128);
    /** A smaller model: d 96, 3 layers, 4 heads (2 KV), SwiGLU 256, context 128. */
    public static final ToySize SMALL = new ToySize(96, 3, 4, 2, 256, 128);
    /** A tiny model for tests: d 32, 2 layers, 4 heads (2 KV), SwiGLU 64, context 128. */
    public static final ToySize TINY = new ToySize(32, 2, 4, 2, 64, 128);

    /** Checks the shape. */
    public ToySize {
        if (hidden <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || ffn <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("every size must be positive: " + this);
        }
        if (hidden % heads != 0 || heads % kvHeads != 0 || (hidden / heads) % 2 != 0) {
            throw new IllegalArgumentException("hidden " + hidden + " must split into " + heads + " heads of even size, "
                    + "and heads must be a multiple of kvHeads " + kvHeads);
        }
    }

    /** Size by name: {@code default}, {@code small} or {@code tiny}. */
    public static ToySize named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "default" -> DEFAULT;
            case "small" -> SMALL;
            case "tiny" -> TINY;
            default -> throw new IllegalArgumentException("unknown toy size '" + name + "': use default, small or tiny");
        };
    }

    /** Width of one head. */
    public int headDim() {
        return hidden / heads;
    }

    /** Number of parameters for a vocabulary of {@code vocab} tokens (tied embeddings). */
    public long parameters(int vocab) {
        long kv = (long) kvHeads * headDim();
        long perLayer = 2L * hidden + 2L * hidden * hidden + 2L * kv * hidden + 3L * hidden * ffn;
        return (long) vocab * hidden + layers * perLayer + hidden;
    }
}
