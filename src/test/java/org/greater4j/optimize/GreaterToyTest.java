package org.greater4j.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Reasoning.Trace;
import org.greater4j.task.Example;
import org.greater4j.task.Task;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.toy.ToyEvaluation;
import org.greater4j.toy.ToyModels;
import org.greater4j.toy.ToyTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optimizer on the toy model, whose answers end in its own extractor phrase: scored with the
 * reasoning cut before that phrase, the mistake rate is exactly the share of reasonings whose parsed
 * answer is wrong (an independent reading of the same generations); appended after the phrase
 * (the official code's way) some right reasonings count as mistakes.
 */
class GreaterToyTest {
    static LanguageModel model;
    static LayoutTemplate layout;
    static Task task;

    @BeforeAll
    static void load() {
        model = LanguageModel.load(ToyModels.path("toy"));
        layout = ToyEvaluation.layout(model);
        task = ToyTask.task();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Greater greater(GreaterConfig cfg) {
        return Greater.of(model, task.head(16, 0, 0), cfg);
    }

    @Test
    void mistakesWithTheCutEqualWrongParsedAnswers() {
        for (String prompt : List.of("think step by step.", "no thinking just feeling.")) {
            GreaterConfig cfg = GreaterConfig.paper().withInitialPrompt(prompt).withMaxNewTokens(100);
            Greater g = greater(cfg);
            int[] ids = g.initialPrompt().ids();
            Evaluated e = g.evaluate(ids, ids, ids[0]);
            List<Trace> traces = e.reasoning().traces();
            List<Example> rows = g.train();
            long wrong = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (!task.answerType().isCorrect(java.util.Optional.of(traces.get(i).answer()), rows.get(i).gold())) wrong++;
            }
            assertThat(e.mistakeRate()).as(prompt).isEqualTo((double) wrong / rows.size());
            Evaluated uncut = greater(cfg.withCutAtExtractor(false)).evaluate(ids, ids, ids[0]);
            assertThat(uncut.reasoning().traces()).extracting(Trace::text).isEqualTo(traces.stream().map(Trace::text).toList());
            assertThat(uncut.mistakeRate()).as(prompt + ", phrase said twice").isGreaterThanOrEqualTo(e.mistakeRate());
            if (prompt.startsWith("think")) {
                // right reasoning, yet some answers read after the repeated phrase are wrong (2 of 16 here)
                assertThat(uncut.mistakeRate()).isGreaterThan(e.mistakeRate());
            }
        }
        // the step-by-step instruction is right far more often than the misleading one
        int[] step = greater(GreaterConfig.paper().withInitialPrompt("think step by step.").withMaxNewTokens(100)).initialPrompt().ids();
        assertThat(greater(GreaterConfig.paper().withMaxNewTokens(100)).evaluate(step, step, step[0]).mistakeRate()).isLessThan(0.1);
    }
}
