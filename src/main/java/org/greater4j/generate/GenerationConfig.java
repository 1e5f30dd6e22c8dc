package org.greater4j.generate;

import java.util.List;

/**
 * How to generate: limits, sampling and stop conditions. Temperature 0 is greedy.
 *
 * @param maxNewTokens  new tokens per sequence at most (also capped by the context length)
 * @param temperature   0 = greedy argmax; otherwise softmax temperature
 * @param topP          nucleus sampling mass in (0, 1]
 * @param seed          seed of the sampler (row i uses seed + i)
 * @param stopStrings   generation of a row ends when its text contains one (the text is cut before it)
 * @param stopIds       extra token ids that end a row (end-of-turn), besides the model's EOS ids
 */
public record GenerationConfig(int maxNewTokens, double temperature, double topP, long seed,
                               List<String> stopStrings, int[] stopIds) {
    public GenerationConfig {
        if (maxNewTokens < 0) throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        if (temperature < 0 || Double.isNaN(temperature)) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        stopStrings = List.copyOf(stopStrings);
        stopIds = stopIds.clone();
    }

    /** Greedy decoding of at most {@code maxNewTokens} tokens, stopping at EOS. */
    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, 0, 1, 0, List.of(), new int[0]);
    }

    /** Same config with sampling parameters. */
    public GenerationConfig withSampling(double temperature, double topP, long seed) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stopStrings, stopIds);
    }

    /** Same config with stop strings. */
    public GenerationConfig withStopStrings(List<String> s) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, s, stopIds);
    }

    /** Same config with extra stop ids (e.g. the chat format's end-of-turn token). */
    public GenerationConfig withStopIds(int... ids) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stopStrings, ids);
    }

    /** Same config with another token limit. */
    public GenerationConfig withMaxNewTokens(int n) {
        return new GenerationConfig(n, temperature, topP, seed, stopStrings, stopIds);
    }
}
