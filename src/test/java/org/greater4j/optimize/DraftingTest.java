package org.greater4j.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Task;
import org.greater4j.toy.ToyModels;
import org.greater4j.toy.ToyTask;
import org.junit.jupiter.api.Test;

/**
 * Drafted reasoning changes the optimizer's work, not its choices: a toy run with drafting on makes the same steps
 * (candidates, shortlists, real scores, winners, prompts, reasoning) as with drafting off, in fewer decode calls, and
 * its cost counts the confirmed draft tokens apart from the generated ones.
 */
class DraftingTest {


    @Test
    void draftedStepsEqualPlainStepsWithFewerDecodeCalls() {
        try (LanguageModel model = LanguageModel.load(ToyModels.path("toy"))) {
            Task task = ToyTask.task().head(16, 0, 0);
            GreaterConfig cfg = GreaterConfig.paper().withInitialPrompt("think about the story.").withMaxNewTokens(100).withSeed(3);
            assertThat(cfg.drafting()).as("drafting is on by default").isTrue();
            int steps = 4;
            List<Step> on = Greater.of(model, task, cfg).steps(steps);
            List<Step> off = Greater.of(model, task, cfg.withDrafting(false)).steps(steps);
            long callsOn = 0;
            long callsOff = 0;
            long accepted = 0;
            for (int i = 0; i < steps; i++) {
                Step a = on.get(i);
                Step b = off.get(i);
                assertThat(a.candidates().tokens()).as("candidates, step %d", i).containsExactly(b.candidates().tokens());
                assertThat(a.scores().shortlist()).as("shortlist, step %d", i).containsExactly(b.scores().shortlist());
                assertThat(a.scores().gradient()).as("gradient, step %d", i).containsExactly(b.scores().gradient());
                assertThat(a.swap().evaluated()).extracting(Evaluated::score).as("real scores, step %d", i)
                        .containsExactlyElementsOf(b.swap().evaluated().stream().map(Evaluated::score).toList());
                assertThat(a.swap().winner()).as("winner, step %d", i).isEqualTo(b.swap().winner());
                assertThat(a.swap().next().ids()).containsExactly(b.swap().next().ids());
                assertThat(a.reasoning()).isEqualTo(b.reasoning());
                // every output token is either generated or a confirmed draft token
                assertThat(a.cost().generatedTokens() + a.cost().acceptedTokens()).isEqualTo(b.cost().generatedTokens());
                assertThat(b.cost().draftedTokens()).isZero();
                assertThat(a.cost().acceptedTokens()).isLessThanOrEqualTo(a.cost().draftedTokens());
                callsOn += a.cost().decodeCalls();
                callsOff += b.cost().decodeCalls();
                accepted += a.cost().acceptedTokens();
            }
            assertThat(accepted).isPositive();
            assertThat(callsOn).as("decode calls drafted vs plain").isLessThan(callsOff);
        }
    }
}
