package org.greater4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.greater4j.model.LanguageModel;
import org.greater4j.toy.ToyModels;
import org.greater4j.toy.ToyTask;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every model-using command shares: which model ({@code --model}), and how to load it ({@link LoadOptions}). */
public final class ModelOptions {
    @Option(names = "--model", description = "HuggingFace model directory, llama2.c .bin checkpoint, a model id in the local HF "
            + "cache, or toy / toy-b (the built-in toy models). Default: toy.")
    String model;

    @Mixin
    LoadOptions loading = new LoadOptions();

    /** The model these options name: {@code --model}, else the built-in toy model. */
    String spec() {
        return model != null ? model : ToyModels.DEFAULT;
    }

    /** True when the model is a built-in toy model (named, or by default). */
    boolean isToy() {
        return isToy(spec());
    }

    /** True when {@code spec} names a built-in toy model (and no file or directory of that name exists). */
    static boolean isToy(String spec) {
        return ToyModels.isToyName(spec) && !Files.exists(Path.of(spec));
    }

    /** Loads the model these options name ({@link #spec()}). */
    LanguageModel load() {
        return loading.load(spec());
    }

    /**
     * The task a command runs: the one given, else the toy task for a toy model; other models need
     * {@code --task}.
     */
    String task(String given) {
        if (given != null) return given;
        if (isToy()) return ToyTask.NAME;
        throw new IllegalArgumentException("no --task given for the model " + spec() + "; pass --task NAME (see `greater tasks`: "
                + "gsm8k, folio, bbh/<task>, or file:PATH.jsonl); only the built-in toy models default to the toy task");
    }

    /**
     * A path as given, or a HuggingFace model id ("Qwen/Qwen2.5-0.5B-Instruct") found in the local
     * cache ($HF_HOME/hub or ~/.cache/huggingface/hub). Nothing is downloaded.
     */
    static Path resolve(String spec) {
        String home = System.getenv("HF_HOME");
        return resolve(spec, home != null ? Path.of(home, "hub") : Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub"));
    }

    /** {@link #resolve(String)} against a given hub directory; a built-in toy model name ("toy") when no such path exists. */
    static Path resolve(String spec, Path hub) {
        Path p = Path.of(spec);
        if (Files.exists(p)) return p;
        if (ToyModels.isToyName(spec)) return ToyModels.path(spec, line -> System.err.println(line));
        if (spec.contains("/") && !spec.startsWith("/") && !spec.startsWith(".")) {
            Path repo = hub.resolve("models--" + spec.replace("/", "--"));
            Path snaps = repo.resolve("snapshots");
            if (Files.isDirectory(snaps)) {
                try {
                    Path ref = repo.resolve("refs").resolve("main");
                    if (Files.exists(ref)) {
                        Path s = snaps.resolve(Files.readString(ref).trim());
                        if (Files.isDirectory(s)) return s;
                    }
                    try (Stream<Path> st = Files.list(snaps)) {
                        List<Path> all = st.filter(Files::isDirectory)
                                .sorted(Comparator.comparing(x -> x.toFile().lastModified())).toList();
                        if (!all.isEmpty()) return all.get(all.size() - 1);
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read the HF cache at " + repo + ": " + e.getMessage());
                }
            }
            throw new IllegalArgumentException("model \"" + spec + "\" is neither a path nor in the local HuggingFace cache (" + hub
                    + "); download it first (greater4j downloads nothing) or pass its directory");
        }
        throw new IllegalArgumentException("model path " + spec + " does not exist");
    }
}
