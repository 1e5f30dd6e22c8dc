package org.greater4j.optimize;

import java.util.Locale;

/**
 * Every knob of GReaTer, validated on construction. {@link #paper()} reproduces the official code
 * (psunlpgroup/GreaTer @42a22d9) including its quirks (each a named knob; checked against the official code's own
 * numbers by {@code OfficialConformanceTest}); {@link #clean()} is the search without them; {@link #keepBestPreset()}
 * is {@code clean} with one more deviation.
 * Build one with {@link #builder()} (or {@link #toBuilder()} from a preset); change one knob in a notebook
 * with a {@code withX} method.
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
 * @param steps               the number of steps a run makes unless told otherwise
 * @param drafting            efficient schedule: generate reasoning drafted from each question's last reasoning and verified
 *                            ({@link org.greater4j.generate.DraftedGenerator}); the same greedy results with fewer decode steps.
 *                            The official (naive) schedule never drafts
 * @param retokenize          after every step the prompt is decoded to text and encoded again, as the official code rebuilds its
 *                            prompt from {@code control_str} (greater_opt.py L508-510, attack_manager.py L1399, L699-702, L308-326); merges
 *                            change the length, and a position past the end is clamped to the last token (greater_opt.py L240-241)
 * @param officialBannedRange check the banned-token rule only over ids 3 .. the base vocabulary, then ban bos, eos, pad and unk
 *                            (attack_manager.py L131-147): ids 0-2 and other special or added tokens may be proposed
 * @param dropEosInSwap       the swap's teacher-forced sequence drops every eos and pad id of the generation input and reasoning
 *                            ({@code seq[(seq != pad) * (seq != eos)]}, attack_manager.py L1045): on Llama-3 the user turn's
 *                            {@code <|eot_id|>}
 * @param firstExampleNllOnCandidate the swap's prompt NLL of training example 0 targets the candidate and the others the step's starting
 *                            prompt (an in-place write through a tensor view, greater_opt.py L238, L371, attack_manager.py L610); off:
 *                            every example targets the starting prompt
 * @param perPassBest         the 10 best prompts are kept per pass (reset on a restart) with duplicates, and the dev split chooses among
 *                            the list as last printed, at a step with step % 15 == 0 of the pass (attack_manager.py L1358, L1414-1423;
 *                            process_for_dev.py L20-46); off: one list over the run, one entry per prompt, updated every step
 * @param officialRestarts    a restart is a fresh optimizer whose initial length (period forcing) is re-read from the current prompt
 *                            (greater_opt.py L202), and no restart happens when the training set has exactly 100 rows, the official
 *                            group size (attack_manager.py L1724-1749); off: the first initial length is kept and restarts always apply
 * @param officialChatLayout  on Llama-3 and Gemma-2 models whose protocol uses their own chat format ({@code auto}), the layout the
 *                            official code builds by hand instead ({@code --chat-format official}, attack_manager.py L299-400: one
 *                            user turn, no system block, chat prefix + question + separator tokenized as one string, Gemma-2 with two
 *                            BOS); other families and an explicitly chosen format keep theirs
 * @param gemmaLastFifth      on Gemma-2, the swap's teacher-forced sequence is cut at the first {@code <end_of_turn>} in its last fifth
 *                            and any left there removed (attack_manager.py L1046-1061, after the eos/pad drop); other families: no effect
 * @param splitAtAssistantHeader the reasoning text the gradient scores is what follows the last occurrence of the assistant header's
 *                            text (special tokens skipped, e.g. {@code "assistant\n\n"} on Llama-3) in the decoded reasoning, stripped
 *                            ({@code .split(assistant_str)[-1].strip()}, attack_manager.py L903-907)
 */
