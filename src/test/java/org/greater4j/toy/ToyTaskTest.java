package org.greater4j.toy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.greater4j.task.Example;
import org.greater4j.task.ExtractorStyle;
import org.greater4j.task.Task;
import org.greater4j.task.Tasks;
import org.junit.jupiter.api.Test;

/** The generator's properties: the style rule, held-out exclusion, answers, instruction shape, the task. */
class ToyTaskTest {

    @Test
    void styleRuleAnyStepWordAnywhere() {
        assertThat(ToyInstructions.isStepStyle("think step by step.")).isTrue();
        assertThat(ToyInstructions.isStepStyle("show your work and be careful.")).isTrue();
        assertThat(ToyInstructions.isStepStyle("no thinking just feeling.")).isFalse();
        assertThat(ToyInstructions.isStepStyle("solve it calmly.")).isFalse();
        assertThat(ToyInstructions.isStepStyle("quickly , guess instantly and trust your gut .")).isFalse();
        assertThat(ToyInstructions.isStepStyle("quickly guess gut . lazy rapid carefully .")).isTrue();
        assertThat(ToyInstructions.isStepStyle("no steps .")).isTrue();
        assertThat(ToyInstructions.isStepStyle("NO THINKING, JUST STEPS")).isTrue();
        assertThat(ToyInstructions.WORDS).containsAll(ToyInstructions.STEP_WORDS).containsAll(ToyInstructions.RUSH_WORDS);
        assertThat(ToyInstructions.WORDS.size()).isBetween(45, 55);
    }

