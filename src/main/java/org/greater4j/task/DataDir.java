package org.greater4j.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the datasets are: a directory with the layout of {@code datasets/} after
 * {@code datasets/fetch.sh} ({@code gsm8k/}, {@code bbh/bbh/}, {@code folio/v0.0/},
 * {@code greater-splits/{BBH,FOLIO,grade_school_math}/}).
 *
 * @param root   the directory
 * @param origin how it was chosen, for error messages: {@code --data}, {@code GREATER_DATA} or
 *               {@code default ./datasets}
 */
public record DataDir(Path root, String origin) {

    /** The environment variable consulted when no directory is given. */
    public static final String ENV = "GREATER_DATA";

    /** The command that fetches the datasets, named in every missing-data error. */
    public static final String FETCH_HINT = "datasets/fetch.sh";

    /**
     * Chooses the data directory: the explicit one if given, else the environment variable
     * {@code GREATER_DATA}, else {@code ./datasets}. Does not check that it exists; reading a file
     * that is not there throws {@link DatasetMissingException}.
     *
     * @param explicitOrNull a directory from {@code --data}, or null
     * @return the data directory
     */
    public static DataDir resolve(Path explicitOrNull) {
        return resolve(explicitOrNull, System.getenv(), Path.of(""));
    }

    /** {@link #resolve(Path)} with the environment and working directory given (for tests). */
    static DataDir resolve(Path explicitOrNull, Map<String, String> env, Path cwd) {
        if (explicitOrNull != null) return new DataDir(explicitOrNull.toAbsolutePath().normalize(), "--data");
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new DataDir(Path.of(fromEnv).toAbsolutePath().normalize(), ENV);
        }
        return new DataDir(cwd.resolve("datasets").toAbsolutePath().normalize(), "default ./datasets");
    }

    /**
     * @param relative a path inside the layout, e.g. {@code gsm8k/test.jsonl}
     * @return the file, resolved against the root
     */
    public Path path(String relative) {
        return root.resolve(relative);
    }

    /**
     * The file if it exists.
     *
     * @param relative a path inside the layout
     * @param dataset  the dataset group fetch.sh knows it by ({@code gsm8k}, {@code bbh}, {@code folio},
     *                 {@code greater-splits})
     * @return the existing file
     * @throws DatasetMissingException naming the file, the directory's origin and the fetch command
     */
    public Path require(String relative, String dataset) {
        Path p = path(relative);
        if (Files.isRegularFile(p)) return p;
        throw new DatasetMissingException(p, dataset, "dataset file not found: " + p + " (data directory " + root
                + ", chosen by " + origin + "). Fetch it with `" + FETCH_HINT + " --dest " + root + " " + dataset
                + "` from the greater4j repository, or point --data or " + ENV
                + " at a directory with that layout (see datasets/README.md).");
    }
}
