package org.greater4j.task;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real datasets are for tests: system property {@code greater4j.shared} (set by surefire
 * to {@code ../shared}) + {@code /datasets}, else the environment variable {@code GREATER_DATA}.
 * Tests that need them are skipped with a message saying so when neither is there.
 */
final class TestData {

    private TestData() {}

    /** @return the shared datasets directory, or a skipped test (never a silent pass) */
    static Path root() {
        String shared = System.getProperty("greater4j.shared");
        if (shared != null && Files.isDirectory(Path.of(shared, "datasets"))) {
            return Path.of(shared, "datasets").toAbsolutePath().normalize();
        }
        String env = System.getenv("GREATER_DATA");
        if (env != null && Files.isDirectory(Path.of(env))) return Path.of(env).toAbsolutePath().normalize();
        assumeTrue(false, "SKIPPED: no datasets: set -Dgreater4j.shared=DIR (DIR/datasets) or GREATER_DATA, "
                + "or fetch them with datasets/fetch.sh");
        throw new AssertionError("unreachable");
    }

    /** @return the shared datasets as a {@link DataDir} */
    static DataDir dir() {
        return new DataDir(root(), "test");
    }
}
