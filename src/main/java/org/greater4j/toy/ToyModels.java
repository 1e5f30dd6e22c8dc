package org.greater4j.toy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The toy models shipped in the jar (resources {@code toy/<folder>/}: {@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json}, {@code tokenizer_config.json}), extracted once
 * to a cache directory so that {@code LanguageModel.load(ToyModels.path("toy"))} works from the jar.
 *
 * <p>Names: {@code toy} (= {@code toy-v1}, the default model: d 128, 4 layers, seed 1) and
 * (the second model, {@code toy-v1b}: d 96, 3 layers, seed 2, is not shipped: the repository keeps one
 * weights file; {@code ./greater train-toy --seed 2 --size small} reproduces it). See
 * {@code src/main/resources/toy/README.md} for how each was trained and its accuracy.
 *
 * <p>Cache: {@code $GREATER_CACHE/toy/<folder>-<sha256 prefix>/}, else
 * {@code ~/.cache/greater4j/toy/<folder>-<sha256 prefix>/}; the prefix is that of the weights, so a
 * new build of the weights never reuses an old extraction. Extraction writes a temporary directory
 * and moves it into place, so concurrent callers are safe.
 */
public final class ToyModels {
    private ToyModels() {}

    /** The name of the default model. */
    public static final String DEFAULT = "toy";
    /** Environment variable overriding the cache root. */
    public static final String CACHE_ENV = "GREATER_CACHE";
    /** The files of a model folder. */
    public static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json",
            "tokenizer_config.json");

    private static final Map<String, String> FOLDERS = new LinkedHashMap<>();

    static {
        FOLDERS.put("toy", "toy-v1");
        FOLDERS.put("toy-v1", "toy-v1");
    }

    /** The accepted names ({@code toy}, {@code toy-v1}). */
    public static List<String> names() {
        return List.copyOf(FOLDERS.keySet());
    }

    /** True when {@code name} names a shipped toy model (case-insensitive). */
    public static boolean isToyName(String name) {
        return name != null && FOLDERS.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The resource folder of a name, e.g. {@code toy-v1} for {@code toy}. */
    public static String folder(String name) {
        String f = name == null ? null : FOLDERS.get(name.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("unknown toy model '" + name + "': use one of " + names());
        }
        return f;
    }

    /** The SHA-256 (hex) of a shipped model's {@code model.safetensors}, read from the classpath. */
    public static String sha256(String name) {
        String folder = folder(name);
        try (InputStream in = open(folder, "model.safetensors")) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the toy model " + folder + " from the classpath: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cache root: {@code $GREATER_CACHE}, else {@code ~/.cache/greater4j}. */
    public static Path cacheRoot() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "greater4j");
    }

    /**
     * The directory of a shipped toy model, extracted from the classpath into the cache on first use.
     *
     * @param name {@code toy} or {@code toy-v1}
     * @return a HuggingFace model directory
     * @throws IllegalArgumentException for an unknown name
     * @throws UncheckedIOException     when the resources are missing or the cache cannot be written
     */
    public static Path path(String name) {
        return path(name, cacheRoot());
    }

    /** Same as {@link #path(String)} with an explicit cache root. */
    public static Path path(String name, Path cacheRoot) {
        String folder = folder(name);
        String sha = sha256(name);
        Path dir = cacheRoot.resolve("toy").resolve(folder + "-" + sha.substring(0, 12));
        if (complete(dir)) return dir;
        try {
            Files.createDirectories(dir.getParent());
            Path tmp = Files.createTempDirectory(dir.getParent(), folder + ".tmp");
            try {
                for (String f : FILES) {
                    try (InputStream in = open(folder, f)) {
                        Files.copy(in, tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.writeString(tmp.resolve(".complete"), sha + "\n");
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir);
                } catch (FileAlreadyExistsException e) {
                    // another process finished first
                } catch (IOException e) {
                    if (!complete(dir)) throw e; // a non-empty target made by another process is fine
                }
            } finally {
                deleteTree(tmp);
            }
            if (!complete(dir)) throw new IOException("extraction into " + dir + " did not complete");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the toy model " + folder + " into " + dir + ": " + e.getMessage()
                    + "; set " + CACHE_ENV + " to a writable directory", e);
        }
    }

    private static boolean complete(Path dir) {
        if (!Files.exists(dir.resolve(".complete"))) return false;
        for (String f : FILES) if (!Files.isRegularFile(dir.resolve(f))) return false;
        return true;
    }

    private static InputStream open(String folder, String file) throws IOException {
        String res = "/toy/" + folder + "/" + file;
        InputStream in = ToyModels.class.getResourceAsStream(res);
        if (in == null) throw new IOException("resource " + res + " is missing from the classpath");
        return in;
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
