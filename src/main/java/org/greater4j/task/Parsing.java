package org.greater4j.task;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The string work behind {@link AnswerParser} and {@link AnswerType}; pure functions. */
final class Parsing {

    /**
     * BBH's hook {@code So the answer is (.*)\.} (every exemplar of the official CoT prompts ends
     * {@code So the answer is <target>.}), made to stop at the period that ends the sentence (one
     * followed by white space or the end of the text), so that {@code So the answer is (B). Note ...}
     * gives {@code (B)}; on text that ends with the sentence it is the same as the plain hook.
     */
    static final Pattern ANSWER_SENTENCE = Pattern.compile("So the answer is (.*?)\\.(?=\\s|$)");
    private static final Pattern ANSWER_TAIL = Pattern.compile("So the answer is\\s*(.*)");
    /** An integer with optional thousands separators and fraction; a sign only when not after a word. */
    static final Pattern NUMBER = Pattern.compile(
            "(?<![0-9A-Za-z])[-\u2212]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?");
    private static final Pattern LETTER_IN_PARENS = Pattern.compile("\\(([A-Z])\\)");
    static final Pattern BARE_LETTER = Pattern.compile("\\(?([A-Z])\\)?");
    private static final Pattern LEADING_WORD = Pattern.compile("^[A-Za-z]+");
    /** Decoration a model may wrap an answer in: {@code $B$}, {@code **12**}, {@code 'Yes'}, quotes. */
    private static final String DECORATION = "$*'\"`\u2018\u2019\u201c\u201d:";

    private Parsing() {}

    static void checkLetterCount(int count) {
        if (count < 1 || count > 24) {
            throw new IllegalArgumentException("letter options count " + count
                    + " is out of range: use 1..24 (options (A) .. (X))");
        }
    }

