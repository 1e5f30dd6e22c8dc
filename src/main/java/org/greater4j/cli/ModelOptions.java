package org.greater4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.ModelSpec;
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
        return ToyModels.isToyName(spec) && ModelSpec.isNamed(spec);
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

    /** The path a model name means ({@link ModelSpec}), progress of long work (training a toy) on stderr. */
    static Path resolve(String spec) {
        return ModelSpec.resolve(spec, line -> System.err.println(line));
    }
}
