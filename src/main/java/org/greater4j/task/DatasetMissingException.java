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
    private final String group;

    /**
     * @param file    the file that was looked for
     * @param group   the {@code fetch.sh} group that provides it ({@code gsm8k}, {@code bbh},
     *                {@code folio}, {@code greater-splits}), or null when no group does (file tasks)
     * @param message what is missing, where it was looked for, and how to fetch it
     */
    public DatasetMissingException(Path file, String group, String message) {
        super(message);
        this.file = file;
        this.group = group;
    }

    /** @return the {@code fetch.sh} group that provides the file, or null when none does */
    public String group() {
        return group;
    }

    /** @return the file that was looked for and not found */
    public Path file() {
        return file;
    }
}
