package org.greater4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.greater4j.io.ModelFormatException;
import org.junit.jupiter.api.Test;

/** Choosing a chat format, the markup-free formats, and the HF conventions of the Jinja engine. */
class ChatFormatTest {
    private static final LocalDate DATE = LocalDate.of(2025, 3, 5);

    private static TokenizerConfig config(Set<String> added, String modelType) {
        return new TokenizerConfig(null, null, Map.of("bos_token", "<s>"), List.of(), null, modelType, added,
                Integer.MAX_VALUE);
    }

    private static ChatFormat custom(String template) {
        return ChatFormat.fromTemplate(template, TokenizerConfig.empty(), DATE);
    }

    // ---------------------------------------------------------------- resolution

    @Test
    void autoWithoutTemplateOrBuiltInExplainsTheWayOut() {
        Path gpt2 = org.greater4j.TestData.tokenizer("gpt2");
        assertThatThrownBy(() -> ChatFormat.resolve("auto", gpt2, DATE))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("gpt2")
                .hasMessageContaining("--chat-template FILE")
                .hasMessageContaining("--chat-format plain");
    }

    @Test
    void aLlamaModelWithoutLlama3TokensGetsNoBuiltInFormat() {
        // The adder model is model_type "llama" with a 21-token vocabulary: no Llama-3 header tokens.
        Path adder = org.greater4j.TestData.model("adder-llama-hf");
        assertThatThrownBy(() -> ChatFormat.resolve("auto", adder, DATE))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("--chat-format plain");
        assertThatThrownBy(() -> ChatFormat.resolve("llama3", adder, DATE))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("<|start_header_id|>");
        assertThat(ChatFormat.resolve("plain", adder, DATE).name()).isEqualTo("plain");
    }

    @Test
    void builtInFormatsNeedTheirSpecialTokens() {
        assertThatThrownBy(() -> ChatFormat.resolve("gemma2", config(Set.of("<s>", "</s>"), null), DATE))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("<start_of_turn>");
        ChatFormat g = ChatFormat.resolve("auto", config(Set.of("<start_of_turn>", "<end_of_turn>"), "gemma2"), DATE);
        assertThat(g.name()).isEqualTo("gemma2");
        assertThat(ChatFormat.resolve("auto",
                config(Set.of("<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"), "llama"), DATE).name())
                .isEqualTo("llama3");
        // Family known but its tokens missing: no built-in under auto.
        assertThatThrownBy(() -> ChatFormat.resolve("auto", config(Set.of("<s>"), "gemma2"), DATE))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("GEMMA2");
    }

    @Test
    void templateNameNeedsATemplate() {
        Path gemma = org.greater4j.TestData.tokenizer("gemma2");
        assertThatThrownBy(() -> ChatFormat.resolve("template", gemma, DATE))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("--chat-template");
    }

