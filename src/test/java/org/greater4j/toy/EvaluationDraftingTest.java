package org.greater4j.toy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Evaluation;
import org.greater4j.task.EvaluationConfig;
import org.greater4j.task.EvaluationListener;
import org.greater4j.task.EvaluationRecord;
import org.greater4j.task.Protocol;
import org.greater4j.task.Split;
import org.greater4j.task.Task;
import org.junit.jupiter.api.Test;

/**
 * An evaluation drafts a prompt's reasoning from the reasoning of the prompt it evaluated before: the records equal
 * those of an evaluation that never drafts, and confirmed draft tokens show in its decode work.
 */
class EvaluationDraftingTest {

    @Test
    void aSecondPromptDraftedFromTheFirstGivesTheSameRecords() {
        try (LanguageModel model = LanguageModel.load(ToyModels.path("toy"))) {
            Task t = ToyTask.task();
            EvaluationConfig ec = EvaluationConfig.defaults().withSplit(Split.DEV).withLimit(24).withMaxNewTokens(100).withBatchSize(8)
                    .withMaxAnswerTokens(4);
            Evaluation drafted = Evaluation.of(Protocol.of(model, t, ToyEvaluation.options()), t, ec);
            Evaluation plain = drafted.withDrafting(false);
            drafted.run("no thinking just feeling.", EvaluationListener.NONE);
            assertThat(drafted.decodeWork().draftedTokens()).as("nothing to draft from yet").isZero();
            for (String prompt : List.of("think step by step.", "think about feeling.")) {
                List<EvaluationRecord> a = drafted.run(prompt, EvaluationListener.NONE).records();
                List<EvaluationRecord> b = plain.run(prompt, EvaluationListener.NONE).records();
                assertThat(a).as(prompt).isEqualTo(b);
            }
            assertThat(drafted.decodeWork().acceptedTokens()).isPositive();
            assertThat(plain.decodeWork().draftedTokens()).isZero();
        }
    }
}
