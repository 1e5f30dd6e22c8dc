package org.greater4j.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import org.greater4j.model.LanguageModel;
import picocli.CommandLine.Option;

/**
 * How models are loaded ({@code @Mixin}): {@code --tokenizer}, {@code --device}, {@code --dtype}.
 * Part of {@link ModelOptions}; used alone by commands that load several models ({@code compare}).
 */
final class LoadOptions {
    @Option(names = "--tokenizer", description = "tokenizer.json or llama2.c tok*.bin, when the model directory has none")
    Path tokenizer;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (gpu needs the CUDA build: mvn -Pcuda)")
    String device = "cpu";

    @Option(names = "--dtype", defaultValue = "float32", description = "compute dtype: float32 (default) or float64")
    String dtype = "float32";

    /** Loads the model {@code spec} names (a path, or a model id in the local HF cache) with these options. */
    LanguageModel load(String spec) {
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
        return LanguageModel.load(spec, LanguageModel.Options.defaults().withDevice(d).withComputeType(t).withTokenizer(tokenizer));
    }
}
