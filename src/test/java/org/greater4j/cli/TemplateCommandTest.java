package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code greater template}: exact output, exit codes and error messages. */
class TemplateCommandTest {
    @TempDir
    Path tmp;

    /** Exit code, stdout bytes as UTF-8, stderr. */
    record Result(int code, String out, String err) {}

    private static Path shared(String sub) {
        return org.greater4j.TestData.shared(sub);
    }

    private static synchronized Result run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Result(code, bytes.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    private Path messages(String json) throws IOException {
        Path f = tmp.resolve("messages.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void printsTheRenderedPromptExactly() throws IOException {
        Path m = messages("[{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Grüße?\"}]");
        Result r = run("template", "--tokenizer-dir", shared("tokenizers/qwen2_5").toString(),
                "--messages", m.toString(), "--add-generation-prompt");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nGrüße?<|im_end|>\n"
                + "<|im_start|>assistant\n");
        Result noGen = run("template", "--tokenizer-dir", shared("tokenizers/qwen2_5").toString(),
                "--messages", m.toString());
        assertThat(noGen.out()).isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nGrüße?<|im_end|>\n");
    }

    @Test
    void dateOptionFeedsStrftimeNow() throws IOException {
        Path m = messages("[{\"role\": \"user\", \"content\": \"Hi\"}]");
        Result r = run("template", "--model", shared("tokenizers/llama3_2").toString(), "--messages", m.toString(),
                "--date", "2024-12-25");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 25 Dec 2024\n\n<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>");
    }

    @Test
    void gemmaSystemMessageExitsWithTheTemplatesMessage() throws IOException {
        Path m = messages("[{\"role\": \"system\", \"content\": \"S\"}, {\"role\": \"user\", \"content\": \"Q\"}]");
        Result r = run("template", "--tokenizer-dir", shared("tokenizers/gemma2").toString(), "--messages", m.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: the chat template of built-in gemma2") // that tokenizer folder has no template
                .endsWith(" refuses the conversation: System role not supported" + System.lineSeparator());
    }

    @Test
    void aBaseModelNeedsPlainAndGetsToldSo() throws IOException {
        Path m = messages("[{\"role\": \"user\", \"content\": \"Q: 23+58=?\"}]");
        String model = shared("models/adder-llama-hf").toString();
        Result r = run("template", "--model", model, "--messages", m.toString(), "--add-generation-prompt");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("--chat-format plain").contains("--chat-template");
        Result plain = run("template", "--model", model, "--messages", m.toString(), "--add-generation-prompt",
                "--chat-format", "plain");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.out()).isEqualTo("Q: 23+58=?\n");
    }

    @Test
    void aTemplateFileReplacesTheModels() throws IOException {
        Path m = messages("[{\"role\": \"user\", \"content\": \"Q\"}]");
        Path t = tmp.resolve("t.jinja");
        Files.writeString(t, "{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}"
                + "{% if add_generation_prompt %}<assistant>{% endif %}\n");
        Result r = run("template", "--tokenizer-dir", shared("tokenizers/gpt2").toString(), "--messages", m.toString(),
                "--chat-template", t.toString(), "--add-generation-prompt");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("<user>Q<assistant>");
    }

    @Test
    void noThinkingRendersAsTransformersWithEnableThinkingFalse() throws IOException {
        com.fasterxml.jackson.databind.JsonNode goldens = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(shared("tokenizers/chat-templates-2026.json").toFile());
        Path m = messages(goldens.get("conversations").get("system_user").toString());
        String qwen3 = shared("tokenizers/qwen3").toString();
        Result r = run("template", "--model", qwen3, "--messages", m.toString(), "--add-generation-prompt", "--no-thinking");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(goldens.get("templates").get("qwen3").get("renders")
                .get("system_user|add_generation_prompt=true|enable_thinking=false").asText());
        Result thinking = run("template", "--model", qwen3, "--messages", m.toString(), "--add-generation-prompt");
        assertThat(thinking.out()).isEqualTo(goldens.get("templates").get("qwen3").get("renders")
                .get("system_user|add_generation_prompt=true").asText());
    }

    @Test
    void aHostileTemplateFailsFastNamingItsFile() throws IOException {
        Path m = messages("[{\"role\": \"user\", \"content\": \"Q\"}]");
        Path t = tmp.resolve("hostile.jinja");
        Files.writeString(t, "{% if true %}".repeat(20_000) + "{% endif %}".repeat(20_000));
        Result r = run("template", "--tokenizer-dir", shared("tokenizers/gpt2").toString(), "--messages", m.toString(),
                "--chat-template", t.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains(t.toString()).contains("line 1").contains("nest deeper than 100")
                .doesNotContain("StackOverflowError").doesNotContain("\tat ");
    }

    @Test
    void usageErrors() throws IOException {
        Path m = messages("[{\"role\": \"user\", \"content\": \"Q\"}]");
        String dir = shared("tokenizers/gpt2").toString();
        assertThat(run("template", "--messages", m.toString()).code()).isEqualTo(2);
        assertThat(run("template", "--model", dir, "--tokenizer-dir", dir, "--messages", m.toString()).code())
                .isEqualTo(2);
        Result bad = run("template", "--tokenizer-dir", dir, "--messages", m.toString(), "--chat-format", "chatml");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("unknown chat format 'chatml'");
        Files.writeString(m, "not json");
        assertThat(run("template", "--tokenizer-dir", dir, "--messages", m.toString(), "--chat-format", "plain").err())
                .contains("messages.json").contains("--messages expects a list");
    }
}