    /** Group 1 of the last answer sentence ({@link #ANSWER_SENTENCE}), else the rest of the line after the last hook. */
    static Optional<String> answerPhrase(String text) {
        String last = null;
        Matcher m = ANSWER_SENTENCE.matcher(text);
        while (m.find()) last = m.group(1);
        if (last == null) {
            Matcher t = ANSWER_TAIL.matcher(text);
            while (t.find()) last = t.group(1);
        }
        if (last == null) return Optional.empty();
        String s = last.strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    static String strip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (Character.isWhitespace(s.charAt(a)) || DECORATION.indexOf(s.charAt(a)) >= 0)) a++;
        while (b > a && (Character.isWhitespace(s.charAt(b - 1)) || DECORATION.indexOf(s.charAt(b - 1)) >= 0
                || s.charAt(b - 1) == '.')) b--;
        return s.substring(a, b);
    }

    // ---- letters ------------------------------------------------------------------------------

    static Optional<String> letters(String text, int count, List<String> labels) {
        Optional<String> phrase = answerPhrase(text);
        if (phrase.isPresent()) {
            String p = phrase.get();
            Matcher m = LETTER_IN_PARENS.matcher(p);
            while (m.find()) {
                char c = m.group(1).charAt(0);
                if (c - 'A' < count) return Optional.of("(" + c + ")");
            }
            String s = strip(p);
            Matcher bare = BARE_LETTER.matcher(s);
            if (bare.matches() && bare.group(1).charAt(0) - 'A' < count) return Optional.of("(" + bare.group(1) + ")");
            Optional<String> label = labelLetter(s, labels);
            if (label.isPresent()) return label;
            if (!s.isEmpty()) return Optional.of(s);
        }
        String found = null;
        Matcher m = LETTER_IN_PARENS.matcher(text);
        while (m.find()) {
            char c = m.group(1).charAt(0);
            if (c - 'A' < count) found = "(" + c + ")";
        }
        return Optional.ofNullable(found);
    }

    /** The letter of the first option name that starts {@code s} as a word, case-insensitively. */
    static Optional<String> labelLetter(String s, List<String> labels) {
        if (labels.isEmpty()) return Optional.empty();
        Matcher w = LEADING_WORD.matcher(s);
        if (!w.find()) return Optional.empty();
        String word = w.group().toLowerCase(Locale.ROOT);
        if (word.equals("unknown")) word = "uncertain"; // FOLIO v0.0 spells the third class Unknown
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).toLowerCase(Locale.ROOT).equals(word)) return Optional.of("(" + (char) ('A' + i) + ")");
        }
        return Optional.empty();
    }

    static Optional<String> lettersContinuation(String text, int count, List<String> labels) {
        String s = strip(text);
        if (s.startsWith("(")) s = s.substring(1);
        if (!s.isEmpty()) {
            char c = s.charAt(0);
            boolean alone = s.length() == 1 || !Character.isLetterOrDigit(s.charAt(1));
            if (c >= 'A' && c - 'A' < count && alone) return Optional.of("(" + c + ")");
        }
        return labelLetter(s, labels);
    }

    // ---- binary -------------------------------------------------------------------------------

    static Optional<String> binary(String text, String first, String second) {
        Optional<String> phrase = answerPhrase(text);
        if (phrase.isPresent()) {
            Optional<String> w = leadingWordOf(strip(phrase.get()), first, second);
            if (w.isPresent()) return w;
        }
        Pattern exact = Pattern.compile("\\b(" + Pattern.quote(first) + "|" + Pattern.quote(second) + ")\\b");
        String found = null;
        Matcher m = exact.matcher(text);
        while (m.find()) found = m.group(1);
        return Optional.ofNullable(found);
    }

    static Optional<String> leadingWordOf(String s, String first, String second) {
        Matcher w = LEADING_WORD.matcher(s);
        if (!w.find()) return Optional.empty();
        String word = w.group();
        return word.equalsIgnoreCase(first) || word.equalsIgnoreCase(second) ? Optional.of(word) : Optional.empty();
    }

    // ---- numbers ------------------------------------------------------------------------------

    static Optional<String> lastNumber(String text) {
        String found = null;
        Matcher m = NUMBER.matcher(text);
        while (m.find()) found = m.group();
        return Optional.ofNullable(found).map(Parsing::canonicalNumber);
    }

    static Optional<String> integer(String text) {
        Optional<String> phrase = answerPhrase(text);
        if (phrase.isPresent()) {
            Optional<String> n = lastNumber(phrase.get());
            if (n.isPresent()) return n;
        }
        return lastNumber(text);
    }

    static Optional<String> leadingNumber(String text) {
        String s = strip(text);
        Matcher m = NUMBER.matcher(s);
        return m.lookingAt() ? Optional.of(canonicalNumber(m.group())) : Optional.empty();
    }

    /**
     * {@code 1,450,000} gives {@code 1450000}; {@code -035} gives {@code -35}; {@code 12.0} gives
     * {@code 12}; {@code 12.5} stays {@code 12.5}; text that is not a number is returned stripped.
     */
    static String canonicalNumber(String s) {
        String t = s.strip().replace('\u2212', '-').replace(",", "");
        if (t.startsWith("$")) t = t.substring(1);
        if (t.startsWith("+")) t = t.substring(1);
        if (t.endsWith(".")) t = t.substring(0, t.length() - 1);
        try {
            if (t.matches("-?\\d+")) return new BigInteger(t).toString();
            if (t.matches("-?\\d+\\.\\d+")) {
                BigDecimal d = new BigDecimal(t);
                if (d.stripTrailingZeros().scale() <= 0) return d.toBigInteger().toString();
                return d.stripTrailingZeros().toPlainString();
            }
        } catch (NumberFormatException e) {
            // fall through: not a number
        }
        return s.strip();
    }

    static boolean isInteger(String s) {
        String t = s.strip().replace(",", "");
        return t.matches("[-\u2212]?\\d+");
    }

    // ---- integers digit by digit (the toy task) ------------------------------------------------

    /** A number written digit by digit: an optional sign, then digits separated by white space. */
    private static final Pattern SPACED_INTEGER = Pattern.compile("(?<![0-9A-Za-z])[-\u2212]?\\s*\\d(?:[ \\t]*\\d)*");

    /** Removes the white space inside a digit-by-digit number: {@code - 1 2} gives {@code -12}. */
    static String joinDigits(String s) {
        return s.strip().replaceAll("(?<=[-\u2212\\d])\\s+(?=\\d)", "");
    }

    /** The number after the last {@code hook} (case-insensitive, any spacing), else the last digit-by-digit number. */
    static Optional<String> spacedInteger(String text, String hook) {
        StringBuilder re = new StringBuilder("(?i)");
        for (String w : hook.strip().split("\\s+")) {
            if (re.length() > 4) re.append("\\s*");
            re.append(Pattern.quote(w));
        }
        Matcher h = Pattern.compile(re.toString()).matcher(text);
        int after = -1;
        while (h.find()) after = h.end();
        if (after >= 0) {
            Optional<String> n = leadingSpacedInteger(text.substring(after));
            if (n.isPresent()) return n;
        }
        String found = null;
        Matcher m = SPACED_INTEGER.matcher(text);
        while (m.find()) found = m.group();
        return Optional.ofNullable(found).map(f -> canonicalNumber(joinDigits(f)));
    }

    /** A digit-by-digit number at the start of the text (after white space and decoration). */
    static Optional<String> leadingSpacedInteger(String text) {
        String s = strip(text);
        Matcher m = SPACED_INTEGER.matcher(s);
        return m.lookingAt() ? Optional.of(canonicalNumber(joinDigits(m.group()))) : Optional.empty();
    }

    // ---- free text ----------------------------------------------------------------------------

    static Optional<String> freeTextContinuation(String text) {
        String s = text;
        int cut = s.length();
        for (String stop : new String[] {"$", "**", "\n"}) {
            int at = s.indexOf(stop, s.startsWith(stop) ? stop.length() : 0);
            if (at >= 0) cut = Math.min(cut, at);
        }
        String t = strip(s.substring(0, cut));
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    /** Collapses runs of whitespace to one space and trims; drops one trailing period. */
    static String collapse(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        if (t.endsWith(".")) t = t.substring(0, t.length() - 1).strip();
        return t;
    }
}
