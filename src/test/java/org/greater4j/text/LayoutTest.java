package org.greater4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The prompt layout on the real Llama-3.2, Qwen2.5 and Gemma-2 tokenizers: spans, round trips, a
 * single-token swap, the tail's tokenization, and bad input. Expected texts are written out by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayoutTest {
    private static final LocalDate DATE = LocalDate.of(2025, 3, 5);
    private static final String QUESTION = "How many musical instruments do I have? I have a piano, two flutes, "
            + "and a violin.\nOptions:\n(A) 3\n(B) 4";
    private static final String PROMPT =
            "proper logical reasoning and think step by step. Finally give the actual correct answer.";
    private static final String REASONING = "I have a piano (1), two flutes (2) and a violin (1). "
            + "That makes 1 + 2 + 1 = 4 instruments.";
    private static final String EXTRACTOR = "Therefore, the final answer (use exact format: '$A' or '$B') is $";
    private static final String GEMMA_EXTRACTOR = "Therefore, the final answer (use exact format: '$ A' or '$ B') is $ ";

    /** What each template writes before and after the user's text, by hand from each family's format. */
    private static final Map<String, String[]> MARKUP = Map.of(
            "llama3_2", new String[] {
                "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n"
                        + "Today Date: 05 Mar 2025\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n",
                "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"},
            "qwen2_5", new String[] {
                "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
                        + "<|im_start|>user\n",
                "<|im_end|>\n<|im_start|>assistant\n"},
            "gemma2", new String[] {
                "<bos><start_of_turn>user\n",
                "<end_of_turn>\n<start_of_turn>model\n"});

    // Loaded lazily and once per family (loading a tokenizer takes seconds), so that a missing family
    // skips only its own cases.
    private final Map<String, Tokenizer> tokenizers = new HashMap<>();
    private final Map<String, LayoutTemplate> templates = new HashMap<>();

    @AfterAll
    void close() {
        tokenizers.values().forEach(Tokenizer::close);
    }

    private Tokenizer tokenizer(String family) {
        Path dir = org.greater4j.TestData.tokenizer(family);
        return tokenizers.computeIfAbsent(family, f -> Tokenizer.load(dir));
    }

    private LayoutTemplate template(String family) {
        Path dir = org.greater4j.TestData.tokenizer(family);
        Tokenizer tok = tokenizer(family);
        return templates.computeIfAbsent(family, f -> {
            TokenizerConfig cfg = TokenizerConfig.read(dir);
            return LayoutTemplate.of(ChatFormat.resolve("auto", cfg, DATE), tok, LayoutSettings.paper(),
                    cfg.contextLength());
        });
    }

    private static String extractor(String family) {
        return family.equals("gemma2") ? GEMMA_EXTRACTOR : EXTRACTOR;
    }

    private Layout full(String family) {
        LayoutTemplate t = template(family);
        return t.full(QUESTION, t.encodePrompt(PROMPT), REASONING, extractor(family), "(B)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3_2", "qwen2_5", "gemma2"})
    void eachSpanDecodesToItsText(String family) {
        LayoutTemplate t = template(family);
        Layout l = full(family);
        String space = family.equals("gemma2") ? "" : " ";
        assertThat(t.text(l, LayoutPart.CHAT_PREFIX)).isEqualTo(MARKUP.get(family)[0]);
        assertThat(t.text(l, LayoutPart.QUESTION)).isEqualTo(QUESTION);
        assertThat(t.text(l, LayoutPart.SEPARATOR)).isEqualTo(". Use");
        assertThat(t.text(l, LayoutPart.PROMPT)).isEqualTo(" " + PROMPT);
        assertThat(t.text(l, LayoutPart.ASSISTANT_HEADER)).isEqualTo(MARKUP.get(family)[1]);
        assertThat(t.text(l, LayoutPart.REASONING)).isEqualTo(REASONING);
        if (family.equals("gemma2")) {
            // "is $ " + "B": the space goes with the answer token "▁B".
            assertThat(t.text(l, LayoutPart.EXTRACTOR)).isEqualTo(GEMMA_EXTRACTOR.strip());
            assertThat(t.text(l, LayoutPart.ANSWER)).isEqualTo(" B");
        } else {
            assertThat(t.text(l, LayoutPart.EXTRACTOR)).isEqualTo(space + EXTRACTOR);
            assertThat(t.text(l, LayoutPart.ANSWER)).isEqualTo("B");
        }
        assertThat(t.tokenizer().decode(l.ids(), false)).isEqualTo(MARKUP.get(family)[0] + QUESTION + ". Use " + PROMPT
                + MARKUP.get(family)[1] + REASONING + space + extractor(family) + "B");
        // The paper's initial prompt is 16 tokens on Llama-3.
        if (family.equals("llama3_2")) assertThat(l.prompt().length()).isEqualTo(16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3_2", "qwen2_5", "gemma2"})
    void idsEqualTheWholeTextTokenized(String family) {
        // Piece-wise encoding gives the same ids as tokenizing the rendered text in one go (for text
        // whose piece boundaries are natural token boundaries, as here).
        LayoutTemplate t = template(family);
        Tokenizer tok = t.tokenizer();
        String user = QUESTION + ". Use " + PROMPT;
        String rendered = t.format().render(List.of(Message.user(user)), true);
        Layout gen = t.generation(QUESTION, PROMPT);
        assertThat(gen.ids()).isEqualTo(tok.encode(rendered));
        assertThat(gen.hasAnswer()).isFalse();
        Layout l = full(family);
        assertThat(l.ids()).isEqualTo(tok.encode(rendered + REASONING + t.reasoningSeparator() + extractor(family) + "B"));
        assertThat(l.generationPrefix()).isEqualTo(gen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3_2", "qwen2_5", "gemma2"})
    void swappingOnePromptTokenChangesOnlyThatPosition(String family) {
        Layout l = full(family);
        Tokenizer tok = tokenizer(family);
        int newId = tok.encode(" careful")[0];
        int index = 3;
        Layout swapped = l.withPromptToken(index, newId);
        int[] a = l.ids();
        int[] b = swapped.ids();
        assertThat(b).hasSameSizeAs(a);
        assertThat(swapped.spans()).isEqualTo(l.spans());
        for (int i = 0; i < a.length; i++) {
            if (i == l.prompt().start() + index) {
                assertThat(b[i]).isEqualTo(newId);
            } else {
                assertThat(b[i]).as("position %d", i).isEqualTo(a[i]);
            }
        }
        assertThat(template(family).text(swapped, LayoutPart.PROMPT)).contains(" careful");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3_2", "qwen2_5", "gemma2"})
    void aLongerPromptMovesTheLaterSpans(String family) {
        Layout l = full(family);
        int[] p = l.promptIds();
        int[] grown = java.util.Arrays.copyOf(p, p.length + 1);
        grown[p.length] = tokenizer(family).encode(" _")[0];
        Layout g = l.withPrompt(grown);
        assertThat(g.length()).isEqualTo(l.length() + 1);
        assertThat(g.prompt()).isEqualTo(new Span(l.prompt().start(), l.prompt().end() + 1));
        assertThat(g.answer()).isEqualTo(l.answer().shift(1));
        assertThat(g.ids(LayoutPart.ANSWER)).isEqualTo(l.ids(LayoutPart.ANSWER));
        assertThat(g.ids(LayoutPart.ASSISTANT_HEADER)).isEqualTo(l.ids(LayoutPart.ASSISTANT_HEADER));
        assertThat(g.withPrompt(p)).isEqualTo(l);
    }

    @Test
    void aTailCanBeReusedAcrossPrompts() {
        LayoutTemplate t = template("qwen2_5");
        LayoutTemplate.Tail tail = t.tail(REASONING, EXTRACTOR, "(B)");
        int[] p = t.encodePrompt("think step by step.");
        assertThat(t.full(QUESTION, p, tail)).isEqualTo(t.full(QUESTION, p, REASONING, EXTRACTOR, "(B)"));
        assertThat(tail.ids()).endsWith(t.tokenizer().encode("B"));
    }

    @Test
    void answerTextStripsOnlySingleCharacterParentheses() {
        assertThat(LayoutTemplate.answerText("(A)")).isEqualTo("A");
        assertThat(LayoutTemplate.answerText("(10)")).isEqualTo("(10)");
        assertThat(LayoutTemplate.answerText("Yes")).isEqualTo("Yes");
        assertThat(LayoutTemplate.answerText("(A")).isEqualTo("(A");
    }

    @Test
    void numberAnswersAreTheLastTokens() {
        LayoutTemplate t = template("llama3_2");
        Layout l = t.full(QUESTION, t.encodePrompt(PROMPT), REASONING,
                "Therefore, the final answer (use exactly this format: $NUMBER$, where NUMBER is a positive or "
                        + "negative integer) is $", "1234");
        assertThat(l.ids(LayoutPart.ANSWER)).isEqualTo(t.tokenizer().encode("1234"));
        assertThat(l.answer().end()).isEqualTo(l.length());
        assertThat(t.text(l, LayoutPart.EXTRACTOR)).endsWith("integer) is $");
    }

    @Test
    void anAnswerThatMergesWithTheExtractorIsAppendedOnItsOwn() {
        // Gemma-2 has the token "▁$-": "is $-3" would hide the answer's first character.
        LayoutTemplate t = template("gemma2");
        Tokenizer tok = t.tokenizer();
        Layout l = t.full(QUESTION, t.encodePrompt(PROMPT), REASONING, "The answer is $", "-3");
        assertThat(l.ids(LayoutPart.ANSWER)).isEqualTo(tok.encode("-3"));
        assertThat(t.text(l, LayoutPart.ANSWER)).isEqualTo("-3");
        assertThat(t.text(l, LayoutPart.EXTRACTOR)).isEqualTo("The answer is $");
    }

    @Test
    void reasoningSeparatorFollowsTheFamilyUnlessSet() {
        assertThat(template("llama3_2").reasoningSeparator()).isEqualTo(" ");
        assertThat(template("qwen2_5").reasoningSeparator()).isEqualTo(" ");
        assertThat(template("gemma2").reasoningSeparator()).isEqualTo("");
        Tokenizer tok = tokenizer("llama3_2");
        TokenizerConfig cfg = TokenizerConfig.read(org.greater4j.TestData.tokenizer("llama3_2"));
        LayoutTemplate t = LayoutTemplate.of(ChatFormat.resolve("auto", cfg, DATE), tok,
                LayoutSettings.paper().withReasoningSeparator("\n"));
        Layout l = t.full(QUESTION, t.encodePrompt(PROMPT), REASONING, EXTRACTOR, "(A)");
        // Llama-3 has the token ".\n": it straddles reasoning and extractor, so it counts as extractor.
        assertThat(t.text(l, LayoutPart.REASONING)).isEqualTo(REASONING.substring(0, REASONING.length() - 1));
        assertThat(t.text(l, LayoutPart.EXTRACTOR)).isEqualTo(".\n" + EXTRACTOR);
        assertThat(t.text(l, LayoutPart.ANSWER)).isEqualTo("A");
    }

    @Test
    void emptySeparatorAndEmptyReasoningAreAllowed() {
        Tokenizer tok = tokenizer("qwen2_5");
        TokenizerConfig cfg = TokenizerConfig.read(org.greater4j.TestData.tokenizer("qwen2_5"));
        LayoutTemplate t = LayoutTemplate.of(ChatFormat.resolve("auto", cfg, DATE), tok,
                LayoutSettings.paper().withSeparator(""));
        Layout l = t.full(QUESTION + "\n", t.encodePrompt("Think step by step."), "", EXTRACTOR, "(A)");
        assertThat(l.separator().isEmpty()).isTrue();
        assertThat(l.reasoning().isEmpty()).isTrue();
        assertThat(t.text(l, LayoutPart.PROMPT)).isEqualTo("Think step by step.");
        assertThat(t.text(l, LayoutPart.EXTRACTOR)).isEqualTo(" " + EXTRACTOR);
        assertThat(t.text(l, LayoutPart.ANSWER)).isEqualTo("A");
    }

    @Test
    void aSystemMessageGoesIntoThePrefixOrIsRefusedByGemma() {
        TokenizerConfig cfg = TokenizerConfig.read(org.greater4j.TestData.tokenizer("qwen2_5"));
        LayoutTemplate t = LayoutTemplate.of(ChatFormat.resolve("auto", cfg, DATE), tokenizer("qwen2_5"),
                LayoutSettings.paper().withSystemMessage("Be careful."));
        assertThat(t.prefixText()).isEqualTo("<|im_start|>system\nBe careful.<|im_end|>\n<|im_start|>user\n");
        TokenizerConfig g = TokenizerConfig.read(org.greater4j.TestData.tokenizer("gemma2"));
        Tokenizer gemma = tokenizer("gemma2");
        assertThatThrownBy(() -> LayoutTemplate.of(ChatFormat.resolve("auto", g, DATE), gemma,
                LayoutSettings.paper().withSystemMessage("Be careful.")))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageEndingWith(" refuses the conversation: System role not supported");
    }

    @Test
    void badInputGetsClearErrors() {
        LayoutTemplate t = template("llama3_2");
        int[] p = t.encodePrompt(PROMPT);
        assertThatThrownBy(() -> t.generation("", p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("question is empty");
        assertThatThrownBy(() -> t.generation(" \n", p)).hasMessageContaining("question is empty");
        assertThatThrownBy(() -> t.full(QUESTION, p, REASONING, EXTRACTOR, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenizes to no tokens");
        assertThatThrownBy(() -> t.generation(QUESTION, new int[] {-1}))
                .hasMessageContaining("outside the tokenizer's vocabulary");

        int context = t.generation("Hi", new int[0]).length() + 5;
        LayoutTemplate small = LayoutTemplate.of(t.format(), t.tokenizer(), LayoutSettings.paper(), context);
        Layout ok = small.generation("Hi", new int[0]);
        assertThatThrownBy(() -> small.generation(QUESTION, p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("context is " + context + " tokens");
        assertThatThrownBy(() -> small.full("Hi", new int[0], REASONING, EXTRACTOR, "A"))
                .hasMessageContaining("shorten the prompt, the question or the reasoning");
        int[] tooLong = new int[6];
        java.util.Arrays.fill(tooLong, p[0]);
        assertThatThrownBy(() -> ok.withPrompt(tooLong)).hasMessageContaining("context is " + context + " tokens");
        assertThat(ok.withPrompt(java.util.Arrays.copyOf(tooLong, 5)).length()).isEqualTo(context);
    }

    @Test
    void plainLayoutForBaseModels() {
        try (Tokenizer adder = Tokenizer.load(org.greater4j.TestData.model("adder-llama-hf"))) {
            LayoutTemplate t = LayoutTemplate.of(ChatFormat.plain(), adder, LayoutSettings.paper().withSeparator(""), 32);
            Layout l = t.generation("Q: 23+58=?", new int[0]);
            assertThat(l.ids(LayoutPart.CHAT_PREFIX)).containsExactly(adder.bosId());
            assertThat(t.text(l, LayoutPart.ASSISTANT_HEADER)).isEqualTo("\n");
        }
        Tokenizer gpt2;
        try (Tokenizer tok = Tokenizer.load(org.greater4j.TestData.tokenizer("gpt2"))) {
            gpt2 = tok;
            LayoutTemplate t = LayoutTemplate.of(ChatFormat.none(), gpt2, LayoutSettings.paper(), 1024);
            Layout l = t.full("The sky is", t.encodePrompt("blue"), "", "So it is", "blue");
            assertThat(l.chatPrefix().isEmpty()).isTrue(); // GPT-2 adds no BOS of its own
            assertThat(l.assistantHeader().isEmpty()).isTrue();
            assertThat(gpt2.decode(l.ids(), false)).isEqualTo("The sky is. Use blue So it isblue");
        }
    }
}
