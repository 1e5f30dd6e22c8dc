package org.greater4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.greater4j.io.DType;
import org.greater4j.io.ModelFormatException;
import org.greater4j.io.SafeTensors;
import org.greater4j.io.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One checkpoint, several spellings of its config: the older keys (rope_theta, rope_scaling,
 * rope_local_base_freq, sliding_window_pattern) give transformers 5's logits exactly as the
 * rope_parameters spelling does, as does a multimodal Gemma-3 wrapper around the text model; and a
 * setting the engine does not implement is an error naming its key and config.json.
 */
class ConfigSpellingsTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper OM = new ObjectMapper();

    /** The shared checkpoint's config, edited. */
    private static ObjectNode config(String model, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode c = (ObjectNode) OM.readTree(HfGoldenTest.model(model).resolve("config.json").toFile());
        edit.accept(c);
        return c;
    }

    private void assertGolden(String model, Path dir) throws IOException {
        JsonNode g = HfGoldenTest.golden(model);
        try (LanguageModel m = HfGoldenTest.load(dir, DataType.FLOAT64)) {
            assertThat(HfGoldenTest.logitError(m.logits(HfGoldenTest.ints(g.get("ids"))), g.get("logits"))).as(model).isLessThan(1e-4);
        }
    }

    @Test
    void llama3RopeInTheOlderSpelling() throws IOException {
        ObjectNode c = config("llama3-v5-f32", x -> {
            JsonNode rp = x.remove("rope_parameters");
            x.put("rope_theta", rp.get("rope_theta").asDouble());
            ObjectNode rs = ((ObjectNode) rp.deepCopy()).without("rope_theta");
            x.set("rope_scaling", rs);
            x.put("torch_dtype", x.remove("dtype").asText());
        });
        assertGolden("llama3-v5-f32", RopeVariantsTest.withConfig(tmp, "llama3-v5-f32", c));
        // the defect: without the rope settings the theta would be 1e4, off by about 9
        ObjectNode bare = config("llama3-v5-f32", x -> x.remove("rope_parameters"));
        try (LanguageModel m = HfGoldenTest.load(RopeVariantsTest.withConfig(tmp, "llama3-v5-f32", bare), DataType.FLOAT64)) {
            JsonNode g = HfGoldenTest.golden("llama3-v5-f32");
            assertThat(HfGoldenTest.logitError(m.logits(HfGoldenTest.ints(g.get("ids"))), g.get("logits"))).isGreaterThan(1.0);
        }
    }

    @Test
    void gemma3PerLayerTypeRopeInTheOlderSpelling() throws IOException {
        // Gemma-3 before transformers 5: rope_theta for full layers, rope_local_base_freq for sliding ones,
        // layers by sliding_window_pattern (every 6th full) instead of layer_types
        ObjectNode c = config("gemma3-f32", x -> {
            x.remove("rope_parameters");
            x.remove("layer_types");
            x.remove("_sliding_window_pattern");
            x.put("rope_theta", 1_000_000.0).put("rope_local_base_freq", 10_000.0).put("sliding_window_pattern", 6);
        });
        Path dir = RopeVariantsTest.withConfig(tmp, "gemma3-f32", c);
        assertGolden("gemma3-f32", dir);
        try (LanguageModel m = HfGoldenTest.load(dir, DataType.FLOAT32)) {
            assertThat(m.config().layers().stream().map(ModelConfig.LayerAttention::type).toList())
                    .containsExactly("sliding_attention", "sliding_attention", "sliding_attention", "sliding_attention",
                            "sliding_attention", "full_attention");
            assertThat(m.config().layers().get(0).rope().theta()).isEqualTo(10_000.0);
            assertThat(m.config().layers().get(5).rope().theta()).isEqualTo(1_000_000.0);
        }
    }

    @Test
    void phi3LongropeInTheOlderSpelling() throws IOException {
        ObjectNode c = config("phi3-longrope-f32", x -> {
            ObjectNode rp = (ObjectNode) x.remove("rope_parameters");
            x.put("rope_theta", rp.remove("rope_theta").asDouble());
            rp.remove("partial_rotary_factor");
            rp.remove("original_max_position_embeddings");
            rp.put("type", rp.remove("rope_type").asText());
            x.set("rope_scaling", rp);
        });
        assertGolden("phi3-longrope-f32", RopeVariantsTest.withConfig(tmp, "phi3-longrope-f32", c));
    }

    /** The gemma3_text checkpoint repacked as a multimodal Gemma-3: text_config, weights under a language-model prefix. */
    private Path multimodal(String textPrefix, String name) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        ObjectNode text = config("gemma3-f32", x -> x.remove("architectures"));
        ObjectNode c = OM.createObjectNode();
        c.putArray("architectures").add("Gemma3ForConditionalGeneration");
        c.put("model_type", "gemma3");
        c.set("text_config", text);
        c.putObject("vision_config").put("model_type", "siglip_vision_model").put("hidden_size", 8).put("image_size", 16);
        c.put("mm_tokens_per_image", 4).put("image_token_index", 299);
        ArrayNode eos = c.putArray("eos_token_id");
        eos.add(1).add(106);
        OM.writeValue(dir.resolve("config.json").toFile(), c);
        Map<String, TensorData> src = SafeTensors.readDirectory(HfGoldenTest.model("gemma3-f32"));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        for (var e : src.entrySet()) {
            String n = textPrefix + e.getKey().substring("model.".length());
            shapes.put(n, e.getValue().shape());
            values.put(n, e.getValue().toDoubles());
        }
        // a vision tower and projector the text model does not read
        shapes.put("vision_tower.vision_model.embeddings.patch_embedding.weight", new long[] {8, 3, 4, 4});
        values.put("vision_tower.vision_model.embeddings.patch_embedding.weight", new double[8 * 3 * 4 * 4]);
        shapes.put("multi_modal_projector.mm_input_projection_weight", new long[] {8, 64});
        values.put("multi_modal_projector.mm_input_projection_weight", new double[8 * 64]);
        SafeTensors.write(dir.resolve("model.safetensors"), shapes, values, DType.F32);
        return dir;
    }

    @Test
    void multimodalGemma3LoadsItsLanguageModel() throws IOException {
        for (String prefix : new String[] {"language_model.model.", "model.language_model."}) {
            Path dir = multimodal(prefix, prefix.replace('.', '_'));
            assertGolden("gemma3-f32", dir);
            try (LanguageModel m = HfGoldenTest.load(dir, DataType.FLOAT32)) {
                assertThat(m.config().family()).isEqualTo(Family.GEMMA3);
                assertThat(m.config().eosTokenIds()).containsExactly(1, 106);
            }
        }
    }

    /** The error for the shared checkpoint {@code model} with an edited config. */
    private org.assertj.core.api.AbstractThrowableAssert<?, ?> loading(String model, Consumer<ObjectNode> edit) throws IOException {
        Path dir = RopeVariantsTest.withConfig(tmp, model, config(model, edit));
        return assertThatThrownBy(() -> LanguageModel.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(dir.resolve("config.json").toString());
    }

    @Test
    void settingsTheEngineDoesNotImplementAreErrors() throws IOException {
        loading("llama3-v5-f32", x -> ((ObjectNode) x.get("rope_parameters")).put("rope_type", "dynamic"))
                .hasMessageContaining("rope_parameters.rope_type = \"dynamic\" is not supported")
                .hasMessageContaining("default, linear, llama3, longrope, yarn");
        loading("llama3-v5-f32", x -> ((ObjectNode) x.get("rope_parameters")).putArray("mrope_section").add(2))
                .hasMessageContaining("rope_parameters.mrope_section = [2] is not a setting greater4j implements for rope_type llama3");
        loading("gemma3-f32", x -> ((ArrayNode) x.get("layer_types")).set(2, "chunked_attention"))
                .hasMessageContaining("layer_types[2] = \"chunked_attention\" is not supported");
        loading("gemma3-f32", x -> ((ObjectNode) x.get("rope_parameters")).set("chunked_attention", OM.createObjectNode()))
                .hasMessageContaining("rope_parameters.chunked_attention is not a layer type");
        loading("gemma3-f32", x -> x.put("attn_logit_softcapping", 50.0))
                .hasMessageContaining("attn_logit_softcapping = 50.0 is not supported");
        loading("gemma3-f32", x -> x.put("use_bidirectional_attention", true))
                .hasMessageContaining("use_bidirectional_attention = true is not supported");
        loading("qwen3-f32", x -> x.put("attention_bias", true)).hasMessageContaining("attention_bias = true is not supported");
        loading("llama3-v5-f32", x -> x.putObject("rope_scaling").put("rope_type", "linear").put("factor", 2.0))
                .hasMessageContaining("both rope_parameters (transformers >= 5) and rope_scaling (older) are set");
        loading("llama3-v5-f32", x -> x.put("rope_theta", 10000.0))
                .hasMessageContaining("rope_parameters.rope_theta = 500000.0 but rope_theta = 10000.0");
        loading("smollm3-f32", x -> ((ArrayNode) x.get("no_rope_layers")).set(1, 2))
                .hasMessageContaining("no_rope_layers[1] = 2 is out of range");
        loading("qwen3-f32", x -> ((ArrayNode) x.get("layer_types")).set(0, "sliding_attention"))
                .hasMessageContaining("layer_types has sliding_attention layers but there is no sliding window");
        loading("phi3-f32", x -> ((ObjectNode) x.get("rope_parameters")).put("partial_rotary_factor", 0.5))
                .hasMessageContaining("rope_parameters.partial_rotary_factor = 0.5 but partial_rotary_factor = 0.75");
        loading("phi3-f32", x -> {
            x.put("partial_rotary_factor", 0.1);
            ((ObjectNode) x.get("rope_parameters")).put("partial_rotary_factor", 0.1);
        }).hasMessageContaining("rope_parameters.partial_rotary_factor = 0.1 gives 1 rotary values of head_dim 16");
    }

    @Test
    void aTensorTheFamilyDoesNotUseIsAnError() throws IOException {
        // qwen3 weights read as qwen2 (with the biases it needs) would silently drop q_norm and k_norm
        Path dir = RopeVariantsTest.withConfig(tmp, "qwen3-f32", config("qwen3-f32", x -> x.put("model_type", "llama")));
        assertThatThrownBy(() -> LanguageModel.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("tensors a llama model does not use")
                .hasMessageContaining("model.layers.0.self_attn.k_norm.weight");
    }
}
