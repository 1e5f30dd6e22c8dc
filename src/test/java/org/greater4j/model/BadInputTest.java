package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.greater4j.io.DType;
import org.greater4j.io.ModelFormatException;
import org.greater4j.text.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt or inconsistent inputs give a clear error naming the file and the problem, never a crash. */
class BadInputTest {
    @TempDir
    Path tmp;

    private Path tiny() {
        return TinyModels.write(TinyModels.config("llama"), tmp.resolve("m"), DType.F32, 1);
    }

    private static void writeHeader(Path file, long declaredLen, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLen).put(h);
        Files.write(file, b.array());
    }

    @Test
    void truncatedFile() throws IOException {
        Path m = tiny();
        Path st = m.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(st);
        Files.write(st, Arrays.copyOf(all, all.length - 100));
        assertThatThrownBy(() -> LanguageModel.load(m)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("past the end of the file");
        Files.write(st, Arrays.copyOf(all, 5));
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("too short");
    }

    @Test
    void headerLongerThanFileOrOversized() throws IOException {
        Path m = tiny();
        Path st = m.resolve("model.safetensors");
        writeHeader(st, 1_000_000, "{}", 0);
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("model.safetensors").hasMessageContaining("truncated");
        writeHeader(st, 1L << 40, "{}", 0);
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("declares a header of");
        writeHeader(st, 2, "{x", 0);
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("not valid JSON");
    }

    @Test
    void offsetsPastEndAndWrongDtype() throws IOException {
        Path m = tiny();
        Path st = m.resolve("model.safetensors");
        String past = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,64]}}";
        writeHeader(st, past.length(), past, 16);
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("tensor a ends at byte 64");
        String i8 = "{\"a\":{\"dtype\":\"I8\",\"shape\":[4],\"data_offsets\":[0,4]}}";
        writeHeader(st, i8.length(), i8, 4);
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("dtype \"I8\"").hasMessageContaining("F32, F16, BF16");
        String span = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,12]}}";
        writeHeader(st, span.length(), span, 16);
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("data_offsets span 12 bytes");
    }

    @Test
    void headerLengthOffByOneIsAnErrorNotNanLogits() throws IOException {
        // issue 14: a header length one short of a padded header loaded with rc 0 and every logit NaN
        Path m = tiny();
        Path st = m.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(st);
        int len = (int) ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String json = new String(all, 8, len, StandardCharsets.UTF_8).strip() + " ";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + all.length - 8 - len).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length - 1).put(h).put(all, 8 + len, all.length - 8 - len);
        Files.write(st, b.array());
        assertThatThrownBy(() -> LanguageModel.load(m)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("data section");
    }

    @Test
    void filesLinkedFromOutsideTheModelDirectory() throws IOException {
        Path m = tiny();
        Path outside = java.nio.file.Files.createDirectories(tmp.resolve("outside"));
        Files.move(m.resolve("config.json"), outside.resolve("config.json"));
        Files.createSymbolicLink(m.resolve("config.json"), outside.resolve("config.json"));
        assertThatThrownBy(() -> LanguageModel.load(m)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(m.resolve("config.json") + ": is a link to").hasMessageContaining("outside the model directory");
        Files.delete(m.resolve("config.json"));
        Files.move(outside.resolve("config.json"), m.resolve("config.json"));
        Files.writeString(outside.resolve("tokenizer.json"), "{}");
        Files.createSymbolicLink(m.resolve("tokenizer.json"), outside.resolve("tokenizer.json"));
        assertThatThrownBy(() -> LanguageModel.load(m)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tokenizer.json: is a link to");
        Files.move(m.resolve("model.safetensors"), outside.resolve("model.safetensors"));
        Files.createSymbolicLink(m.resolve("model.safetensors"), outside.resolve("model.safetensors"));
        Files.delete(m.resolve("tokenizer.json"));
        assertThatThrownBy(() -> LanguageModel.load(m)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model.safetensors: is a link to");
    }

    @Test
    void missingConfigKeyUnknownTypeAndShapeMismatch() throws IOException {
        Path m = tiny();
        ObjectMapper om = new ObjectMapper();
        ObjectNode c = TinyModels.config("llama");
        c.remove("hidden_size");
        om.writeValue(m.resolve("config.json").toFile(), c);
        assertThatThrownBy(() -> LanguageModel.load(m)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("config.json").hasMessageContaining("missing key \"hidden_size\"");
        c = TinyModels.config("llama");
        c.put("model_type", "gpt_neox");
        om.writeValue(m.resolve("config.json").toFile(), c);
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("unknown model_type \"gpt_neox\"")
                .hasMessageContaining("llama, qwen2, qwen3, gemma2, gemma3_text, mistral, phi3, smollm3, olmo2");
        c = TinyModels.config("llama");
        c.put("intermediate_size", 40);
        om.writeValue(m.resolve("config.json").toFile(), c);
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("mlp.gate_proj.weight has shape [48, 32]")
                .hasMessageContaining("config.json implies [40, 32]");
        Files.writeString(m.resolve("config.json"), "{not json");
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("config.json: is not valid JSON");
    }

    @Test
    void missingFilesAndTokenizer() throws IOException {
        assertThatThrownBy(() -> LanguageModel.load(tmp.resolve("nowhere"))).hasMessageContaining("does not exist");
        Path m = tiny();
        Files.delete(m.resolve("model.safetensors"));
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("no model.safetensors");
        Path m2 = TinyModels.write(TinyModels.config("llama"), tmp.resolve("m2"), DType.F32, 1);
        try (LanguageModel lm = LanguageModel.load(m2)) {
            assertThatThrownBy(lm::requireTokenizer).hasMessageContaining("--tokenizer");
        }
        assertThatThrownBy(() -> Tokenizer.load(tmp.resolve("tok.json"))).hasMessageContaining("tokenizer file does not exist");
        assertThatThrownBy(() -> Tokenizer.load(m2)).hasMessageContaining("has no tokenizer.json");
    }

    @Test
    void corruptLlama2cCheckpoint() throws IOException {
        Path f = tmp.resolve("x.bin");
        ByteBuffer b = ByteBuffer.allocate(28 + 400).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(64).putInt(172).putInt(5).putInt(8).putInt(4).putInt(512).putInt(512);
        Files.write(f, b.array());
        assertThatThrownBy(() -> LanguageModel.load(f)).hasMessageContaining("x.bin").hasMessageContaining("truncated");
        ByteBuffer c = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt(-5).putInt(1).putInt(1).putInt(1).putInt(1).putInt(1).putInt(1);
        Files.write(f, c.array());
        assertThatThrownBy(() -> LanguageModel.load(f)).hasMessageContaining("implausible header");
    }

    @Test
    void shardIndexNamingAMissingTensor() throws IOException {
        Path m = TinyModels.write(TinyModels.config("llama"), tmp.resolve("s"), DType.F32, 2);
        ObjectMapper om = new ObjectMapper();
        ObjectNode idx = (ObjectNode) om.readTree(m.resolve("model.safetensors.index.json").toFile());
        ((ObjectNode) idx.get("weight_map")).put("model.extra.weight", "model-00001-of-00002.safetensors");
        om.writeValue(m.resolve("model.safetensors.index.json").toFile(), idx);
        assertThatThrownBy(() -> LanguageModel.load(m)).hasMessageContaining("names tensor model.extra.weight");
    }
}
