package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsers and normalization of every answer type, on hand-written model outputs and quirks. */
class AnswerParserTest {

    private static Optional<String> some(String s) {
        return Optional.of(s);
    }

    @Test
    void lettersPreferTheAnswerSentenceThenTheLastOption() {
        AnswerType t = new AnswerType.Letters(5);
        assertThat(t.parse("(A) is wrong because ... So the answer is (C).")).isEqualTo(some("(C)"));
        assertThat(t.parse("So the answer is (B). Note that (D) was close.")).isEqualTo(some("(B)"));
        assertThat(t.parse("So the answer is B.")).isEqualTo(some("(B)"));
        assertThat(t.parse("So the answer is $E$.")).isEqualTo(some("(E)"));
        assertThat(t.parse("Options (A) and (D) remain; the best is (D)")).isEqualTo(some("(D)"));
        // letters beyond the options are ignored
        assertThat(t.parse("(B) then (F)")).isEqualTo(some("(B)"));
        assertThat(t.parse("no letter here")).isEmpty();
        // the last answer sentence wins
        assertThat(t.parse("So the answer is (A).\nWait. So the answer is (E).")).isEqualTo(some("(E)"));
    }

    @Test
    void freeTextGoldsOfLetterTasksMatchOnlyThroughTheAnswerSentence() {
        AnswerType t = new AnswerType.Letters(5);
        assertThat(t.normalize("Monsters, Inc")).isEqualTo("Monsters, Inc");
        assertThat(t.isProperValue("Monsters, Inc")).isFalse();
        assertThat(t.isCorrect(t.parse("So the answer is Monsters, Inc."), "Monsters, Inc")).isTrue();
        assertThat(t.isCorrect(t.parse("So the answer is (A)."), "Monsters, Inc")).isFalse();
    }

    @Test
    void elevenLettersAcceptK() {
        AnswerType t = new AnswerType.Letters(11);
        assertThat(t.isProperValue("(K)")).isTrue();
        assertThat(t.parse("So the answer is (K).")).isEqualTo(some("(K)"));
        assertThat(new AnswerType.Letters(10).parse("So the answer is (K).")).isEqualTo(some("(K)"))
                .as("the sentence text is kept even when the letter is beyond the options");
        assertThat(t.label()).isEqualTo("letters A-K");
    }

    @Test
    void letterContinuationAfterTheExtractor() {
        AnswerType t = new AnswerType.Letters(4);
        assertThat(t.parseContinuation("B$")).isEqualTo(some("(B)"));
        assertThat(t.parseContinuation(" C")).isEqualTo(some("(C)"));
        assertThat(t.parseContinuation("(A)")).isEqualTo(some("(A)"));
        assertThat(t.parseContinuation("E")).isEmpty();
        assertThat(t.parseContinuation("Because")).isEmpty();
    }

    @Test
    void folioLettersAndWords() {
        AnswerType t = AnswerType.FOLIO;
        assertThat(t.normalize("True")).isEqualTo("(A)");
        assertThat(t.normalize("Unknown")).isEqualTo("(C)");
        assertThat(t.normalize("Uncertain")).isEqualTo("(C)");
        assertThat(t.parse("So the answer is (B).")).isEqualTo(some("(B)"));
        assertThat(t.parse("So the answer is Uncertain.")).isEqualTo(some("(C)"));
        assertThat(t.parse("So the answer is unknown.")).isEqualTo(some("(C)"));
        assertThat(t.parse("It must be (A) True")).isEqualTo(some("(A)"));
        assertThat(t.parseContinuation("C$")).isEqualTo(some("(C)"));
        assertThat(t.parseContinuation(" False")).isEqualTo(some("(B)"));
        assertThat(t.label()).isEqualTo("letters A-C (True/False/Uncertain)");
    }

