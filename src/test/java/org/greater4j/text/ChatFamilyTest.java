package org.greater4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detecting every family greater4j knows from real model files, and each family's layout details checked
 * against its real chat template: the end-of-turn token after an assistant turn (where generation stops)
 * and the reasoning separator.
 */
class ChatFamilyTest {
    private static final LocalDate DATE = LocalDate.of(2025, 3, 5);

    @TempDir
    Path tmp;

    /** The real model directories: shared tokenizers, and the family folders of src/test/resources/text/families. */
    private static Map<String, Path> dirs() {
        return Map.of(
                "qwen2_5", org.greater4j.TestData.tokenizer("qwen2_5"),
                "qwen3", org.greater4j.TestData.tokenizer("qwen3"),
                "llama3_2", org.greater4j.TestData.tokenizer("llama3_2"),
                "gemma3", org.greater4j.TestData.tokenizer("gemma3"),
                "phi3_5", JinjaDifferentialTest.resource("/text/families/phi3_5"),
                "phi4_mini", JinjaDifferentialTest.resource("/text/families/phi4_mini"),
                "smollm3", JinjaDifferentialTest.resource("/text/families/smollm3"),
                "olmo2", JinjaDifferentialTest.resource("/text/families/olmo2"));
    }

    private static final Map<String, ChatFamily> EXPECTED = Map.of(
            "qwen2_5", ChatFamily.QWEN2, "qwen3", ChatFamily.QWEN3, "llama3_2", ChatFamily.LLAMA3,
            "gemma3", ChatFamily.GEMMA3, "phi3_5", ChatFamily.PHI3, "phi4_mini", ChatFamily.PHI3,
            "smollm3", ChatFamily.SMOLLM3, "olmo2", ChatFamily.OLMO2);

    @Test
    void everyFamilyIsDetectedFromItsFiles() {
        dirs().forEach((name, dir) -> assertThat(TokenizerConfig.read(dir).family()).as(name).isEqualTo(EXPECTED.get(name)));
    }

    @Test
    void withoutConfigJsonTheTokensTellTheFamily() throws IOException {
        for (String name : List.of("phi3_5", "smollm3")) {
            Path copy = Files.createDirectories(tmp.resolve(name));
            Files.copy(dirs().get(name).resolve("tokenizer_config.json"), copy.resolve("tokenizer_config.json"));
            assertThat(TokenizerConfig.read(copy).family()).as(name).isEqualTo(EXPECTED.get(name));
        }
    }

    @Test
    void eachTemplateEndsAnAssistantTurnWithItsFamilysEndOfTurnToken() {
        List<Message> turns = List.of(Message.user("Q"), Message.assistant("ANSWER"), Message.user("R"));
        dirs().forEach((name, dir) -> {
            ChatFormat f = ChatFormat.resolve("auto", dir, DATE);
            String text = f.render(turns, false);
            int at = text.indexOf("ANSWER");
            assertThat(at).as(name).isPositive();
            assertThat(text.substring(at + "ANSWER".length())).as(name + ": " + text).startsWith(f.family().endOfTurn());
        });
    }

    @Test
    void gemmaFamiliesPutNoSpaceBeforeTheExtractor() {
        for (ChatFamily f : ChatFamily.values()) {
            assertThat(LayoutSettings.paper().reasoningSeparatorFor(f)).as(f.name()).isEqualTo(f.isGemma() ? "" : " ");
        }
    }

    @Test
    void gemma3RendersItsSystemMessageIntoTheFirstUserTurn() {
        ChatFormat f = ChatFormat.resolve("auto", org.greater4j.TestData.tokenizer("gemma3"), DATE);
        assertThat(f.render(List.of(Message.system("Be brief."), Message.user("2+2?")), true)).isEqualTo(
                "<bos><start_of_turn>user\nBe brief.\n\n2+2?<end_of_turn>\n<start_of_turn>model\n");
    }
}
