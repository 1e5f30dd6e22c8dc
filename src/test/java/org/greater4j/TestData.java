package org.greater4j;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the shared test data lives: system property greater4j.shared, env GREATER_SHARED, or ../shared. */
public final class TestData {
    private TestData() {}

    /** The shared folder; the calling test is skipped (with the reason) when it is absent. */
    public static Path shared() {
        String p = System.getProperty("greater4j.shared");
        if (p == null) p = System.getenv("GREATER_SHARED");
        Path dir = p != null ? Path.of(p) : Path.of("..", "shared");
        Assumptions.assumeTrue(Files.isDirectory(dir.resolve("models")),
                "shared test data not found at " + dir.toAbsolutePath() + " (set GREATER_SHARED); test skipped");
        return dir;
    }

    /** A file or directory under the shared folder (test skipped when absent). */
    public static Path shared(String rel) {
        Path f = shared().resolve(rel);
        Assumptions.assumeTrue(Files.exists(f), "shared test file " + f + " is missing; test skipped");
        return f;
    }
}