    @Test
    void binaryIsCaseSensitiveLikeTheTokenLevelScore() {
        AnswerType cap = AnswerType.YES_NO;
        AnswerType low = AnswerType.YES_NO_LOWER;
        assertThat(cap.parse("So the answer is Yes.")).isEqualTo(some("Yes"));
        assertThat(cap.isCorrect(cap.parse("So the answer is yes."), "Yes")).isFalse();
        assertThat(low.isCorrect(low.parse("So the answer is yes."), "yes")).isTrue();
        assertThat(low.isCorrect(low.parse("So the answer is Yes."), "yes")).isFalse();
        // without the answer sentence only the task's own spelling counts: prose "no" is not an answer
        assertThat(cap.parse("There is no reason to doubt it. Yes")).isEqualTo(some("Yes"));
        assertThat(cap.parse("there is no doubt")).isEmpty();
        assertThat(cap.parse("So the answer is No, because ...")).isEqualTo(some("No"));
        assertThat(cap.parseContinuation(" Yes")).isEqualTo(some("Yes"));
        assertThat(cap.parseContinuation("No$")).isEqualTo(some("No"));
    }

    @Test
    void validInvalidAndTrueFalse() {
        AnswerType v = AnswerType.VALID_INVALID;
        assertThat(v.parse("the argument is invalid")).isEqualTo(some("invalid"));
        assertThat(v.parse("the argument is valid, not invalid, so valid")).isEqualTo(some("valid"));
        assertThat(v.parse("So the answer is invalid.")).isEqualTo(some("invalid"));
        AnswerType tf = AnswerType.TRUE_FALSE;
        assertThat(tf.parse("not True is False. So the answer is False.")).isEqualTo(some("False"));
        assertThat(tf.parse("so it evaluates to True")).isEqualTo(some("True"));
    }

    @Test
    void integersLastWithCommasAndNegatives() {
        AnswerType g = AnswerType.GSM8K_INTEGER;
        assertThat(g.parse("She pays $1,450,000 in total.")).isEqualTo(some("1450000"));
        assertThat(g.parse("3 - 8 = -5\nThe answer is -5.")).isEqualTo(some("-5"));
        assertThat(g.parse("ages 3-4 years")).isEqualTo(some("4"));
        assertThat(g.parse("12.0 dollars")).isEqualTo(some("12"));
        assertThat(g.parse("12.5 dollars")).isEqualTo(some("12.5"));
        assertThat(g.parse("#### 72")).isEqualTo(some("72"));
        assertThat(g.parse("no numbers")).isEmpty();
        assertThat(g.normalize("1,450,000")).isEqualTo("1450000");
        assertThat(g.isCorrect(g.parse("x = 1450000"), "1,450,000")).isTrue();
        // GSM8K takes the very last number; BBH prefers the answer sentence
        String text = "So the answer is 18. (Step 2 had 3 eggs.)";
        assertThat(g.parse(text)).isEqualTo(some("3"));
        assertThat(AnswerType.INTEGER.parse(text)).isEqualTo(some("18"));
        assertThat(AnswerType.INTEGER.parse("So the answer is -219.")).isEqualTo(some("-219"));
        assertThat(AnswerType.INTEGER.parseContinuation("12$")).isEqualTo(some("12"));
        assertThat(AnswerType.INTEGER.parseContinuation("-35**")).isEqualTo(some("-35"));
        assertThat(AnswerType.INTEGER.parseContinuation(" 1,234$")).isEqualTo(some("1234"));
    }

    @Test
    void freeTextWithTheBbhHook() {
        AnswerType d = AnswerType.BRACKETS;
        assertThat(d.parse("... So the answer is } ] >.")).isEqualTo(some("} ] >"));
        assertThat(d.normalize("]]>")).isEqualTo("] ] >");
        assertThat(d.isCorrect(d.parse("So the answer is ]]>."), "] ] >")).isTrue();
        AnswerType w = AnswerType.WORDS;
        assertThat(w.parse("So the answer is apple  banana cherry.")).isEqualTo(some("apple banana cherry"));
        assertThat(w.parse("So the answer is apple banana")).isEqualTo(some("apple banana"));
        assertThat(w.parse("apple banana")).isEmpty();
        assertThat(w.parseContinuation("apple banana$ more")).isEqualTo(some("apple banana"));
        assertThat(w.parseContinuation("**apple banana**")).isEqualTo(some("apple banana"));
    }

