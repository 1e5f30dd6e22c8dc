package org.greater4j.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.greater4j.io.SharedData;

/**
 * Where the datasets are: a directory with the layout of {@code datasets/} after
 * {@code datasets/fetch.sh} ({@code gsm8k/}, {@code bbh/bbh/}, {@code folio/v0.0/},
 * {@code greater-splits/{BBH,FOLIO,grade_school_math}/}).
 *
 * @param root     the directory
 * @param origin   how it was chosen, for error messages: {@code --data}, {@code GREATER_DATA},
 *                 {@code ./datasets}, {@code the project's datasets/}, {@code the shared folder} or
 *                 {@code default ./datasets} (nothing found)
 * @param searched the places looked at before it was chosen (for error messages; may be empty)
 */
public record DataDir(Path root, String origin, List<String> searched) {

    /** Copies the list. */
    public DataDir {
        searched = List.copyOf(searched);
    }

    /** A data directory chosen by {@code origin}, nothing else searched. */
    public DataDir(Path root, String origin) {
        this(root, origin, List.of());
    }

    /** The environment variable consulted when no directory is given. */
    public static final String ENV = "GREATER_DATA";

    /** The command that fetches the datasets, named in every missing-data error. */
    public static final String FETCH_HINT = "datasets/fetch.sh";

    /**
     * Chooses the data directory, the same way for the command line, the library and the notebooks: the
     * explicit one if given, else the environment variable {@code GREATER_DATA}, else the first of these
     * that holds fetched data: {@code ./datasets}, the project's {@code datasets/} ({@code -Dgreater4j.home}),
     * {@code datasets/} of the shared folder ({@link SharedData}); else {@code ./datasets}. Does not check
     * that a file exists; reading one that is not there throws {@link DatasetMissingException} naming
     * every place searched.
     *
     * @param explicitOrNull a directory from {@code --data}, or null
     * @return the data directory
     */
    public static DataDir resolve(Path explicitOrNull) {
        return resolve(explicitOrNull, System.getenv(), Path.of(""), System.getProperty("greater4j.home"),
                SharedData.locate().dir());
    }

    /** {@link #resolve(Path)} with the environment and working directory given, no project or shared folder (for tests). */
    static DataDir resolve(Path explicitOrNull, Map<String, String> env, Path cwd) {
        return resolve(explicitOrNull, env, cwd, null, Optional.empty());
    }

    /** {@link #resolve(Path)} with everything it reads given (for tests). */
    static DataDir resolve(Path explicitOrNull, Map<String, String> env, Path cwd, String home, Optional<Path> shared) {
        if (explicitOrNull != null) return new DataDir(explicitOrNull.toAbsolutePath().normalize(), "--data");
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new DataDir(Path.of(fromEnv.strip()).toAbsolutePath().normalize(), ENV);
        }
        List<String> searched = new ArrayList<>();
        Path local = cwd.resolve("datasets").toAbsolutePath().normalize();
        searched.add(local + " (./datasets)");
        if (holdsData(local)) return new DataDir(local, "./datasets", searched);
        if (home != null && !home.isBlank()) {
            Path project = Path.of(home).resolve("datasets").toAbsolutePath().normalize();
            if (!project.equals(local)) {
                searched.add(project + " (the project's datasets/)");
                if (holdsData(project)) return new DataDir(project, "the project's datasets/", searched);
            }
        }
        if (shared.isPresent()) {
            Path s = shared.get().resolve("datasets").toAbsolutePath().normalize();
            searched.add(s + " (the shared folder)");
            if (holdsData(s)) return new DataDir(s, "the shared folder", searched);
        } else {
            searched.add("no shared folder (" + SharedData.ENV + " unset, none beside the project)");
        }
        return new DataDir(local, "default ./datasets", searched);
    }

    /** True when {@code dir} holds any fetched dataset group. */
    static boolean holdsData(Path dir) {
        for (String g : new String[] {"gsm8k", "bbh", "folio", "greater-splits"}) {
            if (Files.isDirectory(dir.resolve(g))) return true;
        }
        return false;
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
                + ", chosen by " + origin + (searched.isEmpty() ? "" : "; searched: " + String.join(", ", searched))
                + "). Fetch it with `" + FETCH_HINT + " --dest " + root + " " + dataset
                + "` from the greater4j repository, or point --data or " + ENV
                + " at a directory with that layout (see datasets/README.md).");
    }
}
