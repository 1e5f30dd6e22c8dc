package org.greater4j.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import org.greater4j.TestData;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Evaluation;
import org.greater4j.task.EvaluationConfig;
import org.greater4j.task.EvaluationListener;
import org.greater4j.task.EvaluationResult;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;
import org.greater4j.toy.ToyModels;
import org.greater4j.toy.ToyTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optimizer and the evaluation end to end on each new family's tiny transformers checkpoint
 * (shared/goldens-hf), with the toy model's tokenizer (84 tokens, within their vocabulary of 300) and
 * chat template, on the toy task: two optimizer steps (propose, reason, score with the one-hot
 * gradient, swap) and a test-split evaluation, run twice with the same result.
 */
class NewFamiliesEndToEndTest {

    /** Everything a run produced, as text: each step's prompt, candidates, shortlist and winner, then the evaluation. */
    static String run(String name) {
        Path toy = ToyModels.path("toy");
        Path dir = TestData.shared("goldens-hf/models/" + name);
        try (LanguageModel m = LanguageModel.load(dir, LanguageModel.Options.defaults().withTokenizer(toy.resolve("tokenizer.json")))) {
            Task task = ToyTask.task().head(3, 0, 0);
            // the tokenizer files beside the given toy tokenizer: the toy's chat template
            Protocol protocol = Protocol.of(m, task, Protocol.Options.defaults().withDate(LocalDate.of(2025, 1, 1)));
            GreaterConfig cfg = GreaterConfig.paper().withInitialPrompt("think step by step.").withMaxNewTokens(8).withSeed(7);
            Greater g = Greater.of(protocol, task, cfg);
            StringBuilder out = new StringBuilder();
            PromptState p = g.initialPrompt();
            for (int i = 0; i < 2; i++) {
                Step s = g.step(p);
                out.append(String.format(Locale.ROOT, "step %d prompt %s candidates %s shortlist %s winner %d score %.12f%n", i,
                        Arrays.toString(p.ids()), Arrays.toString(s.candidates().tokens()), Arrays.toString(s.scores().shortlist()),
                        s.swap().winner(), s.swap().score()));
                assertThat(s.candidates().tokens()).isNotEmpty();
                assertThat(Double.isFinite(s.swap().score())).as("%s step %d score", name, i).isTrue();
                p = s.swap().next();
            }
            Evaluation ev = Evaluation.of(protocol, task, EvaluationConfig.builder().limit(3).maxNewTokens(8).build());
            EvaluationResult r = ev.run(g.text(p.ids()), EvaluationListener.NONE);
            assertThat(r.records()).hasSize(3);
            out.append("evaluation ").append(r.records().stream().map(x -> x.toString()).toList());
            return out.toString();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-f32", "gemma3-f32", "phi3-f32", "phi3-longrope-f32", "smollm3-f32", "olmo2-f32", "llama3-v5-f32"})
    void optimizerAndEvaluationRunAndRepeat(String name) {
        String first = run(name);
        assertThat(run(name)).as("%s, second run", name).isEqualTo(first);
    }
}
