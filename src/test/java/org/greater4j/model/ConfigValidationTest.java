package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.greater4j.io.DType;
import org.greater4j.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Config values that would make NaN, zeros or an overflow (issue 14, item 2): each is an error that
 * names config.json, the key, the value and the allowed range, through {@link ModelConfig#read} and
 * {@link LanguageModel#load}.
 */
class ConfigValidationTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper OM = new ObjectMapper();

    /** A directory holding the tiny {@code family} config, edited. */
    private Path configDir(String family, Consumer<ObjectNode> edit) throws IOException {
        Path dir = Files.createTempDirectory(tmp, family);
        ObjectNode c = TinyModels.config(family);
        edit.accept(c);
        OM.writeValue(dir.resolve("config.json").toFile(), c);
        return dir;
    }

    /** ModelConfig.read's error, checked to name config.json, the key, the value and the allowed range. */
    private AbstractThrowableAssert<?, ?> rejected(String family, Consumer<ObjectNode> edit, String key, String value,
                                                   String allowed) throws IOException {
        Path dir = configDir(family, edit);
        return assertThatThrownBy(() -> ModelConfig.read(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(dir.resolve("config.json").toString())
                .hasMessageContaining(key + " = " + value).hasMessageContaining("allowed: " + allowed);
    }

    @Test
    void ropeThetaAtMostZero() throws IOException {
        rejected("llama", c -> c.put("rope_theta", 0.0), "rope_theta", "0.0", "> 0");
        rejected("llama", c -> c.put("rope_theta", -10000.0), "rope_theta", "-10000.0", "> 0");
        rejected("llama", c -> c.putObject("rope_parameters").put("rope_type", "default").put("rope_theta", -1.0)
                .put("ignored", (String) null), "rope_parameters.rope_theta", "-1.0", "> 0");
    }

    @Test
    void rmsNormEpsHuge() throws IOException {
        rejected("llama", c -> c.put("rms_norm_eps", 1e30), "rms_norm_eps", "1.0E30", "(0, 0.1]");
        rejected("llama", c -> c.put("rms_norm_eps", 0.0), "rms_norm_eps", "0.0", "(0, 0.1]");
    }

    @Test
    void gemmaQueryPreAttnScalarAtMostZero() throws IOException {
        rejected("gemma2", c -> c.put("query_pre_attn_scalar", 0), "query_pre_attn_scalar", "0", "> 0");
        rejected("gemma2", c -> c.put("query_pre_attn_scalar", -24), "query_pre_attn_scalar", "-24", "> 0");
    }

    @Test
    void softcapsAtMostZero() throws IOException {
        rejected("gemma2", c -> c.put("attn_logit_softcapping", 0.0), "attn_logit_softcapping", "0.0", "> 0");
        rejected("gemma2", c -> c.put("final_logit_softcapping", -30.0), "final_logit_softcapping", "-30.0", "> 0");
    }

    @Test
    void slidingWindowAtMostZero() throws IOException {
        rejected("mistral", c -> c.put("sliding_window", 0), "sliding_window", "0", "an integer in [1, 2147483647]");
        rejected("gemma2", c -> c.put("sliding_window", -4), "sliding_window", "-4", "an integer in [1, 2147483647]");
        rejected("qwen2", c -> c.put("use_sliding_window", true).put("sliding_window", 0), "sliding_window", "0",
                "an integer in [1, 2147483647]");
    }

    @Test
    void negativeLayerCount() throws IOException {
        // was "error: -1" (a NegativeArraySizeException's message)
        rejected("llama", c -> c.put("num_hidden_layers", -1), "num_hidden_layers", "-1",
                "an integer in [1, " + ConfigReader.MAX_LAYERS + "]");
    }

    @Test
    void vocabSizeOutOfRangeIsNotCalledNotAnInteger() throws IOException {
        rejected("llama", c -> c.put("vocab_size", 1e12), "vocab_size", "1.0E12", "an integer in [1, 2147483647]")
                .hasMessageContaining("out of range").hasMessageNotContaining("not an integer");
        rejected("llama", c -> c.put("vocab_size", 64.5), "vocab_size", "64.5", "an integer in [1, 2147483647]")
                .hasMessageContaining("not an integer");
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            llama       | hidden_size             | 0          | an integer in [1, 2147483647]
            llama       | num_attention_heads     | 0          | an integer in [1, 2147483647]
            llama       | num_key_value_heads     | 5          | an integer in [1, 4]
            llama       | num_key_value_heads     | 3          | a divisor of it
            llama       | head_dim                | 7          | an even integer >= 2
            llama       | intermediate_size       | 0          | an integer in [1, 1073741823]
            llama       | max_position_embeddings | 0          | an integer in [1, 2147483647]
            llama       | bos_token_id            | 64         | an integer in [0, 63]
            llama       | eos_token_id            | -1         | an integer in [0, 63]
            llama       | hidden_act              | "relu"     | silu, gelu_pytorch_tanh, gelu
            llama       | tie_word_embeddings     | "yes"      | true, false
            llama       | rope_theta              | "big"      | > 0
            llama       | partial_rotary_factor   | 1.5        | (0, 1]
            qwen2       | max_window_layers       | -1         | an integer in [0, 2147483647]
            gemma2      | head_dim                | 0          | an integer in [2, 2147483647]
            """)
    void everyValueAFamilyReadsIsChecked(String family, String key, String value, String allowed) throws IOException {
        rejected(family, c -> c.set(key, readJson(value)), key, value, allowed);
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String s) {
        try {
            return OM.readTree(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void ropeScalingValuesAreChecked() throws IOException {
        rejected("llama3_rope", c -> ((ObjectNode) c.get("rope_scaling")).put("factor", 0.0), "rope_scaling.factor", "0.0", "> 0");
        rejected("llama3_rope", c -> ((ObjectNode) c.get("rope_scaling")).put("high_freq_factor", 0.5),
                "rope_scaling.high_freq_factor", "0.5", "> 1");
        rejected("llama3_rope", c -> ((ObjectNode) c.get("rope_scaling")).put("original_max_position_embeddings", 0),
                "rope_scaling.original_max_position_embeddings", "0", "an integer in [1, 2147483647]");
        rejected("llama", c -> c.putObject("rope_scaling").put("rope_type", "linear").put("factor", -2.0),
                "rope_scaling.factor", "-2.0", "> 0");
        rejected("llama", c -> c.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4.0).put("beta_fast", 0),
                "rope_scaling.beta_fast", "0", "> 0");
    }

    @Test
    void sizesThatNeedMoreMemoryThanExistAreErrorsNotOverflows() throws IOException {
        Path m = TinyModels.write(TinyModels.config("llama"), tmp.resolve("m"), DType.F32, 1);
        // 2e9 x 65536 embeddings: about 1e15 bytes
        ObjectNode big = TinyModels.config("llama").put("vocab_size", 2_000_000_000).put("hidden_size", 65536)
                .put("num_attention_heads", 1024).put("num_key_value_heads", 1024);
        OM.writeValue(m.resolve("config.json").toFile(), big);
        assertThatThrownBy(() -> LanguageModel.load(m)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("config.json").hasMessageContaining("GiB for its weights");
        // products past a long: the parameter count saturates instead of wrapping to a small or negative number
        ObjectNode huge = TinyModels.config("llama").put("hidden_size", Integer.MAX_VALUE - 1).put("num_attention_heads", 2)
                .put("head_dim", 2).put("num_key_value_heads", 2).put("intermediate_size", (1 << 30) - 1)
                .put("vocab_size", Integer.MAX_VALUE).put("num_hidden_layers", ConfigReader.MAX_LAYERS);
        OM.writeValue(m.resolve("config.json").toFile(), huge);
        assertThatThrownBy(() -> LanguageModel.load(m)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("GiB for its weights");
        // q/k/v rows past an int: an error naming the keys, not a negative tensor shape
        ObjectNode wide = TinyModels.config("llama").put("num_attention_heads", 1 << 16).put("num_key_value_heads", 1 << 16)
                .put("head_dim", 1 << 14);
        OM.writeValue(m.resolve("config.json").toFile(), wide);
        assertThatThrownBy(() -> LanguageModel.load(m)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("config.json").hasMessageContaining("num_key_value_heads").hasMessageContaining("head_dim");
    }
}