    @Test
    void unknownNameListsTheChoices() {
        assertThatThrownBy(() -> ChatFormat.resolve("chatml", TokenizerConfig.empty(), DATE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chatml'")
                .hasMessageContaining("auto, template, llama3, gemma2, official, plain, none");
    }

    @Test
    void familiesAreDetectedFromTheFiles() {
        assertThat(TokenizerConfig.read(org.greater4j.TestData.tokenizer("qwen2_5")).family()).isEqualTo(ChatFamily.QWEN2);
        assertThat(TokenizerConfig.read(org.greater4j.TestData.tokenizer("llama3_2")).family()).isEqualTo(ChatFamily.LLAMA3);
        assertThat(TokenizerConfig.read(org.greater4j.TestData.tokenizer("gemma2")).family()).isEqualTo(ChatFamily.GEMMA2);
        assertThat(TokenizerConfig.read(org.greater4j.TestData.tokenizer("gpt2")).family()).isEqualTo(ChatFamily.OTHER);
        assertThat(TokenizerConfig.read(org.greater4j.TestData.model("adder-llama-hf")).family()).isEqualTo(ChatFamily.OTHER);
    }

    // ---------------------------------------------------------------- plain and none

    @Test
    void plainIsUserTextNewlineAssistantText() {
        ChatFormat p = ChatFormat.resolve("plain", TokenizerConfig.empty(), DATE);
        assertThat(p.render(List.of(Message.user("Q: 2+3=?")), true)).isEqualTo("Q: 2+3=?\n");
        assertThat(p.render(List.of(Message.user("Q: 2+3=?")), false)).isEqualTo("Q: 2+3=?");
        assertThat(p.render(List.of(Message.user("Q"), Message.assistant("A")), false)).isEqualTo("Q\nA");
        assertThat(p.render(List.of(Message.user("Q"), Message.assistant("A"), Message.user("R")), true))
                .isEqualTo("Q\nA\nR\n");
        assertThat(p.template()).isNull();
        assertThat(p.date()).isNull();
    }

    @Test
    void noneConcatenatesTheTexts() {
        ChatFormat n = ChatFormat.none();
        assertThat(n.render(List.of(Message.user("Q: 2+3=?"), Message.assistant(" A: 5")), true))
                .isEqualTo("Q: 2+3=? A: 5");
        assertThat(n.render(List.of(Message.system("S "), Message.user("Q")), false)).isEqualTo("S Q");
    }

    @Test
    void plainStartsWithTheTokenizersOwnBos() {
        try (Tokenizer tok = Tokenizer.load(org.greater4j.TestData.model("adder-llama-hf"))) {
            int[] ids = ChatFormat.plain().encode(tok, "Q: 23+58=? A:");
            assertThat(ids[0]).isEqualTo(tok.bosId());
            assertThat(ids).isEqualTo(tok.encodeWithSpecials("Q: 23+58=? A:"));
        }
        try (Tokenizer tok = Tokenizer.load(org.greater4j.TestData.tokenizer("gpt2"))) {
            assertThat(ChatFormat.plain().encode(tok, "Hello")).isEqualTo(tok.encode("Hello"));
        }
    }

    @Test
    void emptyConversationIsRefused() {
        assertThatThrownBy(() -> ChatFormat.plain().render(List.of(), true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> custom("{{ messages }}").render(List.of(), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- HF conventions of the engine

    @Test
    void raiseExceptionSurfacesTheTemplatesMessage() {
        ChatFormat f = custom("a{% if messages|length > 1 %}{{ raise_exception('Only one message, please') }}{% endif %}b");
        assertThat(f.render(List.of(Message.user("x")), false)).isEqualTo("ab");
        assertThatThrownBy(() -> f.render(List.of(Message.user("x"), Message.user("y")), false))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageEndingWith(" refuses the conversation: Only one message, please");
    }

    @Test
    void strftimeNowIsDefinedAndUsesTheFixedDate() {
        ChatFormat f = custom("{% if strftime_now is defined %}{{ strftime_now('%d %b %Y|%A %B %-d|%Y-%m-%d %H:%M') }}"
                + "{% else %}undefined{% endif %}");
        assertThat(f.render(List.of(Message.user("x")), false)).isEqualTo("05 Mar 2025|Wednesday March 5|2025-03-05 00:00");
        assertThat(f.usesDate()).isTrue();
    }

    @Test
    void strftimeDirectives() {
        LocalDateTime t = LocalDateTime.of(2024, 1, 7, 15, 4, 9); // 1 Jan 2024 was a Monday
        assertThat(JinjaEngine.strftime("%a %d %j %U %W %y %I %p %% %Q", t)).isEqualTo("Sun 07 007 01 01 24 03 PM % %Q");
    }

    @Test
    void specialTokensAreTemplateVariables() {
        TokenizerConfig cfg = new TokenizerConfig(null, null, Map.of("bos_token", "<B>", "eos_token", "<E>"),
                List.of("<x>", "<y>"), null, null, Set.of(), Integer.MAX_VALUE);
        ChatFormat f = ChatFormat.fromTemplate("{{ bos_token }}{{ messages[0].content }}{{ eos_token }}"
                + "{{ additional_special_tokens|length }}{{ unk_token }}", cfg, DATE);
        assertThat(f.render(List.of(Message.user("hi")), false)).isEqualTo("<B>hi<E>2");
    }

    @Test
    void whitespaceControlMatchesJinja2WithTrimAndLstripBlocks() {
        ChatFormat f = custom("{% for m in messages %}\n    {{- m.role }}:{{ m.content }}\n  {% if not loop.last %}\n|\n"
                + "  {%- endif %}\n{% endfor %}\n{# note #}\n  {{ 'x' }}\n");
        // trim_blocks eats the newline after each block tag, lstrip_blocks the indentation before it;
        // neither touches {{ }} lines; jinja2 drops the template's single trailing newline.
        assertThat(f.render(List.of(Message.user("a"), Message.assistant("b")), false))
                .isEqualTo("user:a\n|assistant:b\n  x");
    }

    @Test
    void trimIsPythonsStrip() {
        ChatFormat f = custom("[{{ messages[0].content | trim }}][{{ 'xxaxx' | trim('x') }}]");
        assertThat(f.render(List.of(Message.user("\u00a0\t a b \n\u2003")), false)).isEqualTo("[a b][a]");
    }

    @Test
    void tojsonIsPythonsJsonDumps() {
        ChatFormat f = custom("{{ messages | tojson }}|{{ messages[0] | tojson(indent=2) }}|{{ [1.5, 1e20, 0.0001, none, true, {}] | tojson }}");
        assertThat(f.render(List.of(Message.user("é \"q\"\n")), false)).isEqualTo(
                "[{\"role\": \"user\", \"content\": \"é \\\"q\\\"\\n\"}]"
                        + "|{\n  \"role\": \"user\",\n  \"content\": \"é \\\"q\\\"\\n\"\n}"
                        + "|[1.5, 1e+20, 0.0001, null, true, {}]");
    }

    @Test
    void templateSyntaxErrorsNameTheTemplate() {
        assertThatThrownBy(() -> custom("{% if %}").render(List.of(Message.user("x")), false))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageContaining("cannot be rendered");
    }
}
