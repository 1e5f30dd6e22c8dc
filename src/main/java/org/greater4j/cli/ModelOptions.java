package org.greater4j.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.greater4j.model.LanguageModel;
import picocli.CommandLine.Option;

/** The options every model-using command shares: which model, which tokenizer, where to run it. */
public final class ModelOptions {
    @Option(names = "--model", description = "HuggingFace model directory, llama2.c .bin checkpoint, or a model id in the local HF cache")
    String model;

    @Option(names = "--tokenizer", description = "tokenizer.json or llama2.c tok*.bin, when the model directory has none")
    Path tokenizer;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (gpu needs the CUDA build: mvn -Pcuda)")
    String device;

    @Option(names = "--dtype", defaultValue = "float32", description = "compute dtype: float32 (default) or float64")
    String dtype;

    /** Loads the model these options name. */
    LanguageModel load() {
        if (model == null) {
            throw new IllegalArgumentException("no --model given; pass a HuggingFace model directory or a llama2.c .bin");
        }
        Device d = switch (device) {
            case "cpu" -> Device.cpu();
            case "gpu", "cuda" -> Device.gpu();
            default -> throw new IllegalArgumentException("unknown --device " + device + "; use cpu or gpu");
        };
        DataType t = switch (dtype) {
            case "float32", "f32", "fp32" -> DataType.FLOAT32;
            case "float64", "f64", "fp64" -> DataType.FLOAT64;
            default -> throw new IllegalArgumentException("unsupported --dtype " + dtype + " (on CPU greater4j computes in float32; "
                    + "float16/bfloat16 weights are widened on load)");
        };
        return LanguageModel.load(resolve(model), LanguageModel.Options.defaults().withDevice(d).withComputeType(t).withTokenizer(tokenizer));
    }

    /** The model's tokenizer_config.json (empty for a llama2.c checkpoint, which has none). */
    org.greater4j.text.TokenizerConfig tokenizerConfig(LanguageModel m) {
        Path dir = tokenizerDir(m);
        boolean any = Files.exists(dir.resolve("tokenizer_config.json")) || Files.exists(dir.resolve("config.json"))
                || Files.exists(dir.resolve("tokenizer.json"));
        return m.isLlama2c() && !any ? org.greater4j.text.TokenizerConfig.empty() : org.greater4j.text.TokenizerConfig.read(dir);
    }

    private Path tokenizerDir(LanguageModel m) {
        if (tokenizer != null) return Files.isDirectory(tokenizer) ? tokenizer : tokenizer.toAbsolutePath().getParent();
        Path src = m.source().toAbsolutePath();
        return Files.isDirectory(src) ? src : src.getParent();
    }

    /**
     * A path as given, or a HuggingFace model id ("Qwen/Qwen2.5-0.5B-Instruct") found in the local
     * cache ($HF_HOME/hub or ~/.cache/huggingface/hub). Nothing is downloaded.
     */
    static Path resolve(String spec) {
        String home = System.getenv("HF_HOME");
        return resolve(spec, home != null ? Path.of(home, "hub") : Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub"));
    }

    /** {@link #resolve(String)} against a given hub directory. */
    static Path resolve(String spec, Path hub) {
        Path p = Path.of(spec);
        if (Files.exists(p)) return p;
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
