package org.greater4j.text;

import java.nio.file.Path;
import org.greater4j.io.ModelFormatException;

/**
 * A tokenizer file that cannot be used as it is ({@code tokenizer.json}, a llama2.c {@code tok*.bin}),
 * or a token id the tokenizer does not have. The message reads
 * {@code <file>: <what is wrong> (<value>); <how to fix it>}. A {@link ModelFormatException}, so
 * callers that handle bad model files handle this too.
 */
public class TokenizerFormatException extends ModelFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file    the tokenizer file (may be null)
     * @param message what is wrong, the offending value, and how to fix it
     */
    public TokenizerFormatException(Path file, String message) {
        super(file, message);
    }

    /**
     * @param file    the tokenizer file (may be null)
     * @param message what is wrong, the offending value, and how to fix it
     * @param cause   the parser's exception
     */
    public TokenizerFormatException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
