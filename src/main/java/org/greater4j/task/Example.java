package org.greater4j.task;

/**
 * One question of a task.
 *
 * @param id       unique within its task: the source file and row, e.g. {@code ruin_names.json#99},
 *                 {@code grade_school_math/test.csv#706}
 * @param index    0-based position of the example in its source file (BBH: in {@code examples};
 *                 CSV/TSV: data row after the header; JSONL: non-blank line)
 * @param question the question text exactly as fed to the model (GReaTer's {@code goal}; the engine
 *                 appends {@code ". Use "} and the prompt)
 * @param answer   the gold answer string the official code uses as {@code final_target}, e.g.
 *                 {@code (B)}, {@code 72}, {@code Yes}, {@code Monsters, Inc}; see {@link #lossAnswer()}
 * @param gold     the gold in the task's canonical notation for comparison with a parsed answer
 *                 ({@link AnswerType#normalize(String)} of the answer, e.g. {@code 1450000})
 */
public record Example(String id, int index, String question, String answer, String gold) {

    /**
     * Longest question a dataset may hold, in characters: 64 Ki, 26 times the longest question of the
     * paper's datasets (2,482 characters, a BBH input) and more tokens than the models greater4j runs
     * can reason over on a CPU; a longer one is a corrupt file, and tokenizing it would take minutes.
     */
    public static final int MAX_QUESTION_CHARS = 65_536;

    /** Longest gold answer, in characters: 4 Ki, 22 times the longest of the paper's datasets (182, BBH word_sorting). */
    public static final int MAX_ANSWER_CHARS = 4_096;

    /** Rejects null or blank fields and a question or answer over its limit ({@link #MAX_QUESTION_CHARS}, {@link #MAX_ANSWER_CHARS}). */
    public Example {
        if (id == null || question == null || answer == null || gold == null) {
            throw new IllegalArgumentException("Example " + id + ": id, question, answer and gold must not be null");
        }
        if (question.isBlank() || answer.isBlank()) {
            throw new IllegalArgumentException("Example " + id + ": the question and the answer must not be blank");
        }
        if (question.length() > MAX_QUESTION_CHARS || answer.length() > MAX_ANSWER_CHARS) {
            throw new IllegalArgumentException("Example " + id + ": a question of " + question.length() + " characters and an "
                    + "answer of " + answer.length() + " exceed the limits " + MAX_QUESTION_CHARS + " and " + MAX_ANSWER_CHARS);
        }
    }

    /**
     * The answer tokens the loss is computed on, as the official code builds them
     * ({@code remove_parentheses_if_single_char}, attack_manager.py L2011-2014): a three-character
     * {@code (X)} loses its parentheses, anything else is kept as is.
     *
     * @return e.g. {@code B} for {@code (B)}, {@code 72} for {@code 72}
     */
    public String lossAnswer() {
        return removeParenthesesIfSingleChar(answer);
    }

    /**
     * The official {@code remove_parentheses_if_single_char}: {@code (X)} becomes {@code X}.
     *
     * @param s any string
     * @return the single character when {@code s} is exactly {@code (} + one character + {@code )}, else {@code s}
     */
    public static String removeParenthesesIfSingleChar(String s) {
        return s.length() == 3 && s.charAt(0) == '(' && s.charAt(2) == ')' ? s.substring(1, 2) : s;
    }
}
