package org.greater4j.toy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.greater4j.model.LanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped toy models: extracted from the classpath once, loaded through the real loader, and they
 * reproduce the accuracy the README documents (on 100 held-out questions of the README's sample).
 */
class ToyModelsTest {
    @TempDir
    Path cache;

    @Test
    void extractsOnceIntoAShaNamedCacheDirectory() throws Exception {
        Path dir = ToyModels.path("toy", cache);
        String sha = ToyModels.sha256("toy");
        assertThat(dir.getFileName().toString()).isEqualTo("toy-v1-" + sha.substring(0, 12));
        assertThat(dir.getParent()).isEqualTo(cache.resolve("toy"));
        for (String f : ToyModels.FILES) assertThat(dir.resolve(f)).isRegularFile();
        byte[] weights = Files.readAllBytes(dir.resolve("model.safetensors"));
        assertThat(weights.length).isLessThanOrEqualTo(4 * 1024 * 1024);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights))).isEqualTo(sha);
        long modified = Files.getLastModifiedTime(dir.resolve("config.json")).toMillis();
        assertThat(ToyModels.path("toy-v1", cache)).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(dir.resolve("config.json")).toMillis()).isEqualTo(modified);
        try (var s = Files.list(cache.resolve("toy"))) {
            assertThat(s.filter(p -> p.getFileName().toString().contains(".tmp")).count()).isZero();
        }
        assertThat(ToyModels.path("TOY", cache)).isEqualTo(dir);
        assertThatThrownBy(() -> ToyModels.path("toy-c", cache)).hasMessageContaining("toy-b");
    }

    @Test
    void shippedFilesAreWhatTheTrainerWrites() throws Exception {
        Path fresh = cache.resolve("fresh");
        ToyVocabulary.standard().writeTokenizer(fresh, 128);
        ObjectMapper om = new ObjectMapper();
        for (String name : List.of("toy")) {
            Path dir = ToyModels.path(name, cache);
            for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
                assertThat(Files.readString(dir.resolve(f))).as(name + " " + f).isEqualTo(Files.readString(fresh.resolve(f)));
            }
            JsonNode shipped = om.readTree(dir.resolve("config.json").toFile());
            JsonNode t = shipped.get("greater4j_training");
            ToySize size = name.equals("toy") ? ToySize.DEFAULT : ToySize.SMALL;
            TrainingConfig cfg = TrainingConfig.defaults(t.get("seed").asLong());
            String expected = om.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(ToyTrainer.config(size, cfg, t.get("steps").asInt(), ToyVocabulary.standard().size()));
            assertThat(Files.readString(dir.resolve("config.json"))).as(name).isEqualTo(expected);
        }
    }

    @Test
    void readmeRecordsTheShippedSha256s() throws Exception {
        String readme;
        try (InputStream in = ToyModels.class.getResourceAsStream("/toy/README.md")) {
            assertThat(in).as("src/main/resources/toy/README.md").isNotNull();
            readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(readme).contains(ToyModels.sha256("toy")).contains(ToyModels.recipe("toy-b").sha256());
    }

    @Test
    void shippedModelsReproduceTheirDocumentedAccuracy() {
        List<ToyProblem> qs = ToyTask.heldOut(100, ToyEvaluation.REPORT_SEED);
        for (String name : List.of("toy")) {
            try (LanguageModel m = LanguageModel.load(ToyModels.path(name, cache))) {
                ToyEvaluation.Result step = ToyEvaluation.evaluate(m, "think step by step.", qs, 100);
                ToyEvaluation.Result rush = ToyEvaluation.evaluate(m, "no thinking just feeling.", qs, 100);
                assertThat(step.accuracy()).as(name + " " + step).isGreaterThanOrEqualTo(0.95);
                assertThat(step.stepRate()).as(name + " " + step).isGreaterThanOrEqualTo(0.98);
                assertThat(rush.accuracy()).as(name + " " + rush).isLessThanOrEqualTo(0.45);
                assertThat(rush.stepRate()).as(name + " " + rush).isLessThanOrEqualTo(0.02);
            }
        }
    }

    @Test
    void aRecipeTrainsInAChildJvmToTheSameBytesTwice() throws Exception {
        ToyModels.Recipe r = new ToyModels.Recipe(4, ToySize.TINY, 20, null);
        List<String> lines = new java.util.ArrayList<>();
        ToyTraining.train(r, cache.resolve("a"), lines::add);
        ToyTraining.train(r, cache.resolve("b"), line -> {});
        assertThat(lines).anyMatch(l -> l.contains("1 libtorch thread")).anyMatch(l -> l.startsWith("trained in"));
        byte[] a = Files.readAllBytes(cache.resolve("a/model.safetensors"));
        assertThat(Files.readAllBytes(cache.resolve("b/model.safetensors"))).isEqualTo(a);
        try (LanguageModel m = LanguageModel.load(cache.resolve("a"))) {
            assertThat(m.config().hiddenSize()).isEqualTo(ToySize.TINY.hidden());
        }
        assertThatThrownBy(() -> ToyTraining.train(new ToyModels.Recipe(4, new ToySize(64, 1, 2, 2, 64, 128), 1, null), cache.resolve("c"),
                line -> {})).hasMessageContaining("named toy size");
    }

    @Test
    void theSecondModelIsTakenFromTheCacheOnceTrained() throws Exception {
        assertThat(ToyModels.isShipped("toy")).isTrue();
        assertThat(ToyModels.isShipped("toy-b")).isFalse();
        assertThat(ToyModels.recipe("toy-b").size()).isEqualTo(ToySize.SMALL);
        Path dir = ToyModels.cacheDir("toy-b", cache);
        assertThat(dir.getFileName().toString()).isEqualTo("toy-v1b-" + ToyModels.recipe("toy-b").sha256().substring(0, 12));
        assertThat(ToyModels.isCached("toy-b", cache)).isFalse();
        // a finished folder (here: the shipped model's files) is used as it is, without training
        Path toy = ToyModels.path("toy", cache);
        Files.createDirectories(dir);
        for (String f : ToyModels.FILES) Files.copy(toy.resolve(f), dir.resolve(f));
        Files.writeString(dir.resolve(".complete"), "x\n");
        assertThat(ToyModels.isCached("toy-b", cache)).isTrue();
        assertThat(ToyModels.path("toy-b", cache)).isEqualTo(dir);
        assertThat(ToyModels.path("TOY-V1B", cache)).isEqualTo(dir);
    }
}