public record GreaterConfig(String preset, String initialPrompt, String separator, int topk, int topq, int intersectionSize,
                            int minCandidates, int shortlist, double gradTemperature, double gradPromptWeight,
                            double selectPromptWeight, int maxNewTokens, double earlyStopScore, boolean periodForcing,
                            String growthToken, boolean keepBest, boolean scoreAllCandidates, long seed, int batchSize,
                            boolean naive, boolean cutAtExtractor, int steps, boolean drafting, boolean retokenize,
                            boolean officialBannedRange, boolean dropEosInSwap, boolean firstExampleNllOnCandidate,
                            boolean perPassBest, boolean officialRestarts, boolean officialChatLayout, boolean gemmaLastFifth,
                            boolean splitAtAssistantHeader) {

    /** The paper's initial prompt. */
    public static final String PAPER_PROMPT = "proper logical reasoning and think step by step. Finally give the actual correct answer.";

    /** The preset names {@link #preset(String)} knows. */
    public static final java.util.List<String> PRESETS = java.util.List.of("paper", "clean", "keep-best");

    /** Checks every value, naming the knob. */
    public GreaterConfig {
        require(topk >= 1, "topk must be >= 1", topk);
        require(topq >= 1, "topq must be >= 1", topq);
        require(intersectionSize >= 1, "intersectionSize must be >= 1", intersectionSize);
        require(shortlist >= 1, "shortlist must be >= 1", shortlist);
        require(minCandidates >= 1, "minCandidates must be >= 1", minCandidates);
        require(gradTemperature > 0, "gradTemperature must be > 0", gradTemperature);
        require(maxNewTokens >= 1, "maxNewTokens must be >= 1", maxNewTokens);
        require(batchSize >= 1, "batchSize must be >= 1", batchSize);
        require(steps >= 0, "steps must be >= 0", steps);
        require(Double.isFinite(gradPromptWeight) && Double.isFinite(selectPromptWeight) && Double.isFinite(earlyStopScore),
                "the weights and the early-stop score must be finite", gradPromptWeight + ", " + selectPromptWeight + ", " + earlyStopScore);
        if (initialPrompt == null || initialPrompt.isBlank()) {
            throw new IllegalArgumentException("the initial prompt is empty; pass --init TEXT (the paper starts from \"" + PAPER_PROMPT + "\")");
        }
        if (separator == null) throw new IllegalArgumentException("separator must not be null (use \"\" for none)");
        if (growthToken == null || growthToken.isEmpty()) throw new IllegalArgumentException("growthToken must not be empty");
        if (preset == null) preset = "custom";
    }

    private static void require(boolean ok, String what, Object v) {
        if (!ok) throw new IllegalArgumentException(what + ", got " + v);
    }

    /**
     * The official behaviour: topk 40, topq 6, 5 examples per intersection, candidate set >= 6,
     * shortlist 3, gradient loss answer-CE/0.2 + 0.2 x prompt NLL, selection error rate + 0.02 x
     * prompt NLL, greedy reasoning up to 1024 tokens, position always advances, period forcing, "_"
     * growth, restart below 0.12, and the acceptance test that never rejects (the winner of the
     * shortlist replaces the current token even when it scores worse); 125 steps, as the released Llama-3 and
     * Gemma-2 runs; and the official code's fidelity behaviours: {@code retokenize}, {@code officialBannedRange},
     * {@code dropEosInSwap}, {@code firstExampleNllOnCandidate}, {@code perPassBest}, {@code officialRestarts},
     * {@code officialChatLayout}, {@code gemmaLastFifth}, {@code splitAtAssistantHeader}.
     *
     * <p>Known differences that remain: float32 (the official runs used bf16), and, which appends the extractor
     * unconditionally: a
     * reasoning that already wrote the extractor phrase verbatim is scored only up to its last
     * occurrence ({@code cutAtExtractor}, see {@link org.greater4j.text.ExtractorCut}), so the phrase is
     * not said twice. {@code withCutAtExtractor(false)} restores the official behaviour.
     */
    public static GreaterConfig paper() {
        return new GreaterConfig("paper", PAPER_PROMPT, ". Use ", 40, 6, 5, 6, 3, 0.2, 0.2, 0.02, 1024, 0.12, true, "_",
                false, false, 0, 8, false, true, 125, true, true, true, true, true, true, true, true, true, true);
    }

    /**
     * The search as greater4j ran it before the faithful preset: {@link #paper()} with every fidelity knob off
     * ({@code retokenize}, {@code officialBannedRange}, {@code dropEosInSwap}, {@code firstExampleNllOnCandidate},
     * {@code perPassBest}, {@code officialRestarts}, {@code officialChatLayout}, {@code gemmaLastFifth},
     * {@code splitAtAssistantHeader}) and 100 steps: ids are kept as chosen, every id is checked by
     * the banned rule, the swap's NLL targets the starting prompt for every example, one best-10 list of distinct
     * prompts over the whole run, and restarts keep the first initial length.
     */
    public static GreaterConfig clean() {
        return paper().toBuilder().preset("clean").steps(100).retokenize(false).officialBannedRange(false).dropEosInSwap(false)
                .firstExampleNllOnCandidate(false).perPassBest(false).officialRestarts(false).officialChatLayout(false).gemmaLastFifth(false)
                .splitAtAssistantHeader(false).build();
    }

    /**
     * {@link #clean()} with one more deviation: the current token is re-scored with the shortlist, and the
     * prompt changes only when the best shortlisted score is not worse than the current one (the
     * official acceptance test is a no-op, which can throw a gain away). Period forcing still applies.
     */
    public static GreaterConfig keepBestPreset() {
        return clean().toBuilder().preset("keep-best").keepBest(true).build();
    }

    /** The preset of that name ({@link #PRESETS}). */
    public static GreaterConfig preset(String name) {
        return switch (name == null ? "" : name.strip().toLowerCase(Locale.ROOT)) {
            case "paper" -> paper();
            case "clean" -> clean();
            case "keep-best" -> keepBestPreset();
            default -> throw new IllegalArgumentException("unknown preset \"" + name + "\"; use one of " + String.join(", ", PRESETS));
        };
    }

    /** A builder starting from {@link #paper()}. */
    public static Builder builder() {
        return new Builder(paper());
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This config from another initial prompt. */
    public GreaterConfig withInitialPrompt(String v) { return toBuilder().initialPrompt(v).build(); }
    /** This config with another question/prompt separator. */
    public GreaterConfig withSeparator(String v) { return toBuilder().separator(v).build(); }
    /** This config with another per-example top-k. */
    public GreaterConfig withTopk(int v) { return toBuilder().topk(v).build(); }
    /** This config with another number of intersections. */
    public GreaterConfig withTopq(int v) { return toBuilder().topq(v).build(); }
    /** This config with another shortlist size. */
    public GreaterConfig withShortlist(int v) { return toBuilder().shortlist(v).build(); }
    /** This config with another reasoning length cap. */
    public GreaterConfig withMaxNewTokens(int v) { return toBuilder().maxNewTokens(v).build(); }
    /** This config with the current token re-scored and kept unless a candidate is not worse. */
    public GreaterConfig withKeepBest(boolean v) { return toBuilder().keepBest(v).build(); }
    /** This config with the diagnostic (every candidate scored for real) on or off. */
    public GreaterConfig withScoreAllCandidates(boolean v) { return toBuilder().scoreAllCandidates(v).build(); }
    /** This config with another seed. */
    public GreaterConfig withSeed(long v) { return toBuilder().seed(v).build(); }
    /** This config with another batch size. */
    public GreaterConfig withBatchSize(int v) { return toBuilder().batchSize(v).build(); }
    /** This config on the official (naive) schedule or the efficient one. */
    public GreaterConfig withNaive(boolean v) { return toBuilder().naive(v).build(); }
    /** This config with the extractor cut on or off. */
    public GreaterConfig withCutAtExtractor(boolean v) { return toBuilder().cutAtExtractor(v).build(); }
    /** This config with another default number of steps. */
    public GreaterConfig withSteps(int v) { return toBuilder().steps(v).build(); }
    /** This config with drafted reasoning on or off (results are the same; only the work differs). */
    public GreaterConfig withDrafting(boolean v) { return toBuilder().drafting(v).build(); }

    /** This config with {@link #retokenize()} set. */
    public GreaterConfig withRetokenize(boolean v) { return toBuilder().retokenize(v).build(); }
    /** This config with {@link #officialBannedRange()} set. */
    public GreaterConfig withOfficialBannedRange(boolean v) { return toBuilder().officialBannedRange(v).build(); }
    /** This config with {@link #dropEosInSwap()} set. */
    public GreaterConfig withDropEosInSwap(boolean v) { return toBuilder().dropEosInSwap(v).build(); }
    /** This config with {@link #firstExampleNllOnCandidate()} set. */
    public GreaterConfig withFirstExampleNllOnCandidate(boolean v) { return toBuilder().firstExampleNllOnCandidate(v).build(); }
    /** This config with {@link #perPassBest()} set. */
    public GreaterConfig withPerPassBest(boolean v) { return toBuilder().perPassBest(v).build(); }
    /** This config with {@link #officialRestarts()} set. */
    public GreaterConfig withOfficialRestarts(boolean v) { return toBuilder().officialRestarts(v).build(); }
    /** This config with {@link #officialChatLayout()} set. */
    public GreaterConfig withOfficialChatLayout(boolean v) { return toBuilder().officialChatLayout(v).build(); }
    /** This config with {@link #gemmaLastFifth()} set. */
    public GreaterConfig withGemmaLastFifth(boolean v) { return toBuilder().gemmaLastFifth(v).build(); }
    /** This config with {@link #splitAtAssistantHeader()} set. */
    public GreaterConfig withSplitAtAssistantHeader(boolean v) { return toBuilder().splitAtAssistantHeader(v).build(); }

    /** Builds a {@link GreaterConfig}; every field starts at the value of the config it was made from. Not thread-safe. */
    public static final class Builder {
        private String preset;
        private String initialPrompt;
        private String separator;
        private int topk;
        private int topq;
        private int intersectionSize;
        private int minCandidates;
        private int shortlist;
        private double gradTemperature;
        private double gradPromptWeight;
        private double selectPromptWeight;
        private int maxNewTokens;
        private double earlyStopScore;
        private boolean periodForcing;
        private String growthToken;
        private boolean keepBest;
        private boolean scoreAllCandidates;
        private long seed;
        private int batchSize;
        private boolean naive;
        private boolean cutAtExtractor;
        private int steps;
        private boolean drafting;
        private boolean retokenize;
        private boolean officialBannedRange;
        private boolean dropEosInSwap;
        private boolean firstExampleNllOnCandidate;
        private boolean perPassBest;
        private boolean officialRestarts;
        private boolean officialChatLayout;
        private boolean gemmaLastFifth;
        private boolean splitAtAssistantHeader;

        private Builder(GreaterConfig c) {
            preset = c.preset;
            initialPrompt = c.initialPrompt;
            separator = c.separator;
            topk = c.topk;
            topq = c.topq;
            intersectionSize = c.intersectionSize;
            minCandidates = c.minCandidates;
            shortlist = c.shortlist;
            gradTemperature = c.gradTemperature;
            gradPromptWeight = c.gradPromptWeight;
            selectPromptWeight = c.selectPromptWeight;
            maxNewTokens = c.maxNewTokens;
            earlyStopScore = c.earlyStopScore;
            periodForcing = c.periodForcing;
            growthToken = c.growthToken;
            keepBest = c.keepBest;
            scoreAllCandidates = c.scoreAllCandidates;
            seed = c.seed;
            batchSize = c.batchSize;
            naive = c.naive;
            cutAtExtractor = c.cutAtExtractor;
            steps = c.steps;
            drafting = c.drafting;
            retokenize = c.retokenize;
            officialBannedRange = c.officialBannedRange;
            dropEosInSwap = c.dropEosInSwap;
            firstExampleNllOnCandidate = c.firstExampleNllOnCandidate;
            perPassBest = c.perPassBest;
            officialRestarts = c.officialRestarts;
            officialChatLayout = c.officialChatLayout;
            gemmaLastFifth = c.gemmaLastFifth;
            splitAtAssistantHeader = c.splitAtAssistantHeader;
        }

        /** @return this builder with {@link GreaterConfig#preset()} set */
        public Builder preset(String v) { preset = v; return this; }
        /** @return this builder with {@link GreaterConfig#initialPrompt()} set */
        public Builder initialPrompt(String v) { initialPrompt = v; return this; }
        /** @return this builder with {@link GreaterConfig#separator()} set */
        public Builder separator(String v) { separator = v; return this; }
        /** @return this builder with {@link GreaterConfig#topk()} set */
        public Builder topk(int v) { topk = v; return this; }
        /** @return this builder with {@link GreaterConfig#topq()} set */
        public Builder topq(int v) { topq = v; return this; }
        /** @return this builder with {@link GreaterConfig#intersectionSize()} set */
        public Builder intersectionSize(int v) { intersectionSize = v; return this; }
        /** @return this builder with {@link GreaterConfig#minCandidates()} set */
        public Builder minCandidates(int v) { minCandidates = v; return this; }
        /** @return this builder with {@link GreaterConfig#shortlist()} set */
        public Builder shortlist(int v) { shortlist = v; return this; }
        /** @return this builder with {@link GreaterConfig#gradTemperature()} set */
        public Builder gradTemperature(double v) { gradTemperature = v; return this; }
        /** @return this builder with {@link GreaterConfig#gradPromptWeight()} set */
        public Builder gradPromptWeight(double v) { gradPromptWeight = v; return this; }
        /** @return this builder with {@link GreaterConfig#selectPromptWeight()} set */
        public Builder selectPromptWeight(double v) { selectPromptWeight = v; return this; }
        /** @return this builder with {@link GreaterConfig#maxNewTokens()} set */
        public Builder maxNewTokens(int v) { maxNewTokens = v; return this; }
        /** @return this builder with {@link GreaterConfig#earlyStopScore()} set */
        public Builder earlyStopScore(double v) { earlyStopScore = v; return this; }
        /** @return this builder with {@link GreaterConfig#periodForcing()} set */
        public Builder periodForcing(boolean v) { periodForcing = v; return this; }
        /** @return this builder with {@link GreaterConfig#growthToken()} set */
        public Builder growthToken(String v) { growthToken = v; return this; }
        /** @return this builder with {@link GreaterConfig#keepBest()} set */
        public Builder keepBest(boolean v) { keepBest = v; return this; }
        /** @return this builder with {@link GreaterConfig#scoreAllCandidates()} set */
        public Builder scoreAllCandidates(boolean v) { scoreAllCandidates = v; return this; }
        /** @return this builder with {@link GreaterConfig#seed()} set */
        public Builder seed(long v) { seed = v; return this; }
        /** @return this builder with {@link GreaterConfig#batchSize()} set */
        public Builder batchSize(int v) { batchSize = v; return this; }
        /** @return this builder with {@link GreaterConfig#naive()} set */
        public Builder naive(boolean v) { naive = v; return this; }
        /** @return this builder with {@link GreaterConfig#cutAtExtractor()} set */
        public Builder cutAtExtractor(boolean v) { cutAtExtractor = v; return this; }
        /** @return this builder with {@link GreaterConfig#steps()} set */
        public Builder steps(int v) { steps = v; return this; }
        /** @return this builder with {@link GreaterConfig#drafting()} set */
        public Builder drafting(boolean v) { drafting = v; return this; }
        /** @return this builder with {@link GreaterConfig#retokenize()} set */
        public Builder retokenize(boolean v) { retokenize = v; return this; }
        /** @return this builder with {@link GreaterConfig#officialBannedRange()} set */
        public Builder officialBannedRange(boolean v) { officialBannedRange = v; return this; }
        /** @return this builder with {@link GreaterConfig#dropEosInSwap()} set */
        public Builder dropEosInSwap(boolean v) { dropEosInSwap = v; return this; }
        /** @return this builder with {@link GreaterConfig#firstExampleNllOnCandidate()} set */
        public Builder firstExampleNllOnCandidate(boolean v) { firstExampleNllOnCandidate = v; return this; }
        /** @return this builder with {@link GreaterConfig#perPassBest()} set */
        public Builder perPassBest(boolean v) { perPassBest = v; return this; }
        /** @return this builder with {@link GreaterConfig#officialRestarts()} set */
        public Builder officialRestarts(boolean v) { officialRestarts = v; return this; }
        /** @return this builder with {@link GreaterConfig#officialChatLayout()} set */
        public Builder officialChatLayout(boolean v) { officialChatLayout = v; return this; }
        /** @return this builder with {@link GreaterConfig#gemmaLastFifth()} set */
        public Builder gemmaLastFifth(boolean v) { gemmaLastFifth = v; return this; }
        /** @return this builder with {@link GreaterConfig#splitAtAssistantHeader()} set */
        public Builder splitAtAssistantHeader(boolean v) { splitAtAssistantHeader = v; return this; }

        /** The config (validated). */
        public GreaterConfig build() {
            return new GreaterConfig(preset, initialPrompt, separator, topk, topq, intersectionSize, minCandidates, shortlist,
                    gradTemperature, gradPromptWeight, selectPromptWeight, maxNewTokens, earlyStopScore, periodForcing, growthToken,
                    keepBest, scoreAllCandidates, seed, batchSize, naive, cutAtExtractor, steps, drafting, retokenize, officialBannedRange,
                    dropEosInSwap, firstExampleNllOnCandidate, perPassBest, officialRestarts, officialChatLayout, gemmaLastFifth,
                    splitAtAssistantHeader);
        }
    }
}
