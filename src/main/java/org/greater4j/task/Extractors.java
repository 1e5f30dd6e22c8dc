package org.greater4j.task;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A task's extractor texts: the phrase appended after the model's reasoning that forces the answer
 * format, followed by the gold answer when scoring (GReaTer's {@code extractor_text}; the target is
 * {@code extractor + }{@link Example#lossAnswer()}).
 *
 * <p>The official texts come from psunlpgroup/GreaTer @ 42a22d9: {@code experiments/run_llama3_all.sh}
 * L17-39 (Llama-3) and {@code experiments/run_gemma2_mcq.sh} L16-39 (Gemma-2). The factories below
 * rebuild them exactly from the option list; the tests compare them with literal copies.
 *
 * @param llama3  the Llama-3 text (also used for {@link ExtractorStyle#DEFAULT})
 * @param gemma2  the Gemma-2 text
 * @param options the answers the text offers, as loss answers ({@code A}, {@code Yes}); empty when
 *                any answer is allowed (numbers, free text)
 * @param source  where the texts come from (official script lines, or how they were derived)
 */
public record Extractors(String llama3, String gemma2, List<String> options, String source) {

    /** Where the official Llama-3 / Gemma-2 texts of the 21 paper tasks come from. */
    public static final String OFFICIAL_SOURCE = "official: GreaTer@42a22d9 experiments/run_llama3_all.sh L17-39, "
            + "experiments/run_gemma2_mcq.sh L16-39";

    /** The official code's default when no extractor is given ({@code experiments/configs/template.py} L54). */
    public static final String TEMPLATE_DEFAULT = "Therefore, the final answer option is  $ ";

    /**
     * The only GSM8K extractor in the official code: a superseded assignment in
     * {@code llm_opt/base/attack_manager.py} L2021 (note the trailing space).
     */
    public static final String GSM8K_TEXT = "Therefore, the final numerical answer is ($ result, where result is numerical) $ ";

    /** Copies the option list. */
    public Extractors {
        options = List.copyOf(options);
    }

    /**
     * @param style the model family's style
     * @return the extractor text for it ({@link ExtractorStyle#DEFAULT} gets the Llama-3 text)
     */
    public String text(ExtractorStyle style) {
        return style == ExtractorStyle.GEMMA2 ? gemma2 : llama3;
    }

    /**
     * Whether the extractor lists this answer among its options. False for the known gaps: gold
     * {@code (K)} in geometric_shapes (options A-J), {@code (E)} in movie_recommendation (A-D),
     * {@code (F)} in date_understanding (A-E), and the free-text golds of letter tasks.
     *
     * @param lossAnswer the answer as scored ({@link Example#lossAnswer()})
     * @return true when the options are open or contain the answer
     */
    public boolean offers(String lossAnswer) {
        return options.isEmpty() || options.contains(lossAnswer);
    }

    /** One text for every family (a task of one's own). */
    public static Extractors same(String text) {
        return new Extractors(text, text, List.of(), "given in code");
    }

    /**
     * @param newSource another provenance description
     * @return a copy with it
     */
    public Extractors withSource(String newSource) {
        return new Extractors(llama3, gemma2, options, newSource);
    }

    /**
     * Letter options A .. the {@code count}-th letter: Llama-3
     * {@code Therefore, the final answer (use exact format: '$A' or '$B') is $}, Gemma-2 the same
     * with {@code '$ A'}.
     *
     * @param count  number of letters listed, 1..24
     * @param source provenance
     * @return the extractors
     */
    public static Extractors letters(int count, String source) {
        Parsing.checkLetterCount(count);
        List<String> letters = new ArrayList<>();
        for (int i = 0; i < count; i++) letters.add(String.valueOf((char) ('A' + i)));
        String llama = letters.stream().map(l -> "'$" + l + "'").collect(Collectors.joining(" or "));
        String gemma = letters.stream().map(l -> "'$ " + l + "'").collect(Collectors.joining(" or "));
        return new Extractors("Therefore, the final answer (use exact format: " + llama + ") is $",
                "Therefore, the final answer (use exact format: " + gemma + ") is $", letters, source);
    }

    /**
     * Two answer words: Llama-3 {@code Therefore, the final answer (use exact format: '$ Yes' or '$ No') is $ }
     * (trailing space), Gemma-2 the same without the trailing space.
     *
     * @param first  e.g. {@code Yes}
     * @param second e.g. {@code No}
     * @param source provenance
     * @return the extractors
     */
    public static Extractors binary(String first, String second, String source) {
        String body = "Therefore, the final answer (use exact format: '$ " + first + "' or '$ " + second + "') is $";
        return new Extractors(body + " ", body, List.of(first, second), source);
    }

    /**
     * Integers: Llama-3 {@code ... (use exactly this format: $NUMBER$, where NUMBER is a positive
     * [or negative] integer) is $}, Gemma-2 {@code ... **NUMBER** ... is **}.
     *
     * @param signed true for "a positive or negative integer" (multistep_arithmetic_two), false for
     *               "a positive integer" (object_counting)
     * @param source provenance
     * @return the extractors
     */
    public static Extractors integer(boolean signed, String source) {
        String what = signed ? "a positive or negative integer" : "a positive integer";
        return new Extractors(
                "Therefore, the final answer (use exactly this format: $NUMBER$, where NUMBER is " + what + ") is $",
                "Therefore, the final answer (use exactly this format: **NUMBER**, where NUMBER is " + what + ") is **",
                List.of(), source);
    }

    /**
     * GSM8K: {@link #GSM8K_TEXT} for every style (the official code has no Gemma-2 variant).
     *
     * @return the extractors
     */
    public static Extractors gsm8k() {
        return new Extractors(GSM8K_TEXT, GSM8K_TEXT, List.of(),
                "official but superseded: GreaTer@42a22d9 llm_opt/base/attack_manager.py L2021 "
                        + "(no GSM8K launch script exists)");
    }

    /**
     * Free-text answers, which the official code never optimizes (dyck_languages, word_sorting):
     * built by analogy with the integer texts, {@code $ANSWER$} / {@code **ANSWER**}.
     *
     * @param what   what ANSWER is, e.g. {@code the closing brackets separated by spaces}
     * @param source provenance
     * @return the extractors
     */
    public static Extractors freeText(String what, String source) {
        return new Extractors(
                "Therefore, the final answer (use exactly this format: $ANSWER$, where ANSWER is " + what + ") is $",
                "Therefore, the final answer (use exactly this format: **ANSWER**, where ANSWER is " + what + ") is **",
                List.of(), source);
    }

    /**
     * The extractor built from an answer type by the official patterns (for tasks without official
     * texts: {@code file:} tasks and the BBH tasks outside the paper).
     *
     * @param type   the answer type
     * @param source provenance
     * @return letters / binary / signed integer / free text extractors
     */
    public static Extractors forType(AnswerType type, String source) {
        if (type instanceof AnswerType.Letters l) return letters(l.count(), source);
        if (type instanceof AnswerType.Binary b) return binary(b.first(), b.second(), source);
        if (type instanceof AnswerType.Numeric) return integer(true, source);
        if (type instanceof AnswerType.SpacedInteger s) return new Extractors(s.hook(), s.hook(), List.of(), source);
        AnswerType.FreeText f = (AnswerType.FreeText) type;
        return freeText(f.spaceInsensitive() ? "the closing brackets separated by spaces" : "the answer text", source);
    }
}
