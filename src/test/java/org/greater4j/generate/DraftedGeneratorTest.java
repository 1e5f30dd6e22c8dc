package org.greater4j.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.greater4j.TestData;
import org.greater4j.model.LanguageModel;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.task.Example;
import org.greater4j.toy.ToyEvaluation;
import org.greater4j.toy.ToyModels;
import org.greater4j.toy.ToyTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drafted greedy generation equals plain greedy generation ({@link Generator}, the independent path) token for token,
 * with its stop reasons, for good, exact, shifted, bad, empty and over-long drafts and drafts with an early EOS, on
 * the toy, the trained stories260K and tiny HF checkpoints of three families; and good drafts save forward calls.
 */
class DraftedGeneratorTest {

    /** Compares drafted with plain decoding on every draft kind; returns the counts of the exact drafts. */
    static DecodeCount[] checkAllDrafts(LanguageModel m, int[][] prompts, int[][] neighbour, int maxNew, int chunk) {
        GenerationConfig cfg = GenerationConfig.greedy(maxNew);
        long[] plainCalls = new long[1];
        List<Generation> plain = Generator.of(m, m.tokenizer().orElse(null)).generate(prompts, cfg, TokenListener.NONE);
        try (var cache = m.newCache(prompts.length)) {
            Generator.of(m, m.tokenizer().orElse(null)).generate(cache, prompts, cfg, TokenListener.NONE, c -> plainCalls[0] += c.forwardCalls());
        }
        int n = prompts.length;
        int eos = m.config().eosTokenIds()[0];
        int v = m.config().vocabSize();
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] good = neighbourDrafts(m, neighbour, cfg);
        int[][] exact = new int[n][];
        int[][] longer = new int[n][];
        int[][] earlyEos = new int[n][];
        int[][] shifted = new int[n][];
        int[][] bad = new int[n][];
        for (int i = 0; i < n; i++) {
            int[] g = plain.get(i).tokens();
            exact[i] = g;
            longer[i] = concat(g, new int[] {eos}, rnd.ints(maxNew, 0, v).toArray());
            int cut = Math.min(3, g.length);
            earlyEos[i] = concat(Arrays.copyOf(g, cut), new int[] {eos}, Arrays.copyOfRange(g, cut, g.length));
            shifted[i] = Arrays.copyOfRange(g, Math.min(g.length, 2), g.length);
            bad[i] = rnd.ints(maxNew, 0, v).toArray();
        }
        Object[][] kinds = {{"good", good}, {"longer", longer}, {"earlyEos", earlyEos}, {"shifted", shifted}, {"bad", bad},
            {"none", new int[n][]}, {"empty", emptyDrafts(n)}};
        DraftedGenerator d = DraftedGenerator.of(m, m.tokenizer().orElse(null)).withChunk(chunk);
        for (Object[] k : kinds) compare(d, prompts, (int[][]) k[1], cfg, plain, (String) k[0]);
        DecodeCount[] exactCount = new DecodeCount[1];
        compare(d, prompts, exact, cfg, plain, "exact", exactCount);
        // every token of a plain decode and its forward calls: the drafted decode of the exact outputs needs far fewer
        long total = plain.stream().mapToLong(g -> g.tokens().length).sum();
        assertThat(exactCount[0].acceptedTokens() + exactCount[0].generatedTokens()).isGreaterThanOrEqualTo(total);
        return new DecodeCount[] {exactCount[0], new DecodeCount(plainCalls[0], 0, 0, total, 0)};
    }

    static void compare(DraftedGenerator d, int[][] prompts, int[][] drafts, GenerationConfig cfg, List<Generation> plain, String kind) {
        compare(d, prompts, drafts, cfg, plain, kind, new DecodeCount[1]);
    }

    static void compare(DraftedGenerator d, int[][] prompts, int[][] drafts, GenerationConfig cfg, List<Generation> plain, String kind,
                        DecodeCount[] count) {
        count[0] = DecodeCount.ZERO;
        List<Generation> got = d.generate(prompts, drafts, cfg, TokenListener.NONE, c -> count[0] = count[0].plus(c));
        for (int i = 0; i < prompts.length; i++) {
            assertThat(got.get(i).tokens()).as("%s draft, row %d", kind, i).isEqualTo(plain.get(i).tokens());
            assertThat(got.get(i).stopReason()).as("%s draft, row %d", kind, i).isEqualTo(plain.get(i).stopReason());
            assertThat(got.get(i).text()).isEqualTo(plain.get(i).text());
        }
    }

    /** The greedy outputs of the neighbour prompts (one token changed): the optimizer's kind of draft. */
    static int[][] neighbourDrafts(LanguageModel m, int[][] neighbour, GenerationConfig cfg) {
        List<Generation> g = Generator.of(m, m.tokenizer().orElse(null)).generate(neighbour, cfg, TokenListener.NONE);
        return g.stream().map(Generation::tokens).toArray(int[][]::new);
    }

    static int[][] emptyDrafts(int n) {
        int[][] e = new int[n][];
        for (int i = 0; i < n; i++) e[i] = new int[0];
        return e;
    }

    static int[] concat(int[]... parts) {
        int[] out = new int[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int o = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** Random prompts starting with BOS (1), and the same prompts with one token changed. */
    static int[][][] randomPrompts(int count, int vocab, int minLen, int maxLen, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] p = new int[count][];
        int[][] q = new int[count][];
        for (int i = 0; i < count; i++) {
            p[i] = r.ints(r.nextInt(minLen, maxLen + 1), 3, vocab).toArray();
            p[i][0] = 1;
            q[i] = p[i].clone();
            q[i][1 + r.nextInt(p[i].length - 1)] = r.nextInt(3, vocab);
        }
        return new int[][][] {p, q};
    }

    @Test
    void stories260KDraftedEqualsGreedyAndSavesForwardCalls() {
        try (LanguageModel m = LanguageModel.load(TestData.shared("models/stories260K-llama2c/stories260K.bin"))) {
            int[][][] pq = randomPrompts(6, m.config().vocabSize(), 2, 12, 1);
            DecodeCount[] c = checkAllDrafts(m, pq[0], pq[1], 64, DraftedGenerator.DEFAULT_CHUNK);
            assertThat(c[0].forwardCalls()).as("exact drafts verify 64 tokens in a few passes").isLessThanOrEqualTo(c[1].forwardCalls() / 4);
            int[][][] few = randomPrompts(3, m.config().vocabSize(), 2, 12, 5);
            checkAllDrafts(m, few[0], few[1], 24, 3); // many short chunks
            // rows that reach the context (512): prompts of 490 tokens, 40 new tokens allowed
            int[][][] longOnes = randomPrompts(2, m.config().vocabSize(), 488, 492, 2);
            checkAllDrafts(m, longOnes[0], longOnes[1], 30, 8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-f32", "gemma3-f32", "phi3-longrope-f32"})
    void tinyHfCheckpointsDraftedEqualsGreedy(String name) {
        Path dir = TestData.shared("goldens-hf/models/" + name);
        try (LanguageModel m = LanguageModel.load(dir)) {
            int[][][] pq = randomPrompts(5, m.config().vocabSize(), 3, 20, 3);
            checkAllDrafts(m, pq[0], pq[1], 32, 16);
        }
    }

    @Test
    void everyVerifiedPositionDistrustedFallsBackToSingleSteps() {
        try (LanguageModel m = LanguageModel.load(TestData.shared("models/stories260K-llama2c/stories260K.bin"))) {
            int[][][] pq = randomPrompts(4, m.config().vocabSize(), 2, 8, 4);
            GenerationConfig cfg = GenerationConfig.greedy(30);
            List<Generation> plain = Generator.of(m).generate(pq[0], cfg, TokenListener.NONE);
            int[][] exact = plain.stream().map(Generation::tokens).toArray(int[][]::new);
            DecodeCount[] c = new DecodeCount[1];
            DraftedGenerator all = DraftedGenerator.of(m, m.tokenizer().orElse(null)).withTieTolerance(1e9);
            compare(all, pq[0], exact, cfg, plain, "exact, all ties", c);
            assertThat(c[0].acceptedTokens()).isZero();
            assertThat(c[0].nearTies()).isPositive();
        }
    }

    @Test
    void toyReasoningDraftedFromANeighbourPromptEqualsPlainReasoning() {
        try (LanguageModel model = LanguageModel.load(ToyModels.path("toy"))) {
            LayoutTemplate layout = ToyEvaluation.layout(model);
            List<String> qs = ToyTask.task().train().stream().limit(6).map(Example::question).toList();
            int[] base = layout.encodePrompt("no thinking just feeling.");
            List<int[]> prompts = new ArrayList<>();
            for (String w : new String[] {"step", "gut", "carefully", "no"}) {
                int[] p = base.clone();
                p[1] = layout.tokenizer().encode(w)[0];
                prompts.add(p);
            }
            Reasoner r = Reasoner.of(model, layout);
            List<Reasoner.Result> previous = r.reason(qs, base, 60, 4, TokenListener.NONE);
            List<int[]> drafts = previous.stream().map(Reasoner.Result::tokens).toList();
            DecodeCount[] drafted = {DecodeCount.ZERO};
            DecodeCount[] plainCount = {DecodeCount.ZERO};
            List<List<Reasoner.Result>> shared = r.reasonShared(qs, prompts, 60, 3, drafts, TokenListener.NONE, c -> drafted[0] = drafted[0].plus(c));
            List<List<Reasoner.Result>> plainShared = r.reasonShared(qs, prompts, 60, 3, null, TokenListener.NONE,
                    c -> plainCount[0] = plainCount[0].plus(c));
            for (int j = 0; j < prompts.size(); j++) {
                List<Reasoner.Result> alone = r.reason(qs, prompts.get(j), 60, 4, TokenListener.NONE);
                List<Reasoner.Result> aloneDrafted = r.reason(qs, prompts.get(j), 60, 4, drafts, TokenListener.NONE, DecodeCount.Sink.NONE);
                for (int i = 0; i < qs.size(); i++) {
                    assertThat(shared.get(j).get(i).tokens()).as("prompt %d question %d", j, i).isEqualTo(alone.get(i).tokens());
                    assertThat(shared.get(j).get(i).text()).isEqualTo(alone.get(i).text());
                    assertThat(shared.get(j).get(i).stop()).isEqualTo(alone.get(i).stop());
                    assertThat(aloneDrafted.get(i).tokens()).isEqualTo(alone.get(i).tokens());
                    assertThat(plainShared.get(j).get(i).tokens()).isEqualTo(alone.get(i).tokens());
                }
            }
            assertThat(drafted[0].acceptedTokens()).isPositive();
            assertThat(drafted[0].acceptedTokens() + drafted[0].generatedTokens()).isEqualTo(plainCount[0].generatedTokens());
            assertThat(drafted[0].forwardCalls()).isLessThan(plainCount[0].forwardCalls());
        }
    }
}
