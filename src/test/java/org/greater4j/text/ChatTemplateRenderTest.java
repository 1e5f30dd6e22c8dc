package org.greater4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rendering of the real Qwen2.5 and Llama-3.2 templates and of the built-in Gemma-2 and
 * Llama-3 formats, against strings written out by hand from each family's documented format (not
 * produced by any template engine).
 */
class ChatTemplateRenderTest {
    private static final LocalDate DATE = LocalDate.of(2025, 3, 5);

    private static final List<Message> SINGLE = List.of(Message.user("What is 2+2?"));
    private static final List<Message> SYSTEM_USER = List.of(Message.system("Be brief."), Message.user("What is 2+2?"));
    private static final List<Message> MULTI = List.of(
            Message.system("Be brief."),
            Message.user("What is 2+2?"),
            Message.assistant("4"),
            Message.user("And 3+3?"));
    private static final List<Message> MULTI_NO_SYSTEM = MULTI.subList(1, 4);

    private static ChatFormat format(String tokenizer, String name) {
        return ChatFormat.resolve(name, org.greater4j.TestData.tokenizer(tokenizer), DATE);
    }

    // ---------------------------------------------------------------- Qwen2.5 (ChatML)

    private static final String QWEN_DEFAULT_SYSTEM =
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n";

    @Test
    void qwenSingleTurnAddsTheDefaultSystemMessage() {
        ChatFormat f = format("qwen2_5", "auto");
        assertThat(f.name()).isEqualTo("template");
        assertThat(f.family()).isEqualTo(ChatFamily.QWEN2);
        assertThat(f.render(SINGLE, false)).isEqualTo(
                QWEN_DEFAULT_SYSTEM + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n");
        assertThat(f.render(SINGLE, true)).isEqualTo(
                QWEN_DEFAULT_SYSTEM + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void qwenSystemAndUser() {
        ChatFormat f = format("qwen2_5", "auto");
        String expected = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n";
        assertThat(f.render(SYSTEM_USER, false)).isEqualTo(expected);
        assertThat(f.render(SYSTEM_USER, true)).isEqualTo(expected + "<|im_start|>assistant\n");
    }

    @Test
    void qwenMultiTurn() {
        ChatFormat f = format("qwen2_5", "template");
        String expected = "<|im_start|>system\nBe brief.<|im_end|>\n"
                + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                + "<|im_start|>assistant\n4<|im_end|>\n"
                + "<|im_start|>user\nAnd 3+3?<|im_end|>\n";
        assertThat(f.render(MULTI, false)).isEqualTo(expected);
        assertThat(f.render(MULTI, true)).isEqualTo(expected + "<|im_start|>assistant\n");
        assertThat(f.render(MULTI_NO_SYSTEM, true)).isEqualTo(QWEN_DEFAULT_SYSTEM
                + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                + "<|im_start|>assistant\n4<|im_end|>\n"
                + "<|im_start|>user\nAnd 3+3?<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void qwenKeepsContentVerbatim() {
        ChatFormat f = format("qwen2_5", "auto");
        assertThat(f.render(List.of(Message.user("  spaced \n")), false)).isEqualTo(
                QWEN_DEFAULT_SYSTEM + "<|im_start|>user\n  spaced \n<|im_end|>\n");
    }

    // ---------------------------------------------------------------- Llama-3.2

    private static final String LLAMA_SYSTEM_HEAD = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
            + "Cutting Knowledge Date: December 2023\nToday Date: 05 Mar 2025\n\n";

    @Test
    void llamaSingleTurnHasTheDateBlock() {
        ChatFormat f = format("llama3_2", "auto");
        assertThat(f.name()).isEqualTo("template");
        assertThat(f.family()).isEqualTo(ChatFamily.LLAMA3);
        assertThat(f.usesDate()).isTrue();
        assertThat(f.date()).isEqualTo(DATE);
        String expected = LLAMA_SYSTEM_HEAD + "<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>";
        assertThat(f.render(SINGLE, false)).isEqualTo(expected);
        assertThat(f.render(SINGLE, true)).isEqualTo(expected + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void llamaSystemAndUser() {
        ChatFormat f = format("llama3_2", "auto");
        String expected = LLAMA_SYSTEM_HEAD + "Be brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>";
        assertThat(f.render(SYSTEM_USER, false)).isEqualTo(expected);
        assertThat(f.render(SYSTEM_USER, true)).isEqualTo(expected + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void llamaMultiTurnTrimsContents() {
        ChatFormat f = format("llama3_2", "template");
        List<Message> spaced = List.of(Message.system(" Be brief.\n"), Message.user("What is 2+2? "),
                Message.assistant("\n4"), Message.user("And 3+3?"));
        String expected = LLAMA_SYSTEM_HEAD + "Be brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n4<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nAnd 3+3?<|eot_id|>";
        assertThat(f.render(MULTI, false)).isEqualTo(expected);
        assertThat(f.render(spaced, false)).isEqualTo(expected);
        assertThat(f.render(MULTI, true)).isEqualTo(expected + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void llamaDateFollowsTheGivenDay() {
        ChatFormat f = ChatFormat.resolve("auto", org.greater4j.TestData.tokenizer("llama3_2"), LocalDate.of(2024, 12, 25));
        assertThat(f.render(SINGLE, true)).contains("Today Date: 25 Dec 2024\n\n<|eot_id|>");
    }

    // ---------------------------------------------------------------- built-in Gemma-2

    @Test
    void gemmaBuiltInIsChosenForATokenizerWithoutTemplate() {
        ChatFormat f = format("gemma2", "auto");
        assertThat(f.name()).isEqualTo("gemma2");
        assertThat(f.family()).isEqualTo(ChatFamily.GEMMA2);
        assertThat(f.usesDate()).isFalse();
        assertThat(f.render(SINGLE, false)).isEqualTo("<bos><start_of_turn>user\nWhat is 2+2?<end_of_turn>\n");
        assertThat(f.render(SINGLE, true)).isEqualTo(
                "<bos><start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n");
    }

    @Test
    void gemmaMultiTurnTrimsAndCallsTheAssistantModel() {
        ChatFormat f = format("gemma2", "gemma2");
        List<Message> turns = List.of(Message.user(" What is 2+2?\n"), Message.assistant("4 "), Message.user("And 3+3?"));
        String expected = "<bos><start_of_turn>user\nWhat is 2+2?<end_of_turn>\n"
                + "<start_of_turn>model\n4<end_of_turn>\n"
                + "<start_of_turn>user\nAnd 3+3?<end_of_turn>\n";
        assertThat(f.render(turns, false)).isEqualTo(expected);
        assertThat(f.render(turns, true)).isEqualTo(expected + "<start_of_turn>model\n");
    }

    @Test
    void gemmaRefusesASystemMessageWithItsOwnMessage() {
        ChatFormat f = format("gemma2", "auto");
        assertThatThrownBy(() -> f.render(SYSTEM_USER, true))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageEndingWith(" refuses the conversation: System role not supported");
    }

    @Test
    void gemmaRefusesTurnsThatDoNotAlternate() {
        ChatFormat f = format("gemma2", "auto");
        assertThatThrownBy(() -> f.render(List.of(Message.user("a"), Message.user("b")), true))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageEndingWith(" refuses the conversation: Conversation roles must alternate user/assistant/user/assistant/...");
    }

    // ---------------------------------------------------------------- built-in Llama-3 (3.0 header format)

    @Test
    void llama3BuiltInHasNoDateBlock() {
        ChatFormat f = format("llama3_2", "llama3");
        assertThat(f.name()).isEqualTo("llama3");
        assertThat(f.usesDate()).isFalse();
        assertThat(f.render(SINGLE, true)).isEqualTo("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"
                + "What is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
        assertThat(f.render(MULTI, false)).isEqualTo("<|begin_of_text|>"
                + "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n4<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nAnd 3+3?<|eot_id|>");
    }

    // ---------------------------------------------------------------- tokenizing the rendered text

    @Test
    void renderedTextTokenizesWithExactlyOneBos() {
        try (Tokenizer tok = Tokenizer.load(org.greater4j.TestData.tokenizer("llama3_2"))) {
            ChatFormat f = format("llama3_2", "auto");
            int[] ids = f.encode(tok, f.render(SINGLE, true));
            assertThat(ids[0]).isEqualTo(tok.bosId());
            assertThat(java.util.Arrays.stream(ids).filter(i -> i == tok.bosId()).count()).isEqualTo(1);
        }
        try (Tokenizer tok = Tokenizer.load(org.greater4j.TestData.tokenizer("gemma2"))) {
            ChatFormat f = format("gemma2", "auto");
            int[] ids = f.encode(tok, f.render(SINGLE, true));
            assertThat(ids[0]).isEqualTo(tok.bosId());
            assertThat(ids[1]).isEqualTo(tok.tokenId("<start_of_turn>"));
            assertThat(java.util.Arrays.stream(ids).filter(i -> i == tok.bosId()).count()).isEqualTo(1);
        }
    }
}