    @Test
    void trainingSamplesFollowTheRuleAndTheShape() {
        SplittableRandom rng = new SplittableRandom(1);
        int step = 0;
        int n = 4000;
        int salad = 0;
        Set<String> seenPhrases = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ToyTask.Sample s = ToyTask.trainingSample(rng);
            assertThat(s.step()).isEqualTo(ToyInstructions.isStepStyle(s.instruction()));
            assertThat(s.instruction()).endsWith(" .");
            long words = List.of(s.instruction().split(" ")).stream().filter(w -> !w.equals(",") && !w.equals(".")).count();
            assertThat(words).as(s.instruction()).isBetween(3L, 10L);
            for (String w : s.instruction().split(" ")) {
                if (!w.equals(",") && !w.equals(".")) assertThat(ToyInstructions.WORDS).contains(w);
            }
            if (s.step()) {
                step++;
                assertThat(s.response()).startsWith("first ").endsWith(s.problem().directResponse());
            } else {
                assertThat(s.response()).isEqualTo("so the answer is $ " + s.problem().answerText());
            }
            assertThat(s.problem().isHeldOut()).isFalse();
            int[] ids = s.ids(ToyVocabulary.standard());
            assertThat(ids).doesNotContain(ToyVocabulary.standard().id("<unk>"));
            assertThat(ids.length).isLessThanOrEqualTo(ToySize.DEFAULT.maxPositions());
            if (s.instruction().contains(" . ") || !isGrammatical(s.instruction())) salad++;
            seenPhrases.add(s.instruction());
        }
        assertThat((double) step / n).isBetween(0.75, 0.85);
        assertThat(seenPhrases.size()).isGreaterThan(n * 3 / 4);
        assertThat(salad).isPositive();
    }

    private static boolean isGrammatical(String instruction) {
        return !instruction.startsWith("and ") && !instruction.startsWith("it ") && !instruction.startsWith("by ");
    }

    @Test
    void answersRangeOverMinus27To36AndStepsAreRight() {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        int heldOut = 0;
        int total = 0;
        for (int n = 3; n <= 4; n++) {
            int tuples = (int) Math.pow(10, n) << (n - 1);
            for (int code = 0; code < tuples; code++) {
                int[] ops = new int[n];
                boolean[] minus = new boolean[n - 1];
                int c = code;
                for (int i = 0; i < n; i++) {
                    ops[i] = c % 10;
                    c /= 10;
                }
                for (int i = 0; i < n - 1; i++) {
                    minus[i] = (c & 1) == 1;
                    c >>= 1;
                }
                ToyProblem p = ToyProblem.of(ops, minus, 0);
                min = Math.min(min, p.answer());
                max = Math.max(max, p.answer());
                total++;
                if (p.isHeldOut()) heldOut++;
            }
        }
        assertThat(min).isEqualTo(-27);
        assertThat(max).isEqualTo(36);
        assertThat((double) heldOut / total).isBetween(0.11, 0.14);
        ToyProblem p = ToyProblem.of(new int[] {7, 5, 3, 8}, new boolean[] {false, true, false}, 0);
        assertThat(p.question()).isEqualTo("what is 7 + 5 - 3 + 8");
        assertThat(p.stepResponse())
                .isEqualTo("first 7 + 5 = 1 2 . then 1 2 - 3 = 9 . then 9 + 8 = 1 7 . so the answer is $ 1 7");
        assertThat(ToyProblem.of(new int[] {0, 9, 9, 9}, new boolean[] {true, true, true}, 3).stepResponse())
                .isEqualTo("first 0 - 9 = - 9 . then - 9 - 9 = - 1 8 . then - 1 8 - 9 = - 2 7 . so the answer is $ - 2 7");
    }

    @Test
    void heldOutQuestionsAreDistinctAndNeverTrainedOn() {
        List<ToyProblem> held = ToyTask.heldOut(1000, 3);
        assertThat(held).allMatch(ToyProblem::isHeldOut);
        assertThat(held.stream().map(ToyProblem::key).distinct().count()).isEqualTo(1000);
        assertThat(ToyTask.heldOut(1000, 3)).isEqualTo(held);
        Set<String> keys = new HashSet<>();
        held.forEach(p -> keys.add(p.key()));
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 20000; i++) assertThat(keys).doesNotContain(ToyTask.trainingSample(rng).problem().key());
        long three = held.stream().filter(p -> p.operands().length == 3).count();
        // 3 and 4 operands are drawn half and half, as in training, until the ~500 held-out 3-operand keys thin out
        assertThat(three).isBetween(250L, 500L);
    }

    @Test
    void registeredTaskHasQuestionsAndGoldsOnly() {
        ToyTask.register();
        ToyTask.register(); // idempotent
        Task t = Tasks.load("toy");
        assertThat(t.train()).hasSize(40);
        assertThat(t.dev()).hasSize(40);
        assertThat(t.test()).hasSize(200);
        assertThat(t.inPaper()).isFalse();
        assertThat(t.extractor(ExtractorStyle.LLAMA3)).isEqualTo("so the answer is $");
        assertThat(t.extractor(ExtractorStyle.forFamily("qwen2"))).isEqualTo("so the answer is $");
        for (Example e : t.all()) {
            assertThat(e.question()).doesNotContain("Use").doesNotContain(".");
            assertThat(t.answerType().normalize(e.answer())).isEqualTo(e.gold());
            assertThat(t.answerType().isProperValue(e.answer())).isTrue();
            assertThat(e.lossAnswer()).isEqualTo(e.answer());
        }
        assertThat(Tasks.load("toy").all()).isEqualTo(t.all());
        Set<String> keys = new HashSet<>();
        for (Example e : t.all()) keys.add(e.question().replaceAll("^[a-z ]+ (?=\\d)", ""));
        assertThat(keys).hasSize(280);
    }

    @Test
    void answersAreParsedDigitByDigit() {
        var type = ToyTask.ANSWER_TYPE;
        assertThat(type.parse("so the answer is $ 1 7")).isEqualTo(Optional.of("17"));
        assertThat(type.parse("first 7 + 5 = 1 2 . then 1 2 - 3 = 9 . so the answer is $ 9")).isEqualTo(Optional.of("9"));
        assertThat(type.parse("so the answer is $ - 1 2")).isEqualTo(Optional.of("-12"));
        assertThat(type.parse("So The Answer Is $ 3 6")).isEqualTo(Optional.of("36"));
        assertThat(type.parse("so the answer is $ 1 7 . so the answer is $ 2")).isEqualTo(Optional.of("2"));
        assertThat(type.parse("first 7 + 5 = 1 2 .")).isEqualTo(Optional.of("12")).as("no hook: the last number");
        assertThat(type.parse("so the answer is $")).isEmpty();
        assertThat(type.parseContinuation(" - 2 7")).isEqualTo(Optional.of("-27"));
        assertThat(type.parseContinuation("1 7 <eos>")).isEqualTo(Optional.of("17"));
        assertThat(type.normalize("- 1 2")).isEqualTo("-12");
        assertThat(type.isCorrect(type.parse("so the answer is $ 1 7"), "1 7")).isTrue();
        assertThat(type.isCorrect(type.parse("so the answer is $ 1 7"), "17")).isTrue();
        assertThat(type.isCorrect(type.parse("so the answer is $ 1 6"), "17")).isFalse();
        assertThat(type.label()).isEqualTo("integer (digit by digit)");
    }
}
