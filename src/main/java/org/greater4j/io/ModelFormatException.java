package org.greater4j.io;

import java.nio.file.Path;

/**
 * A model, tokenizer or config file that cannot be read as it is. The message names the file, the
 * offending value and what to do about it.
 */
public class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param file the file at fault (may be null); @param message what is wrong and how to fix it */
    public ModelFormatException(Path file, String message) {
        super(file == null ? message : file + ": " + message);
    }

    /** Same as {@link #ModelFormatException(Path, String)} with the underlying cause. */
    public ModelFormatException(Path file, String message, Throwable cause) {
        super(file == null ? message : file + ": " + message, cause);
    }
}
