package org.greater4j.task;

import java.nio.file.Path;

/**
 * A data file that cannot be read as it is: a malformed CSV record, JSON line or field value. The
 * message names the file, the 1-based line where the offending record starts, the offending value
 * and what to do about it.
 */
public class DatasetFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    /**
     * @param file    the file at fault (may be null for in-memory text)
     * @param line    1-based line where the offending record starts, or 0 when unknown
     * @param message what is wrong (naming the value) and how to fix it
     */
    public DatasetFormatException(Path file, long line, String message) {
        this(file, line, message, null);
    }

    /**
     * Same as {@link #DatasetFormatException(Path, long, String)} with the underlying cause.
     *
     * @param file    the file at fault (may be null)
     * @param line    1-based line where the offending record starts, or 0 when unknown
     * @param message what is wrong and how to fix it
     * @param cause   the parser's exception
     */
    public DatasetFormatException(Path file, long line, String message, Throwable cause) {
        super(prefix(file, line) + message, cause);
        this.file = file;
        this.line = line;
    }

    /** @return the file at fault, or null when the text did not come from a file */
    public Path file() {
        return file;
    }

    /** @return the 1-based line where the offending record starts, or 0 when unknown */
    public long line() {
        return line;
    }

    private static String prefix(Path file, long line) {
        if (file == null) return line > 0 ? "line " + line + ": " : "";
        return line > 0 ? file + ":" + line + ": " : file + ": ";
    }
}
