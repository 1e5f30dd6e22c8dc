package org.greater4j.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.greater4j.TestData;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Candidates.Intersection;
import org.greater4j.task.AnswerType;
import org.greater4j.task.Example;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;
import org.greater4j.text.Layout;
import org.greater4j.text.LayoutPart;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optimizer's steps on the real stories260K model (plain chat format, story questions), each
 * checked against an independent computation from the engine's logits or against the documented
 * rules.
 */
class GreaterTest {
    static LanguageModel model;
    static LanguageModel model64;
    static LayoutTemplate template;
    static List<Example> train;
    static Task task;

    @BeforeAll
    static void load() {
        Path bin = TestData.shared("models/stories260K-llama2c/stories260K.bin");
        model = LanguageModel.load(bin);
        model64 = LanguageModel.load(bin, LanguageModel.Options.defaults().withComputeType(DataType.FLOAT64));
        String[] names = {"Lily", "Tom", "Ben", "Sue", "Max", "Anna", "Tim", "Mia"};
        String[] things = {"ball", "dog", "cat", "toy", "cake", "tree", "car", "bird"};
        train = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String n = names[i];
            String t = things[(i * 3) % 8];
            train.add(new Example("s" + i, i, n + " had a " + t + ". What did " + n + " have", t, t));
        }
        task = Task.of("stories", AnswerType.WORDS, train, List.of(), List.of(), "So the answer is");
        template = protocol(model).layout();
    }

    static Protocol protocol(LanguageModel m) {
        return Protocol.of(m, task, Protocol.Options.defaults().withChatFormat("plain").withDate(LocalDate.of(2025, 1, 1)));
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
        if (model64 != null) model64.close();
    }

    static GreaterConfig cfg() {
        return GreaterConfig.paper().withInitialPrompt("think about the story.").withMaxNewTokens(16).withBatchSize(4).withSeed(3);
    }

    static Greater greater(LanguageModel m, GreaterConfig c) {
        return Greater.of(protocol(m), task, c);
    }

    @Test
    void candidateSetFollowsTheDocumentedProcedure() {
        Greater g = greater(model, cfg().withTopk(6));
        PromptState p = g.initialPrompt();
        p = g.state(p.ids(), 2, 0);
        Candidates c = g.propose(p);
        int[] ids = p.ids();
        int prev = ids[1];
        // each example's top-k, recomputed from the model's logits independently
        for (int i = 0; i < train.size(); i++) {
            Layout l = template.generation(train.get(i).question(), ids);
            int upTo = l.span(LayoutPart.PROMPT).start() + 2;
            float[] lg = model.logits(Arrays.copyOf(l.ids(), upTo))[upTo - 1];
            List<Integer> ok = new ArrayList<>();
            for (int t = 0; t < lg.length; t++) if (g.isAllowed(t) && t != prev) ok.add(t);
            ok.sort((a, b) -> lg[b] != lg[a] ? Float.compare(lg[b], lg[a]) : Integer.compare(a, b));
            assertThat(c.topk()[i]).containsExactly(ok.subList(0, c.k()).stream().mapToInt(Integer::intValue).toArray());
        }
        // intersections: 5 distinct examples, tokens in each one's top-k; the set = union + current
        assertThat(c.intersections()).hasSize(6);
        Set<Integer> union = new TreeSet<>();
        for (Intersection in : c.intersections()) {
            assertThat(Arrays.stream(in.examples()).distinct().count()).isEqualTo(5);
            for (int t : in.tokens()) {
                for (int e : in.examples()) assertThat(Arrays.stream(c.topk()[e]).anyMatch(x -> x == t)).isTrue();
                union.add(t);
            }
            Set<Integer> expected = new TreeSet<>();
            for (int t : c.topk()[in.examples()[0]]) expected.add(t);
            for (int e : in.examples()) expected.retainAll(Arrays.stream(c.topk()[e]).boxed().toList());
            assertThat(Arrays.stream(in.tokens()).boxed().toList()).containsExactlyElementsOf(expected);
        }
        union.add(p.current());
        assertThat(Arrays.stream(c.tokens()).boxed().toList()).containsExactlyElementsOf(union);
        assertThat(c.tokens().length >= 6 || c.k() >= 1000).isTrue();
        assertThat(c.k()).isGreaterThanOrEqualTo(6).isEqualTo(6 + 2 * ((c.k() - 6) / 2));
        for (int t : c.tokens()) if (t != p.current()) assertThat(g.isAllowed(t) && t != prev).isTrue();
        // the same (seed, step) gives the same set; another step index other intersections
        assertThat(g.propose(p)).isEqualTo(c);
        assertThat(g.propose(g.state(p.ids(), 2, 1)).intersections()).isNotEqualTo(c.intersections());
    }

    @Test
    void kGrowsUntilTheSetIsLargeEnough() {
        Greater g = greater(model, cfg().withTopk(1));
        Candidates c = g.propose(g.state(g.initialPrompt().ids(), 0, 1));
        assertThat(c.k()).isGreaterThan(1);
        assertThat(c.tokens().length - (c.currentAdded() ? 1 : 0)).isGreaterThanOrEqualTo(6);
    }

    @Test
    void bannedTokensFollowTheOfficialRule() {
        assertThat(Proposal.allowed(" the")).isTrue();
        assertThat(Proposal.allowed(".")).isTrue();
        assertThat(Proposal.allowed(",")).isTrue();
        assertThat(Proposal.allowed(" ")).isTrue();
        assertThat(Proposal.allowed("!")).isFalse();
        assertThat(Proposal.allowed(" 12")).isFalse();
        assertThat(Proposal.allowed("ing.")).isFalse();
        assertThat(Proposal.allowed("é")).isFalse();
        assertThat(Proposal.allowed("\n")).isFalse();
    }

    @Test
    void lossEqualsAnIndependentComputationFromLogits() {
        Greater g = greater(model, cfg());
        PromptState p = g.initialPrompt();
        Reasoning r = g.reason(p);
        Candidates c = g.propose(p);
        Scores s = g.score(p, r, c);
        for (int i = 0; i < train.size(); i++) {
            Example e = train.get(i);
            Layout l = template.full(e.question(), p.ids(), r.traces().get(i).text(), "So the answer is", e.lossAnswer());
            float[][] lg = model.logits(l.ids());
            Span an = l.span(LayoutPart.ANSWER);
            Span pr = l.span(LayoutPart.PROMPT);
            double ce = 0;
            for (int j = an.start(); j < an.end(); j++) ce += org.greater4j.model.EngineConsistencyTest.ce(lg[j - 1], l.ids()[j], 0.2);
            ce /= an.length();
            double nll = 0;
            for (int j = pr.start(); j < pr.end(); j++) nll += org.greater4j.model.EngineConsistencyTest.ce(lg[j - 1], l.ids()[j], 1.0);
            nll /= pr.length();
            assertThat(s.exampleLoss()[i]).as("example %d", i).isCloseTo(ce + 0.2 * nll, within(2e-3 * Math.max(1, ce)));
        }
        double norm = Arrays.stream(s.gradient()).map(x -> x * x).sum();
        assertThat(norm).isCloseTo(1.0, within(1e-9));
        // the shortlist is the three most negative gradient entries
        Integer[] o = new Integer[s.candidates().length];
        for (int j = 0; j < o.length; j++) o[j] = j;
        Arrays.sort(o, (a, b) -> Double.compare(s.gradient()[a], s.gradient()[b]));
        assertThat(s.shortlist()).containsExactly(s.candidates()[o[0]], s.candidates()[o[1]], s.candidates()[o[2]]);
    }

    @Test
    void gradientEqualsFiniteDifferencesOfTheSummedLoss() {
        // float64 model: d(sum of losses)/d(onehot_j) by central differences through the engine
        Greater g = greater(model64, cfg());
        PromptState p = g.initialPrompt();
        Reasoning r = g.reason(p);
        Candidates c = g.propose(p);
        Scores s = g.score(p, r, c);
        // rebuild the same request and differentiate numerically
        int n = train.size();
        int[][] seqs = new int[n][];
        int[][] at = new int[n][];
        List<org.greater4j.model.OneHotGradient.Target> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Example e = train.get(i);
            Layout l = template.full(e.question(), p.ids(), r.traces().get(i).text(), "So the answer is", e.lossAnswer());
            seqs[i] = l.ids();
            Span pr = l.span(LayoutPart.PROMPT);
            Span an = l.span(LayoutPart.ANSWER);
            at[i] = new int[] {pr.start()};
            int[] ap = new int[an.length()];
            for (int j = 0; j < ap.length; j++) ap[j] = an.start() - 1 + j;
            int[] pp = new int[pr.length()];
            for (int j = 0; j < pp.length; j++) pp[j] = pr.start() - 1 + j;
            targets.add(new org.greater4j.model.OneHotGradient.Target(i, ap, Arrays.copyOfRange(seqs[i], an.start(), an.end()), 0.2, 1.0));
            targets.add(new org.greater4j.model.OneHotGradient.Target(i, pp, Arrays.copyOfRange(seqs[i], pr.start(), pr.end()), 1.0, 0.2));
        }
        int cur = -1;
        for (int j = 0; j < c.tokens().length; j++) if (c.tokens()[j] == p.current()) cur = j;
        double[] fd = new double[c.tokens().length];
        double eps = 1e-5;
        for (int j = 0; j < fd.length; j++) {
            double[] lo = new double[2];
            for (int sgn = 0; sgn < 2; sgn++) {
                double[][][] v = new double[n][1][c.tokens().length];
                for (int i = 0; i < n; i++) {
                    v[i][0][cur] = 1;
                    v[i][0][j] += sgn == 0 ? eps : -eps;
                }
                lo[sgn] = org.greater4j.model.OneHotGradient.compute(model64,
                        new org.greater4j.model.OneHotGradient.Request(seqs, at, c.tokens(), targets, v), 8).loss();
            }
            fd[j] = (lo[0] - lo[1]) / (2 * eps);
        }
        double norm = Math.sqrt(Arrays.stream(fd).map(x -> x * x).sum());
        for (int j = 0; j < fd.length; j++) assertThat(s.gradient()[j]).isCloseTo(fd[j] / norm, within(1e-6));
    }

    static Evaluated ev(int token, double score) {
        return new Evaluated(token, "t" + token, score, score, 0, null);
    }

    @Test
    void swapPicksTheArgminWithTiesToTheLaterAndPeriodForcing() {
        assertThat(SwapRule.choose(List.of(ev(1, 0.5), ev(2, 0.3), ev(3, 0.4)), t -> false).winner().token()).isEqualTo(2);
        assertThat(SwapRule.choose(List.of(ev(1, 0.3), ev(2, 0.3), ev(3, 0.4)), t -> false).winner().token()).isEqualTo(2);
        assertThat(SwapRule.choose(List.of(ev(1, 0.3), ev(2, 0.4), ev(3, 0.3)), t -> false).winner().token()).isEqualTo(3);
        SwapRule.Choice forced = SwapRule.choose(List.of(ev(1, 0.1), ev(9, 0.8), ev(3, 0.0)), t -> t == 9);
        assertThat(forced.winner().token()).isEqualTo(9);
        assertThat(forced.forced()).isTrue();
        // keep-best: the current token is first, a worse candidate does not replace it, an equal one does
        assertThat(SwapRule.choose(List.of(ev(7, 0.2), ev(1, 0.3), ev(2, 0.25)), t -> false).winner().token()).isEqualTo(7);
        assertThat(SwapRule.choose(List.of(ev(7, 0.2), ev(1, 0.2)), t -> false).winner().token()).isEqualTo(1);
    }

    @Test
    void positionAdvancesWrapsAndGrows() {
        Greater g = greater(model, cfg().withRetokenize(false)); // ids as chosen (FidelityTest: re-tokenized)
        int[] ids = g.encode("think about the story.");
        int n = ids.length;
        int period = ids[n - 1]; // the prompt's own final "." (encoding "." alone may start with a word-boundary piece)
        assertThat(g.text(new int[] {period})).contains(".");
        int word = ids[2];
        assertThat(g.text(new int[] {word})).doesNotContain(".");
        PromptState p = g.state(ids, 1, 0);
        PromptState a = g.advance(p, word, 0.5);
        assertThat(a.ids()[1]).isEqualTo(word);
        assertThat(a.position()).isEqualTo(2);
        assertThat(a.step()).isEqualTo(1);
        PromptState end = g.state(ids, n - 1, 4);
        PromptState grown = g.advance(end, word, 0.5);
        assertThat(grown.ids()).hasSize(n + 1);
        assertThat(grown.ids()[n - 1]).isEqualTo(word);
        assertThat(grown.ids()[n]).isEqualTo(g.growthId());
        assertThat(grown.position()).isEqualTo(n);
        PromptState wrapped = g.advance(end, period, 0.5);
        assertThat(wrapped.ids()).hasSize(n);
        assertThat(wrapped.position()).isEqualTo(0);
        PromptState restarted = g.advance(p, word, 0.05);
        assertThat(restarted.position()).isEqualTo(0);
        assertThat(restarted.restarts()).isEqualTo(1);
    }

    @Test
    void tokenTextsKeepSentencePieceLeadingSpaces() {
        Greater g = greater(model, cfg());
        PromptState p = g.state(g.encode("think about the story"), 0, 0);
        // each token decoded alone, joined, is the whole prompt decoded at once
        assertThat(String.join("", p.tokens()).strip()).isEqualTo(p.text()).isEqualTo("think about the story");
    }

    @Test
    void stepsAreDeterministicAndTheNaiveScheduleAgrees() {
        GreaterConfig c = cfg().withShortlist(2);
        Greater eff = greater(model, c);
        Greater naive = greater(model, c.withNaive(true));
        Greater again = greater(model, c);
        PromptState pe = eff.initialPrompt();
        PromptState pn = pe;
        PromptState pa = pe;
        int[] winnerPrompt = null;
        for (int i = 0; i < 3; i++) {
            Step se = eff.step(pe);
            Step sn = naive.step(pn);
            Step sa = again.step(pa);
            assertThat(sn.candidates().tokens()).as("candidates, step %d", i).containsExactly(se.candidates().tokens());
            assertThat(sn.scores().shortlist()).as("shortlist, step %d", i).containsExactly(se.scores().shortlist());
            assertThat(sn.swap().winner()).as("winner, step %d", i).isEqualTo(se.swap().winner());
            assertThat(sn.swap().next().ids()).containsExactly(se.swap().next().ids());
            assertThat(sa.swap().score()).isEqualTo(se.swap().score());
            assertThat(sa.scores().gradient()).containsExactly(se.scores().gradient());
            assertThat(se.index()).isEqualTo(i);
            assertThat(se.reused()).isEqualTo(winnerPrompt != null && Arrays.equals(winnerPrompt, pe.ids()));
            assertThat(sn.reused()).isFalse();
            assertThat(sn.cost().generatedTokens()).isGreaterThan(se.cost().generatedTokens() - 1);
            pe = se.swap().next();
            pn = sn.swap().next();
            pa = sa.swap().next();
            winnerPrompt = se.swap().reasoning().promptIds();
        }
    }

    @Test
    void theSwapsSharedPrefixScoresEqualEachCandidateScoredAlone() {
        // float64: the efficient swap generates and scores the shortlist together from shared prefixes;
        // the official schedule scores each candidate alone, batch 1
        GreaterConfig c = cfg().withShortlist(3);
        Greater eff = greater(model64, c);
        Greater naive = greater(model64, c.withNaive(true));
        PromptState p = eff.initialPrompt();
        Step se = eff.step(p);
        Step sn = naive.step(p);
        assertThat(se.swap().evaluated()).hasSameSizeAs(sn.swap().evaluated()).hasSizeGreaterThan(1);
        for (int i = 0; i < se.swap().evaluated().size(); i++) {
            Evaluated a = se.swap().evaluated().get(i);
            Evaluated b = sn.swap().evaluated().get(i);
            assertThat(a.token()).isEqualTo(b.token());
            assertThat(a.mistakeRate()).isEqualTo(b.mistakeRate());
            assertThat(a.promptNll()).isCloseTo(b.promptNll(), within(1e-9));
            assertThat(a.score()).isCloseTo(b.score(), within(1e-9));
            for (int k = 0; k < train.size(); k++) {
                assertThat(a.reasoning().traces().get(k).tokens()).isEqualTo(b.reasoning().traces().get(k).tokens());
            }
        }
        // the shared prefixes are run once: fewer tokens in forward passes and in prefill
        assertThat(se.cost().forwardTokens()).isLessThan(sn.cost().forwardTokens());
        assertThat(se.cost().prefillTokens()).isLessThan(sn.cost().prefillTokens());
    }

    @Test
    void promptTextReencodesToItsIds() {
        Greater g = greater(model, cfg());
        PromptState p = g.initialPrompt();
        String text = g.text(p.ids());
        assertThat(text).isEqualTo("think about the story.");
        assertThat(template.encodePrompt(text)).containsExactly(p.ids());
        int[] grown = Arrays.copyOf(p.ids(), p.ids().length + 1);
        grown[grown.length - 1] = g.growthId();
        assertThat(g.text(grown)).isEqualTo(text);
    }
}
