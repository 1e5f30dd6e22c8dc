package org.greater4j.text;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text to token ids and back. Implementations: {@link HfTokenizer} (a HuggingFace
 * {@code tokenizer.json}, truncation off) and {@link Llama2cTokenizer} (llama2.c {@code tok*.bin}).
 * Immutable and thread-safe for reading.
 */
public interface Tokenizer extends AutoCloseable {

    /** Ids of {@code text} with no special tokens added (no BOS even when the tokenizer adds one by default). */
    int[] encode(String text);

    /** Ids of {@code text} with the tokenizer's own special tokens (e.g. BOS) added as its post-processor does. */
    int[] encodeWithSpecials(String text);

    /**
     * Text of {@code ids}; special tokens are kept when {@code skipSpecial} is false. Ids at or above
     * {@link #vocabSize()} (the padding rows of a model whose embedding is larger than its
     * tokenizer) decode to nothing, as in the tokenizers library.
     *
     * @throws TokenizerFormatException for a negative id
     */
    String decode(int[] ids, boolean skipSpecial);

    /** Text of {@code ids} with special tokens kept. */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /** The raw vocabulary string of one id (e.g. {@code "Ġthe"} or {@code "▁the"}); null when out of range. */
    String tokenString(int id);

    /**
     * The text one token contributes when decoded on its own, special tokens included.
     *
     * @throws TokenizerFormatException when {@code id} is not in {@code [0, vocabSize())}
     */
    default String tokenText(int id) {
        if (id < 0 || id >= vocabSize()) throw badId(this, id);
        return decode(new int[] {id}, false);
    }

    /** The error for a token id outside {@code [0, vocabSize())}, naming the tokenizer, the id and the range. */
    static TokenizerFormatException badId(Tokenizer t, int id) {
        return new TokenizerFormatException(t.source(), "token id " + id + " is outside the vocabulary [0, " + t.vocabSize()
                + "); token ids come from this tokenizer (or the model it belongs to)");
    }

    /** Id of an exact vocabulary string, or -1. */
    int tokenId(String token);

    /** Vocabulary size (highest id + 1, added tokens included). */
    int vocabSize();

    /** BOS id, or -1 when the tokenizer has none. */
    int bosId();

    /** EOS id, or -1 when the tokenizer has none. */
    int eosId();

    /** Where the tokenizer was read from (for error messages and run identity). */
    Path source();

    @Override
    void close();

    /**
     * Opens a tokenizer file: a {@code tokenizer.json}, a directory holding one, or a llama2.c
     * {@code tok*.bin}.
     */
    static Tokenizer load(Path path) {
        if (Files.isDirectory(path)) {
            Path json = path.resolve("tokenizer.json");
            if (!Files.exists(json)) {
                throw new TokenizerFormatException(path, "has no tokenizer.json; pass --tokenizer PATH pointing at a "
                        + "tokenizer.json or a llama2.c tok*.bin");
            }
            return HfTokenizer.load(json);
        }
        if (!Files.exists(path)) {
            throw new TokenizerFormatException(path, "tokenizer file does not exist; pass --tokenizer PATH pointing at a "
                    + "tokenizer.json or a llama2.c tok*.bin");
        }
        String name = path.getFileName().toString();
        if (name.endsWith(".bin")) return Llama2cTokenizer.load(path);
        return HfTokenizer.load(path);
    }
}
