package org.greater4j.task;

import java.nio.file.Path;

/**
 * A dataset file that is not where the data directory says it should be. The message names the
 * missing file, how the data directory was chosen, and the command that fetches the data
 * ({@code datasets/fetch.sh}).
 */
public class DatasetMissingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file    the file that was looked for
     * @param message what is missing, where it was looked for, and how to fetch it
     */
    public DatasetMissingException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /** @return the file that was looked for and not found */
    public Path file() {
        return file;
    }
}
