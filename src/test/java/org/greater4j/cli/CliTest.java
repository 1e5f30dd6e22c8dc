package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.greater4j.TestData;
import org.greater4j.model.LanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user calls them: exact stdout, JSON shape, exit codes and error text. */
class CliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            if (name.equals("help")) continue;
            Result r = run(name, "--help");
            assertThat(r.code()).as(name + " --help: " + r.err()).isZero();
            assertThat(r.out()).as(name).contains("Usage: greater " + name);
        }
    }

    @Test
    void generatePrintsOnlyTheGreedyText() throws Exception {
        Path bin = TestData.shared("models/stories260K-llama2c/stories260K.bin");
        Result r = run("generate", "--model", bin.toString(), "--max-tokens", "30");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).startsWith("Once upon a time, there was a little girl named Lily.");
        Result p = run("generate", "--model", bin.toString(), "--prompt", "Tom and his dog", "--max-tokens", "12");
        assertThat(p.code()).isEqualTo(0);
        assertThat(p.out()).isNotBlank().doesNotStartWith("Tom and his dog");
    }

    @Test
    void generateWithHfWeightsAndExplicitTokenizer() {
        Result r = run("generate", "--model", TestData.shared("models/stories260K-hf/F16").toString(),
                "--tokenizer", TestData.shared("models/stories260K-llama2c/tok512.bin").toString(), "--max-tokens", "20");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).startsWith("Once upon a time");
        Result missing = run("generate", "--model", TestData.shared("models/stories260K-hf/F16").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("--tokenizer");
    }

    @Test
    void logitsWritesJsonEqualToTheLibrary() throws Exception {
        Path model = TestData.shared("models/adder-llama-hf");
        Path out = tmp.resolve("l.json");
        Result r = run("logits", "--model", model.toString(), "--ids", "1,18,16,17", "--out", out.toString());
        assertThat(r.code()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree(Files.readString(out));
        assertThat(j.get("ids").toString()).isEqualTo("[1,18,16,17]");
        assertThat(j.get("logits")).hasSize(4);
        try (LanguageModel m = LanguageModel.load(model)) {
            float[][] lg = m.logits(new int[] {1, 18, 16, 17});
            assertThat(j.get("logits").get(3)).hasSize(21);
            assertThat((float) j.get("logits").get(3).get(5).asDouble()).isEqualTo(lg[3][5]);
        }
        Result bad = run("logits", "--model", model.toString(), "--ids", "1,99");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("token id 99 is outside the vocabulary [0, 21)");
    }

    @Test
    void infoDescribesTheModel() {
        Result r = run("info", "--model", TestData.shared("models/stories260K-hf/BF16").toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("family:       llama").contains("layers:       5").contains("BF16 stored");
        Result gemma3 = run("info", "--model", TestData.shared("goldens-hf/models/gemma3-f32").toString());
        assertThat(gemma3.code()).as(gemma3.err()).isEqualTo(0);
        assertThat(gemma3.out()).contains("family:       gemma3_text")
                .contains("rope:         default\n").contains("layers 0-4:  sliding_attention window 8, rope default theta 10000\n")
                .contains("layer 5:     full_attention, rope default theta 1000000\n");
        Result phi3 = run("info", "--model", TestData.shared("goldens-hf/models/phi3-longrope-f32").toString());
        assertThat(phi3.out()).contains("rope:         longrope (12 of 16 values per head rotate)")
                .contains("layers 0-1:  full_attention, rope longrope theta 10000 long beyond 256 attention x1.2748");
        Result smol = run("info", "--model", TestData.shared("goldens-hf/models/smollm3-f32").toString());
        assertThat(smol.out()).contains("layer 1:     full_attention, rope none");
        Result unknown = run("info", "--model", tmp.resolve("none").toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("does not exist");
    }

    @Test
    void theBuiltInToyModelFollowsItsInstruction() {
        Result step = run("generate", "--model", "toy", "--chat-format", "auto", "--prompt",
                "what is 3 + 4 - 2. Use think step by step.", "--max-tokens", "40");
        assertThat(step.code()).as(step.err()).isEqualTo(0);
        assertThat(step.out()).isEqualTo("first 3 + 4 = 7 . then 7 - 2 = 5 . so the answer is $ 5");
        Result direct = run("generate", "--model", "toy", "--chat-format", "auto", "--prompt",
                "what is 3 + 4 - 2. Use no thinking just feeling.", "--max-tokens", "40");
        assertThat(direct.out()).startsWith("so the answer is $");
    }

    @Test
    void modelIdsResolveInTheLocalHuggingFaceCache() throws Exception {
        Path hub = tmp.resolve("hub");
        Path snap = hub.resolve("models--org--tiny/snapshots/abc123");
        Files.createDirectories(snap);
        Files.createDirectories(hub.resolve("models--org--tiny/refs"));
        Files.writeString(hub.resolve("models--org--tiny/refs/main"), "abc123\n");
        assertThat(org.greater4j.model.ModelSpec.resolve("org/tiny", hub, x -> { })).isEqualTo(snap);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.greater4j.model.ModelSpec.resolve("org/other", hub, x -> { }))
                .hasMessageContaining("nor in the local HuggingFace cache");
    }
}
