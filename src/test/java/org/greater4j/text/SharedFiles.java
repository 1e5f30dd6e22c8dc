package org.greater4j.text;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared test data ({@code ../shared}): from the system property {@code greater4j.shared}
 * (set by surefire) or the environment variable {@code GREATER_SHARED}. Tests that need a file skip
 * with a message saying what is missing when it is not there.
 */
final class SharedFiles {
    private SharedFiles() {}

    /** The shared directory, or null when neither setting is given. */
    static Path root() {
        String p = System.getProperty("greater4j.shared");
        if (p == null || p.isBlank()) p = System.getenv("GREATER_SHARED");
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    /** {@code shared/tokenizers/NAME}; skips the test when absent. */
    static Path tokenizer(String name) {
        return require("tokenizers/" + name, "tokenizer.json");
    }

    /** {@code shared/models/NAME}; skips the test when absent. */
    static Path model(String name) {
        return require("models/" + name, "config.json");
    }

    private static Path require(String sub, String file) {
        Path root = root();
        assumeTrue(root != null, "skipped: shared test data not configured; set -Dgreater4j.shared=DIR or "
                + "GREATER_SHARED=DIR (the directory holding tokenizers/ and models/)");
        Path dir = root.resolve(sub);
        assumeTrue(Files.isRegularFile(dir.resolve(file)), "skipped: " + dir.resolve(file) + " not found");
        return dir;
    }
}
