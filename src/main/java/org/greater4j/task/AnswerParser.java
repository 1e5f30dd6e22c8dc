package org.greater4j.task;

import java.util.List;
import java.util.Optional;

/**
 * Reads a model's answer out of its text. One method: {@link #parse(String)}, which returns the
 * answer it found in the answer type's canonical notation ({@code (B)}, {@code 1450000},
 * {@code Yes}, {@code ] ] >}), or empty when the text holds no answer. Parsers are pure functions:
 * they read the text and mutate nothing.
 *
 * <p>Two kinds of text are parsed (see {@link AnswerType#parser()} and
 * {@link AnswerType#continuationParser()}):
 * <ul>
 *   <li>free-form reasoning, where the answer is found by the BBH hook {@code So the answer is (.*)\.}
 *       (its last match; the sentence ends at a period followed by white space or the end) or,
 *       failing that, the last option letter / number / answer word;</li>
 *   <li>the few tokens a model writes right after a task's extractor text (e.g. after
 *       {@code ... is $}), where the answer is at the start.</li>
 * </ul>
 */
@FunctionalInterface
public interface AnswerParser {

    /**
     * @param text the model's text (never null)
     * @return the answer found, in canonical notation, or empty when there is none
     */
    Optional<String> parse(String text);

    /**
     * GSM8K: the last integer in the text, thousands separators removed, sign kept
     * ({@code "... $1,450,000."} gives {@code 1450000}). A number with a non-zero fraction is returned
     * as written without commas ({@code 12.5}) and so never equals an integer gold.
     */
    AnswerParser LAST_INTEGER = Parsing::lastNumber;

    /**
     * BBH integer tasks (object_counting, multistep_arithmetic_two): the last integer inside the last
     * {@code So the answer is ...} sentence if there is one, else the last integer in the text;
     * commas removed, negatives kept.
     */
    AnswerParser INTEGER = Parsing::integer;

    /**
     * BBH free-text tasks (dyck_languages, word_sorting): group 1 of the last match of the BBH hook
     * {@code So the answer is (.*)\.}, the sentence ending at a period followed by white space or the
     * end of the text; failing that, the rest of the line after the last {@code So the answer is}.
     */
    AnswerParser FREE_TEXT = Parsing::answerPhrase;

    /** Capitalised {@code Yes}/{@code No} (causal_judgement, navigate, web_of_lies); see {@link #binary}. */
    AnswerParser YES_NO = binary("Yes", "No");

    /** Lower-case {@code yes}/{@code no} (sports_understanding); see {@link #binary}. */
    AnswerParser YES_NO_LOWER = binary("yes", "no");

    /** {@code True}/{@code False} (boolean_expressions); see {@link #binary}. */
    AnswerParser TRUE_FALSE = binary("True", "False");

    /** {@code valid}/{@code invalid} (formal_fallacies); see {@link #binary}. */
    AnswerParser VALID_INVALID = binary("valid", "invalid");

    /**
     * FOLIO: letters {@code (A)}/{@code (B)}/{@code (C)}, also reached through the option words
     * True / False / Uncertain (and v0.0's {@code Unknown}); see {@link #letters(int, List)}.
     */
    AnswerParser FOLIO = letters(3, List.of("True", "False", "Uncertain"));

    /**
     * Multiple choice with options {@code (A)} .. the {@code count}-th letter.
     *
     * <p>In the last {@code So the answer is ...} sentence: its first option in parentheses, or the
     * sentence being a bare letter ({@code So the answer is B.}); if the sentence holds no letter, its
     * text as written (this is how BBH's few free-text golds, e.g. {@code Monsters, Inc}, can be
     * matched). With no such sentence: the last {@code (X)} in the text with X among the options.
     *
     * @param count number of options, 1..24 (A..X)
     * @return the parser; answers are {@code (X)}
     */
    static AnswerParser letters(int count) {
        return letters(count, List.of());
    }

    /**
     * Multiple choice whose options also have names (FOLIO: True / False / Uncertain): as
     * {@link #letters(int)}, and a name (case-insensitive) in the answer sentence stands for its letter.
     *
     * @param count  number of options, 1..24
     * @param labels option names in letter order (empty for none)
     * @return the parser; answers are {@code (X)}
     */
    static AnswerParser letters(int count, List<String> labels) {
        Parsing.checkLetterCount(count);
        List<String> names = List.copyOf(labels);
        return text -> Parsing.letters(text, count, names);
    }

    /**
     * Two answer words, compared case-sensitively as GReaTer's token-level scoring does. In the last
     * {@code So the answer is ...} sentence, its first word if it is one of the two in any case,
     * returned as written (so {@code yes} in a {@code Yes}/{@code No} task is read, and then judged
     * wrong); without that sentence, the last of the two words written exactly in the task's case.
     *
     * @param first  e.g. {@code Yes}
     * @param second e.g. {@code No}
     * @return the parser
     */
    static AnswerParser binary(String first, String second) {
        return text -> Parsing.binary(text, first, second);
    }
}
