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
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The toy models: {@code toy} is shipped in the jar (resources {@code toy/<folder>/}: {@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json}, {@code tokenizer_config.json}) and extracted once
 * to a cache directory, so that {@code LanguageModel.load(ToyModels.path("toy"))} works from the jar;
 * {@code toy-b} is trained on first use by the project's own code and cached.
 *
 * <p>Names: {@code toy} (= {@code toy-v1}, the default model: d 128, 4 layers, seed 1) and
 * {@code toy-b} (= {@code toy-v1b}, the second model: d 96, 3 layers, seed 2). The repository keeps one
 * weights file, so {@code toy-b} is not shipped: its first use runs {@code train-toy --seed 2 --size
 * small} in a child JVM with {@link ToyTraining#REPRODUCIBLE_ENV} (one thread, AVX2 code paths; about 4-6 minutes on 2
 * cores), which gave sha256 {@code 46760956...} on the development machine twice),
 * and later uses load the cached folder. See {@code src/main/resources/toy/README.md} for how each
 * was trained and its accuracy.
 *
 * <p>Cache: {@code $GREATER_CACHE/toy/<folder>-<sha256 prefix>/}, else
 * {@code ~/.cache/greater4j/toy/<folder>-<sha256 prefix>/}; the prefix is that of the weights (for
 * {@code toy-b}, of the weights its recipe gave when documented), so a new build never reuses an old
 * folder. Extraction and training write a temporary directory and move it into place (training under a
 * file lock), so concurrent callers are safe.
 */
public final class ToyModels {
    private ToyModels() {}

    private static final Logger LOG = LoggerFactory.getLogger(ToyModels.class);

