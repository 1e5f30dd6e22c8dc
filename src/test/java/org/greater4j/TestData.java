package org.greater4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.greater4j.io.SharedData;
import org.greater4j.task.DataDir;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place tests find shared test data, through the library's own lookup ({@link SharedData}:
 * {@code $GREATER_SHARED}, {@code -Dgreater4j.shared}, else a {@code shared/} beside the clone) and the datasets
 * through {@code $GREATER_DATA} or the shared folder's {@code datasets/}.
 *
 * <p>A test that needs the data is skipped, with every place searched, only when no shared folder exists at all.
 * When one exists (CI has it beside the clone), a file missing from it fails the test: a data test never skips
 * silently where the data is supposed to be.
 */
public final class TestData {
    private TestData() {}

    /** The shared folder; skipped when there is none, failed when a setting names one that does not exist. */
    public static Path shared() {
        SharedData.Found f = SharedData.locate();
        if (f.dir().isPresent()) return f.dir().get();
        if (f.explicit()) fail("the shared test data folder named by the settings does not exist: " + f.searchedText());
        Assumptions.assumeTrue(false, "shared test data not found (searched: " + f.searchedText()
                + "); set GREATER_SHARED=DIR; test skipped");
        throw new AssertionError("unreachable");
    }

    /** A file or directory under the shared folder; fails when the folder exists but lacks it. */
    public static Path shared(String rel) {
        Path f = shared().resolve(rel);
        if (!Files.exists(f)) fail("shared test file " + f + " is missing: the shared folder is incomplete (update it)");
        return f;
    }

    /** {@code shared/tokenizers/NAME}. */
    public static Path tokenizer(String name) {
        return shared("tokenizers/" + name);
    }

    /** {@code shared/models/NAME}. */
    public static Path model(String name) {
        return shared("models/" + name);
    }

    /**
     * The real datasets: {@code $GREATER_DATA} when set (it must exist), else {@code datasets/} of the shared
     * folder (skipped when there is no shared folder, failed when it lacks datasets).
     */
    public static Path datasets() {
        String env = System.getenv(DataDir.ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env.strip()).toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) fail(DataDir.ENV + "=" + env + " does not exist");
            return p;
        }
        return shared("datasets").toAbsolutePath().normalize();
    }

    /** {@link #datasets()} as a {@link DataDir}. */
    public static DataDir dataDir() {
        return new DataDir(datasets(), "test");
    }
}
