package org.greater4j.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.greater4j.TestData;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.AnswerType;
import org.greater4j.task.Example;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;
import org.greater4j.text.ChatFormat;
import org.greater4j.text.Layout;
import org.greater4j.text.LayoutPart;
import org.greater4j.text.LayoutSettings;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.Tokenizer;
import org.greater4j.text.TokenizerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each fidelity knob of {@link GreaterConfig} against a path that does not go through it: the tokenizer's own
 * encoding of the decoded prompt (re-tokenization), the Llama-3 tokenizer's known ids (banned range), the rendered
 * Llama-3 text with its {@code <|eot_id|>} removed (eos drop), steps whose best list is worked out by hand (dev
 * pool) and the restart rules on the stories260K model.
 */
class FidelityTest {
    static LanguageModel model;
    static Tokenizer tok;

    @BeforeAll
    static void load() {
        model = LanguageModel.load(TestData.shared("models/stories260K-llama2c/stories260K.bin"));
        tok = model.requireTokenizer();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Greater greater(GreaterConfig cfg, int rows) {
        List<Example> train = new ArrayList<>();
        for (int i = 0; i < rows; i++) train.add(new Example("s" + i, i, "Tom had a ball " + i + ". What did Tom have", "ball", "ball"));
        Task task = Task.of("stories", AnswerType.WORDS, train, List.of(), List.of(), "So the answer is");
        Protocol protocol = Protocol.of(model, task, Protocol.Options.defaults().withChatFormat("plain").withDate(LocalDate.of(2025, 1, 1)));
        return Greater.of(protocol, task, cfg.withInitialPrompt("think about the story.").withMaxNewTokens(16));
    }

    /** "think about" + the tokens "th" and "e" (non-canonical: the tokenizer writes "the" as one token). */
    static int[][] split(Greater g) {
        int[] canonical = g.encode("think about the");
        int[] th = {tok.tokenId(" th")}; // " th" + "e": vocabulary pieces of " the"
        int[] e = {tok.tokenId("e")};
        assertThat(th[0]).isNotNegative();
        assertThat(e[0]).isNotNegative();
        assertThat(canonical[canonical.length - 1]).isNotIn(th[0], e[0]);
        int[] ids = Arrays.copyOf(canonical, canonical.length + 1);
        ids[canonical.length - 1] = th[0];
        ids[canonical.length] = e[0];
        assertThat(tok.decode(ids, true)).isEqualTo(tok.decode(canonical, true));
        return new int[][] {canonical, ids};
    }

    @Test
    void retokenizationMergesTokensAndClampsThePosition() {
        Greater paper = greater(GreaterConfig.paper(), 8);
        int[][] s = split(paper);
        int[] canonical = s[0];
        int[] ids = s[1];
        int n = ids.length;
        // the step keeps "th" at n - 2; the next position, n - 1, is past the merged prompt's end
        PromptState after = paper.advance(paper.state(ids, n - 2, 0), ids[n - 2], 0.5);
        assertThat(after.ids()).containsExactly(canonical);
        assertThat(after.position()).isEqualTo(canonical.length - 1);
        PromptState kept = greater(GreaterConfig.clean(), 8).advance(paper.state(ids, n - 2, 0), ids[n - 2], 0.5);
        assertThat(kept.ids()).containsExactly(ids);
        assertThat(kept.position()).isEqualTo(n - 1);
    }

    @Test
    void theFinalPromptsIdsAreWhatItsTextEncodesTo() {
        Greater g = greater(GreaterConfig.clean(), 8);
        int[] ids = split(g)[1];
        BestPrompt b = new BestPrompt(ids, g.text(ids), 0.3, Double.NaN, 4);
        BestPrompt c = Run.canonical(g, b);
        assertThat(c.ids()).containsExactly(split(g)[0]);
        assertThat(c.prompt()).isEqualTo(b.prompt());
        int[] canonical = split(g)[0];
        BestPrompt same = new BestPrompt(canonical, g.text(canonical), 0.3, Double.NaN, 4);
        assertThat(Run.canonical(g, same)).isSameAs(same);
    }

    @Test
    void restartsAreFreshOptimizersAndOffWithExactly100Rows() {
        for (int rows : new int[] {8, 100}) {
            Greater paper = greater(GreaterConfig.paper(), rows);
            Greater clean = greater(GreaterConfig.clean(), rows);
            int[] grown = paper.encode("think about the story and the");
            PromptState p = paper.state(grown, 2, 0); // initial length 0 -> state() records the prompt's own length
            PromptState shorter = new PromptState(p.ids(), p.tokens(), p.text(), 2, 4, 0, 0); // a pass that began at 4 tokens
            PromptState a = paper.advance(shorter, grown[2], 0.05);
            PromptState b = clean.advance(shorter, grown[2], 0.05);
            assertThat(b.position()).as("clean restarts, %d rows", rows).isZero();
            assertThat(b.initialLength()).isEqualTo(4);
            if (rows == 100) {
                assertThat(a.position()).as("official: no restart with exactly the group size").isEqualTo(3);
                assertThat(a.restarts()).isZero();
            } else {
                assertThat(a.position()).isZero();
                assertThat(a.restarts()).isEqualTo(1);
                assertThat(a.initialLength()).as("the fresh optimizer reads the grown prompt's length").isEqualTo(grown.length);
            }
        }
    }

    @Test
    void officialBannedRangeAllowsIdsZeroToTwoAndSpecials() {
        Path dir = TestData.tokenizer("llama3_2");
        Tokenizer llama = Tokenizer.load(dir);
        Map<String, String> named = TokenizerConfig.read(dir).specialTokens();
        int bos = llama.tokenId(named.get("bos_token"));
        int eos = llama.tokenId(named.get("eos_token"));
        assertThat(List.of(llama.tokenText(0), llama.tokenText(1), llama.tokenText(2))).containsExactly("!", "\"", "#");
        assertThat(Proposal.baseVocabulary(llama)).as("HF vocab_size of Llama-3").isEqualTo(128000);
        int vocab = llama.vocabSize();
        BitSet official = Proposal.officialBannedTokens(llama, vocab, new int[] {bos, eos, -1, -1});
        BitSet clean = Proposal.bannedTokens(llama, vocab);
        int reserved = llama.tokenId("<|reserved_special_token_0|>");
        for (int id : new int[] {0, 1, 2, reserved}) {
            assertThat(official.get(id)).as("official bans %d", id).isFalse();
            assertThat(clean.get(id)).as("clean bans %d", id).isTrue();
        }
        assertThat(official.get(bos)).isTrue();
        assertThat(official.get(eos)).isTrue();
        for (int id = 3; id < 128000; id++) {
            assertThat(official.get(id)).as("id %d", id).isEqualTo(clean.get(id));
        }
    }

    @Test
    void eosIsDroppedFromALlama3Sequence() {
        Path dir = TestData.tokenizer("llama3_2");
        Tokenizer llama = Tokenizer.load(dir);
        TokenizerConfig cfg = TokenizerConfig.read(dir);
        LayoutTemplate t = LayoutTemplate.of(ChatFormat.resolve("auto", cfg, LocalDate.of(2025, 1, 1)), llama, LayoutSettings.paper(),
                cfg.contextLength());
        int[] prompt = t.encodePrompt("think step by step.");
        Layout g = t.generation("What is 2 + 3?", prompt);
        int eot = llama.tokenId("<|eot_id|>");
        assertThat(llama.tokenId(cfg.specialTokens().get("eos_token"))).as("Llama-3's eos is <|eot_id|>").isEqualTo(eot);
        int[] kept = RealScore.without(g.ids(), eot, -1);
        long eots = Arrays.stream(g.ids()).filter(id -> id == eot).count();
        assertThat(eots).as("system block and user turn").isGreaterThanOrEqualTo(1);
        assertThat(kept).hasSize(g.length() - (int) eots);
        assertThat(llama.decode(kept, false)).isEqualTo(llama.decode(g.ids(), false).replace("<|eot_id|>", ""));
        int ps = RealScore.without(Arrays.copyOf(g.ids(), g.span(LayoutPart.PROMPT).start()), eot, -1).length;
        assertThat(Arrays.copyOfRange(kept, ps, ps + prompt.length)).containsExactly(prompt);
    }

    @Test
    void devPoolIsTheLastListPrintedAtAStepOfThePassDivisibleBy15() {
        List<OfficialBest.Entry> steps = new ArrayList<>();
        for (int i = 0; i < 20; i++) steps.add(new OfficialBest.Entry(i, 0, 1 - 0.01 * i, new int[] {i % 12}));
        List<BestPrompt> pool = OfficialBest.pool(steps, ids -> "p" + ids[0]);
        // printed at steps 0 and 15: the 10 lowest of steps 0-15 are steps 6-15; 16-19 never enter
        assertThat(pool).extracting(BestPrompt::step).containsExactly(15, 14, 13, 12, 11, 10, 9, 8, 7, 6);
        // prompts repeat (i % 12): step 12 and step 0 hold the same prompt; a pool keeps duplicates
        List<OfficialBest.Entry> dup = new ArrayList<>();
        for (int i = 0; i < 16; i++) dup.add(new OfficialBest.Entry(i, 0, i % 2 == 0 ? 0.5 : 0.9, new int[] {i % 2}));
        assertThat(OfficialBest.pool(dup, ids -> "p" + ids[0])).extracting(BestPrompt::prompt)
                .containsExactly("p0", "p0", "p0", "p0", "p0", "p0", "p0", "p0", "p1", "p1");
        // a restart at step 17 starts a new list, printed at its first step
        steps.set(17, new OfficialBest.Entry(17, 1, 0.9, new int[] {5}));
        steps.set(18, new OfficialBest.Entry(18, 1, 0.1, new int[] {6}));
        steps.set(19, new OfficialBest.Entry(19, 1, 0.05, new int[] {7}));
        assertThat(OfficialBest.pool(steps, ids -> "p" + ids[0])).extracting(BestPrompt::step).containsExactly(17);
    }
}