    @Test
    void namedParserConstantsBehaveLikeTheirTypes() {
        assertThat(AnswerParser.YES_NO.parse("So the answer is Yes.")).isEqualTo(some("Yes"));
        assertThat(AnswerParser.YES_NO_LOWER.parse("yes")).isEqualTo(some("yes"));
        assertThat(AnswerParser.TRUE_FALSE.parse("True")).isEqualTo(some("True"));
        assertThat(AnswerParser.VALID_INVALID.parse("valid")).isEqualTo(some("valid"));
        assertThat(AnswerParser.LAST_INTEGER.parse("1 2 3")).isEqualTo(some("3"));
        assertThat(AnswerParser.INTEGER.parse("So the answer is 1. Then 2")).isEqualTo(some("1"));
        assertThat(AnswerParser.FREE_TEXT.parse("So the answer is x y.")).isEqualTo(some("x y"));
        assertThat(AnswerParser.FOLIO.parse("So the answer is False.")).isEqualTo(some("(B)"));
        assertThat(AnswerParser.letters(3).parse("(C)")).isEqualTo(some("(C)"));
        assertThatThrownBy(() -> AnswerParser.letters(25)).hasMessageContaining("1..24");
    }

    @Test
    void inferTypesOfFileTasks() {
        assertThat(AnswerType.infer(List.of("(A)", "(C)"))).isEqualTo(new AnswerType.Letters(3));
        assertThat(AnswerType.infer(List.of("Yes", "No"))).isEqualTo(AnswerType.YES_NO);
        assertThat(AnswerType.infer(List.of("yes", "yes"))).isEqualTo(AnswerType.YES_NO_LOWER);
        assertThat(AnswerType.infer(List.of("True", "False"))).isEqualTo(AnswerType.TRUE_FALSE);
        assertThat(AnswerType.infer(List.of("valid", "invalid"))).isEqualTo(AnswerType.VALID_INVALID);
        assertThat(AnswerType.infer(List.of("12", "-3", "1,000"))).isEqualTo(AnswerType.INTEGER);
        assertThat(AnswerType.infer(List.of("Paris", "12"))).isEqualTo(AnswerType.WORDS);
    }

    @Test
    void lossAnswerIsTheOfficialRemoveParenthesesIfSingleChar() {
        assertThat(Example.removeParenthesesIfSingleChar("(A)")).isEqualTo("A");
        assertThat(Example.removeParenthesesIfSingleChar("(AB)")).isEqualTo("(AB)");
        assertThat(Example.removeParenthesesIfSingleChar("Yes")).isEqualTo("Yes");
        assertThat(new Example("x#0", 0, "q", "(K)", "(K)").lossAnswer()).isEqualTo("K");
    }

    @Test
    void spacedIntegersAreReadAfterTheHookAndJoined() {
        AnswerType t = new AnswerType.SpacedInteger("so the answer is $");
        assertThat(t.parse("first 9 - 8 = 1 . so the answer is $ 1 7")).isEqualTo(some("17"));
        assertThat(t.parse("so the answer is $ - 1 2")).isEqualTo(some("-12"));
        assertThat(t.parse("then 3 + 4 = 7 .")).isEqualTo(some("7"));
        assertThat(t.parse("nothing")).isEmpty();
        assertThat(t.parseContinuation(" - 2 7")).isEqualTo(some("-27"));
        assertThat(t.normalize("1 7")).isEqualTo("17");
        assertThat(t.isProperValue("- 1 2")).isTrue();
        assertThat(t.isProperValue("1 2 a")).isFalse();
        assertThat(Extractors.forType(t, "test").llama3()).isEqualTo("so the answer is $");
    }
}
