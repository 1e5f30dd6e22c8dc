package org.greater4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.greater4j.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading tokenizer directories ({@link TokenizerConfig}) and conversation files ({@link Message}). */
class ChatConfigTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheRealConfigs() {
        TokenizerConfig llama = TokenizerConfig.read(org.greater4j.TestData.tokenizer("llama3_2"));
        assertThat(llama.chatTemplate()).contains("strftime_now");
        assertThat(llama.specialTokens()).containsEntry("bos_token", "<|begin_of_text|>")
                .containsEntry("eos_token", "<|eot_id|>");
        assertThat(llama.contextLength()).isEqualTo(131072);
        assertThat(llama.hasTokens("<|start_header_id|>", "<|eot_id|>")).isTrue();

        TokenizerConfig gemma = TokenizerConfig.read(org.greater4j.TestData.tokenizer("gemma2"));
        assertThat(gemma.chatTemplate()).isNull();
        assertThat(gemma.tokenizerClass()).isEqualTo("GemmaTokenizer");
        assertThat(gemma.contextLength()).isEqualTo(Integer.MAX_VALUE); // model_max_length is HF's 1e30
        assertThat(gemma.hasTokens("<start_of_turn>", "<end_of_turn>")).isTrue();

        TokenizerConfig qwen = TokenizerConfig.read(org.greater4j.TestData.tokenizer("qwen2_5"));
        assertThat(qwen.specialTokens()).doesNotContainKey("bos_token");
        assertThat(qwen.additionalSpecialTokens()).contains("<|im_start|>", "<|im_end|>");

        assertThat(TokenizerConfig.read(org.greater4j.TestData.tokenizer("gpt2")).contextLength()).isEqualTo(1024);
        TokenizerConfig adder = TokenizerConfig.read(org.greater4j.TestData.model("adder-llama-hf"));
        assertThat(adder.modelType()).isEqualTo("llama");
        assertThat(adder.contextLength()).isEqualTo(32); // max_position_embeddings wins
    }

    @Test
    void chatTemplateJinjaBesideTheConfigIsUsed() throws IOException {
        Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"bos_token\": {\"content\": \"<s>\"}}");
        Files.writeString(tmp.resolve("chat_template.jinja"), "{{ bos_token }}{{ messages[0].content }}\n");
        ChatFormat f = ChatFormat.resolve("auto", tmp, LocalDate.of(2025, 1, 1));
        assertThat(f.render(List.of(Message.user("hi")), true)).isEqualTo("<s>hi");
    }

    @Test
    void namedTemplatesUseTheDefaultOne() throws IOException {
        Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"chat_template\": [{\"name\": \"tool_use\", "
                + "\"template\": \"T\"}, {\"name\": \"default\", \"template\": \"D\"}]}");
        assertThat(TokenizerConfig.read(tmp).chatTemplate()).isEqualTo("D");
    }

    @Test
    void badFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> TokenizerConfig.read(tmp))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining(tmp.toString());
        Files.writeString(tmp.resolve("tokenizer_config.json"), "{not json");
        assertThatThrownBy(() -> TokenizerConfig.read(tmp))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("tokenizer_config.json");
        assertThatThrownBy(() -> TokenizerConfig.read(tmp.resolve("nope")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("not a directory");
    }

    @Test
    void messagesFileIsAListOfRoleAndContent() throws IOException {
        Path f = tmp.resolve("m.json");
        Files.writeString(f, "[{\"role\": \"system\", \"content\": \"S\"}, {\"role\": \"user\", \"content\": \"Q\"}]");
        assertThat(Message.readJson(f)).containsExactly(Message.system("S"), Message.user("Q"));
        Files.writeString(f, "{\"role\": \"user\"}");
        assertThatThrownBy(() -> Message.readJson(f)).hasMessageContaining("not a JSON list");
        Files.writeString(f, "[{\"role\": \"user\"}]");
        assertThatThrownBy(() -> Message.readJson(f)).hasMessageContaining("entry 0");
        assertThatThrownBy(() -> new Message(" ", "x")).hasMessageContaining("blank");
    }
}
