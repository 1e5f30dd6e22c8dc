package org.greater4j.optimize;

/**
 * Every knob of GReaTer, validated on construction. {@link #paper()} reproduces the official code
 * (psunlpgroup/GreaTer @42a22d9) including its quirks; {@link #keepBestPreset()} names its one deviation.
 *
 * @param preset              name of the preset this config came from (informational)
 * @param initialPrompt       the prompt text the run starts from (after the separator)
 * @param separator           text between question and prompt (". Use " in the paper)
 * @param topk                per-example top-k of the proposal (k grows by 2 while the candidate set is too small)
 * @param topq                number of random intersections whose union is the candidate set
 * @param intersectionSize    examples per intersection (5)
 * @param minCandidates       smallest accepted candidate set before k grows (6 = 2 x shortlist in the code)
 * @param shortlist           candidates re-scored for real (3)
 * @param gradTemperature     temperature of the answer cross-entropy in the gradient loss (0.2)
 * @param gradPromptWeight    weight of the prompt NLL in the gradient loss (0.2)
 * @param selectPromptWeight  weight of the prompt NLL in the selection score (0.02)
 * @param maxNewTokens        reasoning length cap (1024; also capped by the context)
 * @param earlyStopScore      a step whose winning score falls below this restarts the pass at position 0 (0.12)
 * @param periodForcing       take a candidate containing "." at once when position >= half the initial length
 * @param growthToken         token text appended when a pass ends on a token without "." ("_")
 * @param keepBest            also re-score the current token and swap only when the score does not get worse
 * @param scoreAllCandidates  diagnostic: score every candidate for real, not only the shortlist
 * @param seed                seed of every random choice (a step's choices come from (seed, step index))
 * @param batchSize           sequences per forward / generation batch
 * @param naive               the official schedule: batch 1 except generation (batch 9), everything regenerated, no reuse
 * @param cutAtExtractor      score a reasoning that already wrote the extractor phrase only up to its last occurrence
 *                            ({@link org.greater4j.text.ExtractorCut}), so the phrase is not appended twice
 */
public record GreaterConfig(String preset, String initialPrompt, String separator, int topk, int topq, int intersectionSize,
                            int minCandidates, int shortlist, double gradTemperature, double gradPromptWeight,
                            double selectPromptWeight, int maxNewTokens, double earlyStopScore, boolean periodForcing,
                            String growthToken, boolean keepBest, boolean scoreAllCandidates, long seed, int batchSize,
                            boolean naive, boolean cutAtExtractor) {

    /** The paper's initial prompt. */
    public static final String PAPER_PROMPT = "proper logical reasoning and think step by step. Finally give the actual correct answer.";

    public GreaterConfig {
        require(topk >= 1, "topk must be >= 1", topk);
        require(topq >= 1, "topq must be >= 1", topq);
        require(intersectionSize >= 1, "intersectionSize must be >= 1", intersectionSize);
        require(shortlist >= 1, "shortlist must be >= 1", shortlist);
        require(minCandidates >= 1, "minCandidates must be >= 1", minCandidates);
        require(gradTemperature > 0, "gradTemperature must be > 0", gradTemperature);
        require(maxNewTokens >= 1, "maxNewTokens must be >= 1", maxNewTokens);
        require(batchSize >= 1, "batchSize must be >= 1", batchSize);
        if (initialPrompt == null || initialPrompt.isBlank()) {
            throw new IllegalArgumentException("the initial prompt is empty; pass --init TEXT (the paper starts from \"" + PAPER_PROMPT + "\")");
        }
        if (separator == null) throw new IllegalArgumentException("separator must not be null (use \"\" for none)");
        if (growthToken == null || growthToken.isEmpty()) throw new IllegalArgumentException("growthToken must not be empty");
    }

    private static void require(boolean ok, String what, Object v) {
        if (!ok) throw new IllegalArgumentException(what + ", got " + v);
    }

    /**
     * The official behaviour: topk 40, topq 6, 5 examples per intersection, candidate set >= 6,
     * shortlist 3, gradient loss answer-CE/0.2 + 0.2 x prompt NLL, selection error rate + 0.02 x
     * prompt NLL, greedy reasoning up to 1024 tokens, position always advances, period forcing, "_"
     * growth, restart below 0.12, and the acceptance test that never rejects (the winner of the
     * shortlist replaces the current token even when it scores worse).
     *
     * <p>One difference from the official code, which appends the extractor unconditionally: a
     * reasoning that already wrote the extractor phrase verbatim is scored only up to its last
     * occurrence ({@code cutAtExtractor}, see {@link org.greater4j.text.ExtractorCut}), so the phrase is
     * not said twice. With the paper's extractors on real models the reasoning does not hold the exact
     * phrase and nothing changes; on a model that ends its answers with the extractor (the toy model)
     * the doubled phrase would make every answer a mistake. {@code withCutAtExtractor(false)} restores
     * the official behaviour.
     */
    public static GreaterConfig paper() {
        return new GreaterConfig("paper", PAPER_PROMPT, ". Use ", 40, 6, 5, 6, 3, 0.2, 0.2, 0.02, 1024, 0.12, true, "_",
                false, false, 0, 8, false, true);
    }

    /**
     * {@link #paper()} with one deviation: the current token is re-scored with the shortlist, and the
     * prompt changes only when the best shortlisted score is not worse than the current one (the
     * official acceptance test is a no-op, which can throw a gain away). Period forcing still applies.
     */
    public static GreaterConfig keepBestPreset() {
        return paper().withPreset("keep-best").withKeepBest(true);
    }

    /** The preset of that name: "paper" or "keep-best". */
    public static GreaterConfig preset(String name) {
        return switch (name) {
            case "paper" -> paper();
            case "keep-best" -> keepBestPreset();
            default -> throw new IllegalArgumentException("unknown preset \"" + name + "\"; use paper or keep-best");
        };
    }

    public GreaterConfig withPreset(String v) { return new GreaterConfig(v, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withInitialPrompt(String v) { return new GreaterConfig(preset, v, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withSeparator(String v) { return new GreaterConfig(preset, initialPrompt, v, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withTopk(int v) { return new GreaterConfig(preset, initialPrompt, separator, v, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withTopq(int v) { return new GreaterConfig(preset, initialPrompt, separator, topk, v, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withIntersectionSize(int v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, v, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withMinCandidates(int v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, v, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withShortlist(int v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, v, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withGradTemperature(double v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, v, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withGradPromptWeight(double v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, v, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withSelectPromptWeight(double v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, v, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withMaxNewTokens(int v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, v, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withEarlyStopScore(double v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, v, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withPeriodForcing(boolean v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, v, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withGrowthToken(String v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, v, keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withKeepBest(boolean v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, v, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withScoreAllCandidates(boolean v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, v, seed, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withSeed(long v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, v, batchSize, naive, cutAtExtractor); }
    public GreaterConfig withBatchSize(int v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, v, naive, cutAtExtractor); }
    public GreaterConfig withNaive(boolean v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, v, cutAtExtractor); }
    public GreaterConfig withCutAtExtractor(boolean v) { return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist, gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken, keepBest, scoreAllCandidates, seed, batchSize, naive, v); }
}
