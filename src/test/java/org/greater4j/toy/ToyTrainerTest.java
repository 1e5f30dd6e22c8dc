package org.greater4j.toy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.greater4j.io.SafeTensors;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer: its forward is the engine's forward, a few seconds of training lower the loss, saving. */
class ToyTrainerTest {
    @TempDir
    Path tmp;

    static List<int[]> heldOutBatch(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(ToyTask.trainingSample(rng).ids(ToyVocabulary.standard()));
        return out;
    }

    @Test
    void shortTrainingLowersTheLoss() {
        TrainingConfig cfg = TrainingConfig.defaults(3).withSteps(60).withBatch(16).withWarmup(10).withEval(0, 0);
        try (ToyTrainer t = ToyTrainer.create(ToySize.TINY, cfg)) {
            List<int[]> probe = heldOutBatch(32, 123);
            double before = t.loss(probe);
            assertThat(before).isBetween(Math.log(ToyVocabulary.standard().size()) - 0.5,
                    Math.log(ToyVocabulary.standard().size()) + 0.5);
            double first = 0;
            double last = 0;
            for (int i = 0; i < 60; i++) {
                double l = t.step(t.nextBatch());
                if (i < 5) first += l / 5;
                if (i >= 55) last += l / 5;
            }
            double after = t.loss(probe);
            assertThat(t.steps()).isEqualTo(60);
            assertThat(after).isLessThan(before - 1.0);
            assertThat(last).isLessThan(first - 1.0);
        }
    }

    @Test
    void trainingIsDeterministicForASeed() {
        TrainingConfig cfg = TrainingConfig.defaults(5).withSteps(4).withBatch(4).withWarmup(2).withEval(0, 0);
        double[] a = new double[4];
        double[] b = new double[4];
        try (ToyTrainer t = ToyTrainer.create(ToySize.TINY, cfg)) {
            for (int i = 0; i < 4; i++) a[i] = t.step(t.nextBatch());
        }
        try (ToyTrainer t = ToyTrainer.create(ToySize.TINY, cfg)) {
            for (int i = 0; i < 4; i++) b[i] = t.step(t.nextBatch());
        }
        assertThat(b).containsExactly(a);
    }

    @Test
    void trainerForwardEqualsTheEngineOnTheSavedCheckpoint() throws Exception {
        TrainingConfig cfg = TrainingConfig.defaults(7).withSteps(10).withBatch(8).withWarmup(2).withEval(0, 0);
        Path dir = tmp.resolve("m");
        try (ToyTrainer t = ToyTrainer.create(ToySize.TINY, cfg)) {
            for (int i = 0; i < 10; i++) t.step(t.nextBatch()); // weights away from their initial values
            t.save(dir);
            assertThat(dir.resolve("model.safetensors")).exists();
            assertThat(SafeTensors.read(dir.resolve("model.safetensors"))).doesNotContainKey("lm_head.weight")
                    .containsKeys("model.layers.1.self_attn.k_proj.weight", "model.layers.0.mlp.up_proj.weight");
            ModelConfig mc = ModelConfig.read(dir);
            assertThat(mc.tieEmbeddings()).isTrue();
            assertThat(mc.parameterCount()).isEqualTo(t.parameterCount());
            assertThat(mc.parameterCount()).isEqualTo(ToySize.TINY.parameters(ToyVocabulary.standard().size()));
            try (LanguageModel m = LanguageModel.load(dir)) {
                for (int[] ids : heldOutBatch(3, 99)) {
                    float[][] mine = t.logits(ids);
                    float[][] engine = m.logits(ids);
                    for (int i = 0; i < ids.length; i++) {
                        for (int j = 0; j < mine[i].length; j++) {
                            assertThat((double) mine[i][j]).isCloseTo(engine[i][j], org.assertj.core.data.Offset.offset(1e-4));
                        }
                    }
                }
            }
        }
        assertThat(Files.readString(dir.resolve("config.json"))).contains("\"model_type\" : \"llama\"")
                .contains("\"tie_word_embeddings\" : true").contains("\"seed\" : 7");
    }

    @Test
    void defaultSizeMatchesTheNotes() {
        // 797,952 in the notes with 81 tokens; 128 parameters per extra token.
        int v = ToyVocabulary.standard().size();
        assertThat(ToySize.DEFAULT.parameters(v)).isEqualTo(797_952L + 128L * (v - 81));
    }

    @Test
    void scheduleWarmsUpThenDecaysToTenPercent() {
        TrainingConfig c = TrainingConfig.defaults(1);
        assertThat(c.learningRate(0)).isCloseTo(3e-5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.learningRate(99)).isCloseTo(3e-3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.learningRate(100)).isCloseTo(3e-3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.learningRate(2399)).isCloseTo(3e-4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.learningRate(1250)).isBetween(1.6e-3, 1.7e-3);
    }
}
