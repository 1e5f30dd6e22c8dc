package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every real BBH gold goes through its task's parsers and comes back as itself. */
class BbhGoldsTest {

    private static final Set<String> FREE_TEXT_GOLDS = Set.of(
            "movie_recommendation.json#163", "ruin_names.json#99", "ruin_names.json#144");

    @Test
    void everyGoldParsesBackFromTheAnswerSentenceAndAsTheFinalAnswer() {
        DataDir d = org.greater4j.TestData.dataDir();
        Set<String> improper = new TreeSet<>();
        int checked = 0;
        for (String name : Tasks.bbhTasks()) {
            Task t = Tasks.bbh(name, d);
            AnswerType type = t.answerType();
            for (Example e : t.all()) {
                String gold = e.gold();
                String why = name + " " + e.id() + " gold '" + e.answer() + "'";
                // the official CoT exemplars' form
                assertThat(type.parse("Let's think step by step.\nSome reasoning here. So the answer is " + e.answer() + "."))
                        .as(why).isEqualTo(Optional.of(gold));
                // the same sentence followed by more text
                assertThat(type.parse("So the answer is " + e.answer() + ".\nI am confident.")).as(why)
                        .isEqualTo(Optional.of(gold));
                if (!type.isProperValue(e.answer())) {
                    improper.add(e.id());
                    continue;
                }
                // as the final answer without the sentence: the last (X), the last exact word, the last integer
                String last = "Reasoning mentions 7 things and (A) once. Final: " + e.answer();
                if (type instanceof AnswerType.FreeText) last = "So the answer is " + e.answer();
                assertThat(type.parse(last)).as(why).isEqualTo(Optional.of(gold));
                // as the continuation after the extractor (Llama-3 '$A' / Gemma-2 '$ A', '**12**')
                assertThat(type.parseContinuation(e.lossAnswer() + "$")).as(why).isEqualTo(Optional.of(gold));
                assertThat(type.parseContinuation(" " + e.lossAnswer() + "**")).as(why).isEqualTo(Optional.of(gold));
                assertThat(type.isCorrect(type.parse(last), e.answer())).as(why).isTrue();
                checked++;
            }
        }
        assertThat(improper).isEqualTo(FREE_TEXT_GOLDS);
        assertThat(checked).isEqualTo(6511 - 3);
    }

    @Test
    void wrongAnswersAreWrong() {
        DataDir d = org.greater4j.TestData.dataDir();
        for (String name : Tasks.bbhTasks()) {
            Task t = Tasks.bbh(name, d);
            AnswerType type = t.answerType();
            Example a = t.all().get(0);
            Example b = t.all().stream().filter(x -> !x.gold().equals(a.gold())).findFirst().orElseThrow();
            assertThat(type.isCorrect(type.parse("So the answer is " + b.answer() + "."), a.answer())).as(name).isFalse();
        }
    }

    @Test
    void yesNoCaseQuirk() {
        DataDir d = org.greater4j.TestData.dataDir();
        Task sports = Tasks.bbh("sports_understanding", d);
        Task navigate = Tasks.bbh("navigate", d);
        assertThat(sports.all()).allMatch(e -> e.answer().equals("yes") || e.answer().equals("no"));
        assertThat(navigate.all()).allMatch(e -> e.answer().equals("Yes") || e.answer().equals("No"));
        Example s = sports.all().stream().filter(e -> e.answer().equals("yes")).findFirst().orElseThrow();
        assertThat(sports.answerType().isCorrect(sports.answerType().parse("So the answer is Yes."), s.answer())).isFalse();
        Example n = navigate.all().stream().filter(e -> e.answer().equals("Yes")).findFirst().orElseThrow();
        assertThat(navigate.answerType().isCorrect(navigate.answerType().parse("So the answer is yes."), n.answer())).isFalse();
    }

    @Test
    void officialCotExemplarsParseToValuesOfTheirTaskType() throws IOException {
        DataDir d = org.greater4j.TestData.dataDir();
        for (String name : Tasks.bbhTasks()) {
            String prompt = Files.readString(d.require("bbh/cot-prompts/" + name + ".txt", "bbh"), StandardCharsets.UTF_8);
            Task t = Tasks.bbh(name, d);
            List<String> answers = new ArrayList<>();
            for (String block : prompt.split("\n\nQ: ")) {
                if (!block.contains("\nA: ")) continue;
                answers.add(t.answerType().parse(block.substring(block.indexOf("\nA: "))).orElseThrow());
            }
            assertThat(answers).as(name).hasSize(3).allMatch(a -> t.answerType().isProperValue(a), "proper values");
        }
    }
}
