package org.greater4j.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.greater4j.model.LanguageModel;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.toy.ToyEvaluation;
import org.greater4j.toy.ToyModels;
import org.greater4j.toy.ToyTask;
import org.greater4j.task.Example;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reasoning under several prompts with each question's shared prefix computed once equals reasoning
 * under each prompt alone (the toy model, whose reasoning depends on the prompt).
 */
class ReasonerTest {
    static LanguageModel model;
    static LayoutTemplate layout;

    @BeforeAll
    static void load() {
        model = LanguageModel.load(ToyModels.path("toy"));
        layout = ToyEvaluation.layout(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyFamilysEndOfTurnTokenStopsGeneration() {
        List<String> markers = List.of(Reasoner.END_OF_TURN);
        for (org.greater4j.text.ChatFamily f : org.greater4j.text.ChatFamily.values()) {
            if (f.endOfTurn() != null) assertThat(markers).as(f.name()).contains(f.endOfTurn());
        }
        // Phi-3's <|end|>, SmolLM3's and Qwen3's <|im_end|>, OLMo-2's <|endoftext|>, Gemma-3's <end_of_turn>
        assertThat(markers).contains("<|end|>", "<|im_end|>", "<|endoftext|>", "<end_of_turn>", "<|eot_id|>", "<|eom_id|>");
    }

    @Test
    void sharedPrefixReasoningEqualsOnePromptAtATime() {
        List<String> qs = ToyTask.task().train().stream().limit(7).map(Example::question).toList();
        int[] base = layout.encodePrompt("no thinking just feeling.");
        List<int[]> prompts = new ArrayList<>();
        for (String w : new String[] {"step", "gut", "carefully", "no"}) {
            int[] p = base.clone();
            p[1] = layout.tokenizer().encode(w)[0];
            prompts.add(p);
        }
        Reasoner r = Reasoner.of(model, layout);
        List<List<Reasoner.Result>> shared = r.reasonShared(qs, prompts, 60, 3, TokenListener.NONE);
        boolean styles = false;
        for (int j = 0; j < prompts.size(); j++) {
            List<Reasoner.Result> alone = r.reason(qs, prompts.get(j), 60, 2, TokenListener.NONE);
            for (int i = 0; i < qs.size(); i++) {
                assertThat(shared.get(j).get(i).tokens()).as("prompt %d question %d", j, i).isEqualTo(alone.get(i).tokens());
                assertThat(shared.get(j).get(i).text()).isEqualTo(alone.get(i).text());
                assertThat(shared.get(j).get(i).input().ids()).isEqualTo(alone.get(i).input().ids());
                assertThat(shared.get(j).get(i).stop()).isEqualTo(alone.get(i).stop());
            }
            styles |= alone.get(0).text().startsWith("first");
        }
        assertThat(styles).as("some prompt makes the toy reason step by step").isTrue();
        // the shared prefix runs through the optimized position, not further
        var l = new org.greater4j.text.Layout[] {layout.generation(qs.get(0), prompts.get(0)), layout.generation(qs.get(0), prompts.get(1))};
        assertThat(Reasoner.sharedPrefix(l)).isEqualTo(l[0].span(org.greater4j.text.LayoutPart.PROMPT).start() + 1);
    }
}
