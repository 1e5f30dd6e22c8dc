package org.greater4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Qwen3's and Gemma-3's own templates through {@link ChatFormat}, against what transformers 5.17's
 * {@code apply_chat_template(tokenize=False)} rendered ({@code shared/tokenizers/chat-templates-2026.json}),
 * with and without a generation prompt, and for Qwen3 with {@code enable_thinking=False} passed as
 * {@link ChatFormat#withTemplateVariables} and as {@link LayoutSettings#withThinking(boolean)}.
 */
class ChatTemplates2026Test {
    private static final LocalDate DATE = LocalDate.of(2025, 3, 5);

    @Test
    void qwen3AndGemma3RenderAsTransformersDoes() throws IOException {
        JsonNode root = new ObjectMapper().readTree(org.greater4j.TestData.shared("tokenizers/chat-templates-2026.json").toFile());
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> t = root.get("templates").fields(); t.hasNext(); ) {
            Map.Entry<String, JsonNode> template = t.next();
            TokenizerConfig config = TokenizerConfig.read(org.greater4j.TestData.tokenizer(template.getKey()));
            ChatFormat format = ChatFormat.resolve("auto", config, DATE);
            assertThat(format.name()).isEqualTo("template");
            for (Iterator<Map.Entry<String, JsonNode>> r = template.getValue().get("renders").fields(); r.hasNext(); ) {
                Map.Entry<String, JsonNode> render = r.next();
                String[] key = render.getKey().split("\\|");
                List<Message> messages = messages(root.get("conversations").get(key[0]));
                boolean generationPrompt = key[1].equals("add_generation_prompt=true");
                ChatFormat f = format;
                if (key.length > 2) {
                    assertThat(key[2]).isEqualTo("enable_thinking=false");
                    f = format.withTemplateVariables(Map.of("enable_thinking", false));
                }
                assertThat(f.render(messages, generationPrompt)).as(template.getKey() + " " + render.getKey())
                        .isEqualTo(render.getValue().asText());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(15);
    }

    @Test
    void familiesOfTheNewTemplates() {
        assertThat(TokenizerConfig.read(org.greater4j.TestData.tokenizer("qwen3")).family()).isEqualTo(ChatFamily.QWEN3);
        assertThat(TokenizerConfig.read(org.greater4j.TestData.tokenizer("gemma3")).family()).isEqualTo(ChatFamily.GEMMA3);
        assertThat(LayoutSettings.paper().reasoningSeparatorFor(ChatFamily.GEMMA3)).isEmpty();
        assertThat(LayoutSettings.paper().reasoningSeparatorFor(ChatFamily.QWEN3)).isEqualTo(" ");
    }

    @Test
    void noThinkingLayoutEndsWithAnEmptyThinkBlock() {
        TokenizerConfig qwen3 = TokenizerConfig.read(org.greater4j.TestData.tokenizer("qwen3"));
        // Qwen3's vocabulary is Qwen2.5's plus <think> tokens; the layout's text does not depend on the tokenizer.
        try (Tokenizer tok = Tokenizer.load(org.greater4j.TestData.tokenizer("qwen2_5"))) {
            ChatFormat format = ChatFormat.resolve("auto", qwen3, DATE);
            LayoutTemplate thinking = LayoutTemplate.of(format, tok, LayoutSettings.paper());
            LayoutTemplate answering = LayoutTemplate.of(format, tok, LayoutSettings.paper().withThinking(false));
            assertThat(thinking.suffixText()).isEqualTo("<|im_end|>\n<|im_start|>assistant\n");
            assertThat(answering.suffixText()).isEqualTo("<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
            assertThat(answering.settings().templateVariables()).containsEntry("enable_thinking", false);
            assertThat(answering.format().render(List.of(Message.user("Hi")), true))
                    .isEqualTo(format.withTemplateVariables(Map.of("enable_thinking", false))
                            .render(List.of(Message.user("Hi")), true));
        }
    }

    private static List<Message> messages(JsonNode conv) {
        List<Message> out = new ArrayList<>();
        for (JsonNode m : conv) out.add(new Message(m.get("role").asText(), m.get("content").asText()));
        return out;
    }
}