    /** The name of the default model. */
    public static final String DEFAULT = "toy";
    /** Environment variable overriding the cache root. */
    public static final String CACHE_ENV = org.greater4j.io.SharedData.CACHE_ENV;
    /** The files of a model folder. */
    public static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json",
            "tokenizer_config.json");

    /** The name of the second model, trained on first use. */
    public static final String SECOND = "toy-b";

    /**
     * How a model that is not shipped is made: {@code train-toy --seed seed --size size --steps steps}
     * with every other setting at its default and one libtorch thread.
     *
     * @param seed   the training seed
     * @param size   the model size
     * @param steps  at most this many steps (training stops earlier on validation accuracy)
     * @param sha256 the sha256 of {@code model.safetensors} this recipe gave on the development machine (may be null)
     */
    public record Recipe(long seed, ToySize size, int steps, String sha256) {}

    private static final Map<String, String> FOLDERS = new LinkedHashMap<>();
    private static final Map<String, Recipe> RECIPES = new LinkedHashMap<>();

    static {
        FOLDERS.put("toy", "toy-v1");
        FOLDERS.put("toy-v1", "toy-v1");
        FOLDERS.put("toy-b", "toy-v1b");
        FOLDERS.put("toy-v1b", "toy-v1b");
        RECIPES.put("toy-v1b", new Recipe(2, ToySize.SMALL, 2400, "46760956a1f71dacf83c7eac3882c2da8a0a39543c9a5e0e7d8d3359488760bf"));
    }

    /** The accepted names ({@code toy}, {@code toy-v1}, {@code toy-b}, {@code toy-v1b}). */
    public static List<String> names() {
        return List.copyOf(FOLDERS.keySet());
    }

    /** True when {@code name} names a toy model (case-insensitive). */
    public static boolean isToyName(String name) {
        return name != null && FOLDERS.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** True when the model of that name is shipped in the jar (not trained on first use). */
    public static boolean isShipped(String name) {
        return !RECIPES.containsKey(folder(name));
    }

    /** The recipe of a model that is trained on first use. @throws IllegalArgumentException for a shipped one */
    public static Recipe recipe(String name) {
        Recipe r = RECIPES.get(folder(name));
        if (r == null) throw new IllegalArgumentException("the toy model '" + name + "' is shipped, not trained on first use");
        return r;
    }

    /** The folder of a name, e.g. {@code toy-v1} for {@code toy}. */
    public static String folder(String name) {
        String f = name == null ? null : FOLDERS.get(name.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("unknown toy model '" + name + "': use one of " + names());
        }
        return f;
    }

    /**
     * The SHA-256 (hex) of a model's {@code model.safetensors}: read from the classpath for a shipped
     * model, the documented one of its recipe otherwise.
     */
    public static String sha256(String name) {
        String folder = folder(name);
        if (RECIPES.containsKey(folder)) return RECIPES.get(folder).sha256();
        try (InputStream in = open(folder, "model.safetensors")) {
            return digest(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the toy model " + folder + " from the classpath: " + e.getMessage(), e);
        }
    }

    /** The cache root: {@code $GREATER_CACHE}, else {@code ~/.cache/greater4j}. */
    public static Path cacheRoot() {
        return org.greater4j.io.SharedData.cacheRoot();
    }

    /**
     * The directory of a toy model: a shipped one extracted from the classpath into the cache on first
     * use, {@code toy-b} trained into the cache on first use ({@link #train}, minutes; progress is logged).
     *
     * @param name a name of {@link #names()}
     * @return a HuggingFace model directory
     * @throws IllegalArgumentException for an unknown name
     * @throws UncheckedIOException     when the resources are missing, training fails or the cache cannot be written
     */
    public static Path path(String name) {
        return path(name, cacheRoot(), line -> LOG.info("{}", line));
    }

    /** Same as {@link #path(String)}; {@code progress} gets the training's progress lines, if it has to train. */
    public static Path path(String name, Consumer<String> progress) {
        return path(name, cacheRoot(), progress);
    }

    /** Same as {@link #path(String)} with an explicit cache root. */
    public static Path path(String name, Path cacheRoot) {
        return path(name, cacheRoot, line -> LOG.info("{}", line));
    }

    /** The cache directory a model is (or will be) in, under {@code cacheRoot}. */
    public static Path cacheDir(String name, Path cacheRoot) {
        return cacheRoot.resolve("toy").resolve(folder(name) + "-" + sha256(name).substring(0, 12));
    }

    /** True when the model is ready in the cache under {@code cacheRoot} (a shipped one is always available). */
    public static boolean isCached(String name, Path cacheRoot) {
        return complete(cacheDir(name, cacheRoot));
    }

    private static Path path(String name, Path cacheRoot, Consumer<String> progress) {
        if (!isShipped(name)) return trained(name, cacheRoot, progress);
        String folder = folder(name);
        String sha = sha256(name);
        Path dir = cacheDir(name, cacheRoot);
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

    /** A model made by its recipe: the cached folder, else trained now under a lock (one process trains, others wait). */
    private static Path trained(String name, Path cacheRoot, Consumer<String> progress) {
        Path dir = cacheDir(name, cacheRoot);
        if (complete(dir)) return dir;
        String folder = folder(name);
        try {
            Files.createDirectories(dir.getParent());
            Path lock = dir.getParent().resolve(folder + ".lock");
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (complete(dir)) return dir; // trained by another process while this one waited
                Recipe r = recipe(name);
                LOG.warn("the toy model {} is not shipped (the repository keeps one weights file): training it once, with seed {} and "
                        + "size {} on one libtorch thread (a few minutes), into {}", name, r.seed(), ToyTraining.sizeName(r.size()), dir);
                Path tmp = Files.createTempDirectory(dir.getParent(), folder + ".tmp");
                try {
                    ToyTraining.train(r, tmp, line -> progress.accept(name + ": " + line));
                    String sha = sha256Of(tmp.resolve("model.safetensors"));
                    if (!sha.equals(r.sha256())) {
                        LOG.warn("{}: the weights trained here have sha256 {}, not the documented {} (another CPU, e.g. "
                                + "an Intel Xeon where the documented weights came from an AMD EPYC, or another libtorch build, rounds differently); "
                                + "their accuracy may differ slightly from the documented one", name, sha, r.sha256());
                    }
                    Files.writeString(tmp.resolve(".complete"), sha + "\n");
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    deleteTree(tmp);
                }
            }
            if (!complete(dir)) throw new IOException("training into " + dir + " did not complete");
            LOG.warn("the toy model {} is ready in {}", name, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot train the toy model " + name + " into " + dir + ": " + e.getMessage()
                    + "; set " + CACHE_ENV + " to a writable directory, or train it yourself with `greater train-toy`", e);
        }
    }

    private static String sha256Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return digest(in);
        }
    }

    private static String digest(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
