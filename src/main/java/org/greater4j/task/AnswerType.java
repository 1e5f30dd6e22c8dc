package org.greater4j.task;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of answer a task has: it knows how to normalize a gold answer for comparison, how to
 * read a model's answer from free-form reasoning ({@link #parser()}) or from the tokens right after
 * the extractor text ({@link #continuationParser()}), and whether a parsed answer is correct.
 * Immutable values; nothing here mutates state.
 *
 * <p>Canonical notations: letters {@code (A)}; binary words exactly as written (comparison is
 * case-sensitive, as GReaTer's token-level scoring is: {@code Yes} vs {@code yes}); integers without
 * separators ({@code 1450000}, {@code -35}); free text trimmed with whitespace collapsed (for
 * brackets, {@code ]]>} and {@code ] ] >} are the same answer).
 */
public sealed interface AnswerType
        permits AnswerType.Letters, AnswerType.Binary, AnswerType.Numeric, AnswerType.SpacedInteger, AnswerType.FreeText {

    /** Capitalised {@code Yes}/{@code No}: causal_judgement, navigate, web_of_lies. */
    Binary YES_NO = new Binary("Yes", "No");
    /** Lower-case {@code yes}/{@code no}: sports_understanding. */
    Binary YES_NO_LOWER = new Binary("yes", "no");
    /** {@code True}/{@code False}: boolean_expressions. */
    Binary TRUE_FALSE = new Binary("True", "False");
    /** {@code valid}/{@code invalid}: formal_fallacies. */
    Binary VALID_INVALID = new Binary("valid", "invalid");
    /** BBH integers (object_counting, multistep_arithmetic_two): parsed by {@link AnswerParser#INTEGER}. */
    Numeric INTEGER = new Numeric(false);
    /** GSM8K integers: parsed by {@link AnswerParser#LAST_INTEGER} (the last integer in the text). */
    Numeric GSM8K_INTEGER = new Numeric(true);
    /** dyck_languages: closing brackets; spacing is ignored in comparison. */
    FreeText BRACKETS = new FreeText(true);
    /** word_sorting and other free text: whitespace-collapsed exact match. */
    FreeText WORDS = new FreeText(false);
    /** FOLIO: {@code (A)} True, {@code (B)} False, {@code (C)} Uncertain ({@code Unknown} in FOLIO v0.0 train). */
    Letters FOLIO = new Letters(3, List.of("True", "False", "Uncertain"));

    /** @return a short human-readable name, e.g. {@code letters A-F}, {@code Yes/No}, {@code integer} */
    String label();

    /**
     * Canonical form of an answer (gold or parsed) for comparison; idempotent.
     *
     * @param answer the answer as written, e.g. {@code (B)}, {@code B}, {@code 1,450,000}, {@code ] ]}
     * @return the canonical form; text that is not of this type comes back trimmed (it can then only
     *     equal the same text, which is how BBH's few free-text golds in letter tasks behave)
     */
    String normalize(String answer);

    /** @return the parser for a model's free-form reasoning (answers in canonical notation) */
    AnswerParser parser();

    /** @return the parser for the tokens a model writes right after the extractor text ({@code ... is $}) */
    AnswerParser continuationParser();

    /**
     * Whether a gold answer is a proper value of this type (e.g. {@code (K)} for 11 letters;
     * {@code Monsters, Inc} is not).
     *
     * @param gold the gold answer as in the data
     * @return true when it is one of the type's values
     */
    boolean isProperValue(String gold);

    /**
     * Reads the answer from free-form reasoning.
     *
     * @param reasoning the model's text
     * @return the canonical answer, or empty when none is found
     */
    default Optional<String> parse(String reasoning) {
        return parser().parse(reasoning).map(this::normalize);
    }

    /**
     * Reads the answer from the text written right after the extractor.
     *
     * @param continuation the model's tokens after the extractor, decoded
     * @return the canonical answer, or empty when none is found
     */
    default Optional<String> parseContinuation(String continuation) {
        return continuationParser().parse(continuation).map(this::normalize);
    }

    /**
     * @param parsed a parsed answer (canonical, from {@link #parse}) or empty
     * @param gold   the gold answer (normalized or not)
     * @return true when an answer was found and equals the gold in canonical form (case-sensitive)
     */
    default boolean isCorrect(Optional<String> parsed, String gold) {
        return parsed.isPresent() && normalize(parsed.get()).equals(normalize(gold));
    }

    /**
     * Guesses the type of a list of gold answers (for {@code file:} tasks): all {@code (X)} letters
     * gives {@link Letters} up to the largest letter; all {@code Yes}/{@code No} (one casing),
     * {@code True}/{@code False} or {@code valid}/{@code invalid} gives that {@link Binary}; all
     * integers gives {@link #INTEGER}; anything else {@link #WORDS}.
     *
     * @param golds the gold answers (non-empty)
     * @return the inferred type
     */
    static AnswerType infer(Collection<String> golds) {
        if (golds.isEmpty()) throw new IllegalArgumentException("cannot infer an answer type from no answers");
        int maxLetter = -1;
        boolean letters = true;
        for (String g : golds) {
            Matcher m = Letters.PAREN.matcher(g.strip());
            if (!m.matches()) {
                letters = false;
                break;
            }
            maxLetter = Math.max(maxLetter, m.group(1).charAt(0) - 'A');
        }
        if (letters) return new Letters(Math.max(2, maxLetter + 1));
        for (Binary b : List.of(YES_NO, YES_NO_LOWER, TRUE_FALSE, VALID_INVALID)) {
            Set<String> words = Set.of(b.first(), b.second());
            if (golds.stream().allMatch(g -> words.contains(g.strip()))) return b;
        }
        if (golds.stream().allMatch(Parsing::isInteger)) return INTEGER;
        return WORDS;
    }

    /**
     * Multiple choice over options {@code (A)} .. the {@code count}-th letter, optionally with option
     * names (FOLIO: True / False / Uncertain), which normalize to their letter.
     *
     * @param count  number of options in the data, 1..24 (geometric_shapes: 11, up to {@code (K)})
     * @param labels option names in letter order, or empty
     */
    record Letters(int count, List<String> labels) implements AnswerType {
        static final Pattern PAREN = Pattern.compile("\\(([A-Z])\\)");

        /** Validates the count and copies the labels. */
        public Letters {
            Parsing.checkLetterCount(count);
            labels = List.copyOf(labels);
            if (!labels.isEmpty() && labels.size() != count) {
                throw new IllegalArgumentException("Letters: " + labels.size() + " labels " + labels
                        + " for " + count + " options; give one name per option or none");
            }
        }

        /** @param count number of options, 1..24 */
        public Letters(int count) {
            this(count, List.of());
        }

        /** @return the last option letter, e.g. {@code 'F'} */
        public char lastLetter() {
            return (char) ('A' + count - 1);
        }

        @Override
        public String label() {
            String base = "letters A-" + lastLetter();
            return labels.isEmpty() ? base : base + " (" + String.join("/", labels) + ")";
        }

        @Override
        public String normalize(String answer) {
            String s = answer.strip();
            Matcher m = Parsing.BARE_LETTER.matcher(s);
            if (m.matches()) return "(" + m.group(1) + ")";
            if (!labels.isEmpty()) {
                String word = s.equalsIgnoreCase("Unknown") ? "Uncertain" : s;
                for (int i = 0; i < labels.size(); i++) {
                    if (labels.get(i).equalsIgnoreCase(word)) return "(" + (char) ('A' + i) + ")";
                }
            }
            return s;
        }

        @Override
        public boolean isProperValue(String gold) {
            String n = normalize(gold);
            Matcher m = PAREN.matcher(n);
            return m.matches() && m.group(1).charAt(0) - 'A' < count;
        }

        @Override
        public AnswerParser parser() {
            return labels.isEmpty() ? AnswerParser.letters(count) : AnswerParser.letters(count, labels);
        }

        @Override
        public AnswerParser continuationParser() {
            return text -> Parsing.lettersContinuation(text, count, labels);
        }
    }

    /**
     * Two answer words with their exact spelling, e.g. {@code Yes}/{@code No} or {@code yes}/{@code no}.
     *
     * @param first  the first word, e.g. {@code Yes}
     * @param second the second word, e.g. {@code No}
     */
    record Binary(String first, String second) implements AnswerType {
        /** Rejects blank or equal words. */
        public Binary {
            if (first.isBlank() || second.isBlank() || first.equals(second)) {
                throw new IllegalArgumentException("Binary answer words must be two different non-blank words, got '"
                        + first + "' and '" + second + "'");
            }
        }

        @Override
        public String label() {
            return first + "/" + second;
        }

        @Override
        public String normalize(String answer) {
            return Parsing.strip(answer);
        }

        @Override
        public boolean isProperValue(String gold) {
            String n = normalize(gold);
            return n.equals(first) || n.equals(second);
        }

        @Override
        public AnswerParser parser() {
            return AnswerParser.binary(first, second);
        }

        @Override
        public AnswerParser continuationParser() {
            return text -> Parsing.leadingWordOf(Parsing.strip(text), first, second);
        }
    }

    /**
     * Integer answers (negatives allowed), compared without thousands separators.
     *
     * @param lastNumberOnly true for GSM8K ({@link AnswerParser#LAST_INTEGER}: the last integer in the
     *                       text); false for BBH ({@link AnswerParser#INTEGER}: the answer sentence first)
     */
    record Numeric(boolean lastNumberOnly) implements AnswerType {
        @Override
        public String label() {
            return "integer";
        }

        @Override
        public String normalize(String answer) {
            return Parsing.canonicalNumber(answer);
        }

        @Override
        public boolean isProperValue(String gold) {
            return Parsing.isInteger(gold);
        }

        @Override
        public AnswerParser parser() {
            return lastNumberOnly ? AnswerParser.LAST_INTEGER : AnswerParser.INTEGER;
        }

        @Override
        public AnswerParser continuationParser() {
            return Parsing::leadingNumber;
        }
    }

    /**
     * Integers written one digit per token, as the toy model writes them ({@code 1 7} for 17,
     * {@code - 1 2} for -12), compared with the spaces removed. From reasoning: the number right after
     * the last {@code hook} (case-insensitive, any spacing), else the last such number in the text.
     *
     * @param hook the phrase before the answer, e.g. {@code so the answer is $}
     */
    record SpacedInteger(String hook) implements AnswerType {
        /** Rejects a blank hook. */
        public SpacedInteger {
            if (hook == null || hook.isBlank()) throw new IllegalArgumentException("SpacedInteger needs a non-blank hook");
        }

        @Override
        public String label() {
            return "integer (digit by digit)";
        }

        @Override
        public String normalize(String answer) {
            return Parsing.canonicalNumber(Parsing.joinDigits(answer));
        }

        @Override
        public boolean isProperValue(String gold) {
            return Parsing.isInteger(Parsing.joinDigits(gold));
        }

        @Override
        public AnswerParser parser() {
            return text -> Parsing.spacedInteger(text, hook);
        }

        @Override
        public AnswerParser continuationParser() {
            return Parsing::leadingSpacedInteger;
        }
    }

    /**
     * Free-text answers, parsed with {@code So the answer is (.*)\.} and compared after collapsing
     * whitespace.
     *
     * @param spaceInsensitive true for one-character tokens such as dyck_languages' brackets: all
     *                         whitespace is dropped and the characters are re-joined with single
     *                         spaces ({@code ]]>} equals {@code ] ] >})
     */
    record FreeText(boolean spaceInsensitive) implements AnswerType {
        @Override
        public String label() {
            return spaceInsensitive ? "free text (brackets)" : "free text";
        }

        @Override
        public String normalize(String answer) {
            String t = Parsing.collapse(answer);
            if (!spaceInsensitive) return t;
            String packed = t.replaceAll("\\s+", "");
            StringBuilder b = new StringBuilder(packed.length() * 2);
            packed.codePoints().forEach(cp -> {
                if (b.length() > 0) b.append(' ');
                b.appendCodePoint(cp);
            });
            return b.toString();
        }

        @Override
        public boolean isProperValue(String gold) {
            return !gold.isBlank();
        }

        @Override
        public AnswerParser parser() {
            return AnswerParser.FREE_TEXT;
        }

        @Override
        public AnswerParser continuationParser() {
            return Parsing::freeTextContinuation;
        }
    }
}
