package org.greater4j.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one lookup of greater4j's shared data folder (test models, tokenizers, datasets: the {@code shared/}
 * folder that sits beside a clone), used alike by the library, the notebooks and the tests:
 * <ol>
 *   <li>the environment variable {@code GREATER_SHARED} (when set, it is the only place looked at);</li>
 *   <li>the system property {@code greater4j.shared};</li>
 *   <li>a folder named {@code shared} holding {@code models/}, {@code tokenizers/} or {@code datasets/} in the
 *       working directory or one of its parents, then beside the project ({@code -Dgreater4j.home}, set by the
 *       {@code greater} script) or one of its parents.</li>
 * </ol>
 * Reads only the file system; returns what it found and every place it looked, for error messages.
 */
public final class SharedData {
    /** The environment variable naming the shared folder. */
    public static final String ENV = "GREATER_SHARED";
    /** The system property naming the shared folder. */
    public static final String PROPERTY = "greater4j.shared";

    /** The environment variable naming greater4j's cache folder (toy models, the compiled decoding kernel). */
    public static final String CACHE_ENV = "GREATER_CACHE";

    private SharedData() {}

    /** greater4j's cache folder: {@code $GREATER_CACHE}, else {@code ~/.cache/greater4j}. */
    public static Path cacheRoot() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "greater4j");
    }

    /**
     * What {@link #locate()} found.
     *
     * @param dir      the shared folder, when one was found
     * @param searched every place looked at, in order, each with how it was chosen
     * @param explicit true when {@code GREATER_SHARED} or {@code greater4j.shared} named the folder
     */
    public record Found(Optional<Path> dir, List<String> searched, boolean explicit) {
        public Found {
            searched = List.copyOf(searched);
        }

        /** The places looked at, as one line for an error message. */
        public String searchedText() {
            return String.join("; ", searched);
        }
    }

    /** Looks for the shared folder in this process's environment, properties and working directory. */
    public static Found locate() {
        return locate(System.getenv(), System.getProperty(PROPERTY), System.getProperty("greater4j.home"), Path.of(""));
    }

    /** {@link #locate()} with everything it reads given (for tests). */
    public static Found locate(Map<String, String> env, String property, String home, Path cwd) {
        List<String> searched = new ArrayList<>();
        String e = env.get(ENV);
        if (e != null && !e.isBlank()) {
            Path p = Path.of(e.strip()).toAbsolutePath().normalize();
            searched.add(p + " (" + ENV + ")");
            return new Found(Files.isDirectory(p) ? Optional.of(p) : Optional.empty(), searched, true);
        }
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property.strip()).toAbsolutePath().normalize();
            searched.add(p + " (-D" + PROPERTY + ")");
            return new Found(Files.isDirectory(p) ? Optional.of(p) : Optional.empty(), searched, true);
        }
        List<Path> starts = new ArrayList<>();
        starts.add(cwd.toAbsolutePath().normalize());
        if (home != null && !home.isBlank()) starts.add(Path.of(home).toAbsolutePath().normalize());
        for (Path start : starts) {
            for (Path d = start; d != null; d = d.getParent()) {
                Path s = d.resolve("shared");
                if (searched.contains(s + " (beside " + d + ")")) continue;
                if (isShared(s)) {
                    searched.add(s + " (beside " + d + ")");
                    return new Found(Optional.of(s), searched, false);
                }
            }
            searched.add("a shared/ folder in " + start + " or its parents");
        }
        return new Found(Optional.empty(), searched, false);
    }

    /** True when {@code dir} looks like the shared data folder. */
    static boolean isShared(Path dir) {
        return Files.isDirectory(dir.resolve("models")) || Files.isDirectory(dir.resolve("tokenizers"))
                || Files.isDirectory(dir.resolve("datasets"));
    }
}
