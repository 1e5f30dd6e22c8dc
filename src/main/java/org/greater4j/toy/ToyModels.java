package org.greater4j.toy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * small} in a child JVM with {@link #REPRODUCIBLE_ENV} (one thread, AVX2 code paths; about 4-6 minutes on 2
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
                        + "size {} on one libtorch thread (a few minutes), into {}", name, r.seed(), sizeName(r.size()), dir);
                Path tmp = Files.createTempDirectory(dir.getParent(), folder + ".tmp");
                try {
                    train(r, tmp, line -> progress.accept(name + ": " + line));
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

    /**
     * Trains a model by a recipe into {@code out} in a child JVM with one libtorch thread (so the same
     * recipe gives the same weights whatever this JVM's engine already runs with); {@code progress} gets
     * the child's progress lines.
     *
     * @throws IOException when the child fails, naming its exit code and last lines
     */
    public static void train(Recipe r, Path out, Consumer<String> progress) throws IOException {
        Process p = childJvm(List.of(ToyModels.class.getName(), Long.toString(r.seed()), sizeName(r.size()), Integer.toString(r.steps()),
                out.toString())).redirectErrorStream(true).start();
        ArrayDeque<String> tail = new ArrayDeque<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                progress.accept(line);
                tail.addLast(line);
                if (tail.size() > 20) tail.removeFirst();
            }
        }
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training " + r, e);
        }
        if (code != 0) throw new IOException("training " + r + " exited with " + code + ":\n" + String.join("\n", tail));
    }

    /**
     * What makes training reproducible byte for byte: one thread for libtorch (set by the child's
     * {@code ai.djl.pytorch.num_threads}), for MKL and OpenMP, and the AVX2 code paths of MKL
     * ({@code MKL_CBWR}) and of PyTorch's own kernels ({@code ATEN_CPU_CAPABILITY}), so that the same seed
     * gives the same weights on any x86-64 CPU with AVX2. Without them MKL may run on more threads than
     * libtorch was told and pick paths by CPU, and reruns differ (measured: two of two 200-step runs of
     * {@code toy-b} differed; with them, every rerun gave the same bytes).
     */
    public static final Map<String, String> REPRODUCIBLE_ENV = Map.of("MKL_NUM_THREADS", "1", "OMP_NUM_THREADS", "1", "MKL_CBWR", "AVX2",
            "ATEN_CPU_CAPABILITY", "avx2");

    /** True when this JVM runs with {@link #REPRODUCIBLE_ENV}. */
    public static boolean reproducibleEnv() {
        return REPRODUCIBLE_ENV.entrySet().stream().allMatch(e -> e.getValue().equals(System.getenv(e.getKey())));
    }

    /**
     * A child JVM with this JVM's class path, one libtorch thread, {@link #REPRODUCIBLE_ENV} and no decoding kernel, running
     * {@code mainAndArgs} (a main class and its arguments).
     */
    public static ProcessBuilder childJvm(List<String> mainAndArgs) {
        String javaBin = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx4g", "-XX:+IgnoreUnrecognizedVMOptions", "--enable-native-access=ALL-UNNAMED",
                // greater4j's decoding kernel rounds by the CPU's vector width: off, so that training evaluates on libtorch alone
                "-Dai.djl.pytorch.num_threads=1", "-Dgreater4j.nativeLinear=false", "-cp", classPath()));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(REPRODUCIBLE_ENV);
        return pb;
    }

    private static String sizeName(ToySize size) {
        for (String n : List.of("default", "small", "tiny")) if (ToySize.named(n).equals(size)) return n;
        throw new IllegalArgumentException("a recipe needs a named toy size (default, small, tiny), got " + size);
    }

    /** This JVM's class path, plus where this class was loaded from (in case it came from elsewhere). */
    private static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        try {
            var src = ToyModels.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                String own = Path.of(src.getLocation().toURI()).toString();
                if (!List.of(cp.split(File.pathSeparator)).contains(own)) cp = own + File.pathSeparator + cp;
            }
        } catch (URISyntaxException | SecurityException e) {
            // the class path alone then
        }
        return cp;
    }

    /**
     * Trains a toy model: {@code ToyModels SEED SIZE STEPS OUT_DIR} (what {@link #train} runs in a child
     * JVM); progress on stderr.
     */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ToyModels SEED SIZE STEPS OUT_DIR (SIZE: default, small or tiny)");
            System.exit(2);
        }
        long seed = Long.parseLong(args[0]);
        ToySize size = ToySize.named(args[1]);
        int steps = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        long start = System.nanoTime();
        try (ToyTrainer t = ToyTrainer.create(size, TrainingConfig.defaults(seed).withSteps(steps))) {
            System.err.printf(Locale.ROOT, "training %s, %,d parameters, seed %d, at most %d steps, %d libtorch thread(s)%n", size,
                    t.parameterCount(), seed, steps, ai.djl.pytorch.jni.JniUtils.getNumThreads());
            t.train(out, new ToyTrainer.Listener() {
                @Override
                public void onStep(int step, double loss, double lr, double seconds) {
                    if ((step + 1) % 200 == 0) System.err.printf(Locale.ROOT, "step %d, loss %.4f, %.0f s%n", step + 1, loss, seconds);
                }

                @Override
                public void onEvaluation(int steps, List<ToyEvaluation.Result> results) {
                    for (ToyEvaluation.Result res : results) System.err.println("eval @" + steps + ": " + res);
                }
            });
        }
        System.err.printf(Locale.ROOT, "trained in %.0f s%n", (System.nanoTime() - start) / 1e9);
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
