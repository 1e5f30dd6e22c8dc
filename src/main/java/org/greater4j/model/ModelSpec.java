package org.greater4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a model name means, the same for the library, the notebooks and the command line: an existing path (a
 * HuggingFace model directory or a llama2.c {@code .bin}); else a name a {@link Provider} knows (greater4j's toy
 * models {@code toy} and {@code toy-b}, registered by its toy package); else a HuggingFace model id found in the
 * local cache ({@code $HF_HOME/hub} or {@code ~/.cache/huggingface/hub}). Nothing is downloaded.
 */
public final class ModelSpec {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSpec.class);

    /** Names models by their own names ({@code META-INF/services/org.greater4j.model.ModelSpec$Provider}). */
    public interface Provider {
        /** The names this provider knows. */
        List<String> names();

        /**
         * The directory of a named model, making it first when needed (e.g. training a toy model into the cache).
         *
         * @param name     one of {@link #names()}
         * @param progress lines of progress for long work
         */
        Path resolve(String name, Consumer<String> progress);
    }

    private static final List<Provider> PROVIDERS = new ArrayList<>();

    static {
        for (Provider p : ServiceLoader.load(Provider.class, ModelSpec.class.getClassLoader())) PROVIDERS.add(p);
    }

    private ModelSpec() {}

    /** True when {@code spec} is a provider's name and no file or directory of that name exists. */
    public static boolean isNamed(String spec) {
        return !Files.exists(Path.of(spec)) && PROVIDERS.stream().anyMatch(p -> p.names().contains(spec));
    }

    /** Every name the providers know. */
    public static List<String> names() {
        return PROVIDERS.stream().flatMap(p -> p.names().stream()).toList();
    }

    /** {@link #resolve(String, Consumer)} logging progress. */
    public static Path resolve(String spec) {
        return resolve(spec, LOG::info);
    }

    /** The path {@code spec} names (see the class comment), or an error saying what was tried. */
    public static Path resolve(String spec, Consumer<String> progress) {
        String home = System.getenv("HF_HOME");
        Path hub = home != null && !home.isBlank() ? Path.of(home, "hub")
                : Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
        return resolve(spec, hub, progress);
    }

    /** {@link #resolve(String, Consumer)} against a given hub directory. */
    public static Path resolve(String spec, Path hub, Consumer<String> progress) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("no model given; pass a model directory, a .bin, "
                + "a model id in the local HuggingFace cache, or one of " + names());
        Path p = Path.of(spec);
        if (Files.exists(p)) return p;
        for (Provider pr : PROVIDERS) if (pr.names().contains(spec)) return pr.resolve(spec, progress);
        Optional<Path> cached = hubSnapshot(spec, hub);
        if (cached.isPresent()) return cached.get();
        if (spec.contains("/") && !spec.startsWith("/") && !spec.startsWith(".")) {
            throw new IllegalArgumentException("model \"" + spec + "\" is neither a path nor in the local HuggingFace cache (" + hub
                    + "); download it first (greater4j downloads nothing) or pass its directory");
        }
        throw new IllegalArgumentException("model path " + spec + " does not exist (nor is it one of " + names() + ")");
    }

    /** The newest snapshot of a model id in a HuggingFace hub cache ({@code refs/main} first). */
    static Optional<Path> hubSnapshot(String spec, Path hub) {
        if (!spec.contains("/") || spec.startsWith("/") || spec.startsWith(".") || spec.contains("..")) return Optional.empty();
        Path repo = hub.resolve("models--" + spec.replace("/", "--"));
        Path snaps = repo.resolve("snapshots");
        if (!Files.isDirectory(snaps)) return Optional.empty();
        try {
            Path ref = repo.resolve("refs").resolve("main");
            if (Files.exists(ref)) {
                Path s = snaps.resolve(Files.readString(ref).trim()).normalize();
                if (s.startsWith(snaps) && Files.isDirectory(s)) return Optional.of(s);
            }
            try (Stream<Path> st = Files.list(snaps)) {
                return st.filter(Files::isDirectory).max(Comparator.comparing(x -> x.toFile().lastModified()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the HF cache at " + repo + ": " + e.getMessage());
        }
    }
}
