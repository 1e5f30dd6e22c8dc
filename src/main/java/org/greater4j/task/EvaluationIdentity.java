package org.greater4j.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that decides an evaluation's records: written to {@code evaluation.json} when a saved
 * evaluation starts, and compared when it is run again in the same directory (equal: the missing
 * examples are evaluated and the rest read back; different: an error naming the field). The batch
 * size is not part of it (greedy results do not depend on it). An immutable value.
 *
 * @param format             the file format, {@value #FORMAT}
 * @param model              the model's path, absolute
 * @param modelFingerprint   SHA-256 of the model's {@code config.json} and its weight files' names and sizes
 *                           (a llama2.c file: its header and size)
 * @param tokenizer          the tokenizer's path
 * @param task               the task name
 * @param dataFingerprint    SHA-256 of the evaluated examples' ids, questions and answers
 * @param split              the split's id
 * @param limit              the row limit (0: all rows)
 * @param n                  the number of examples evaluated
 * @param prompt             the prompt text
 * @param chatFormat         the chat format's name
 * @param chatDate           the date the chat template was rendered with, when it uses one; else null
 * @param chatFingerprint    SHA-256 of the rendered chat text around the user's text (template, system
 *                           message and date included)
 * @param separator          what joins question and prompt
 * @param reasoningSeparator what joins reasoning and extractor
 * @param extractor          the extractor text
 * @param maxNewTokens       the reasoning limit
 * @param maxAnswerTokens    the answer limit of method (a)
 */
public record EvaluationIdentity(String format, String model, String modelFingerprint, String tokenizer, String task,
                                 String dataFingerprint, String split, int limit, int n, String prompt,
                                 String chatFormat, String chatDate, String chatFingerprint, String separator,
                                 String reasoningSeparator, String extractor, int maxNewTokens, int maxAnswerTokens) {

    /** The format of {@code evaluation.json} and {@code records.jsonl}. */
    public static final String FORMAT = "greater4j-evaluation/1";

    /** Every field by name, in declaration order. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("model", model);
        m.put("modelFingerprint", modelFingerprint);
        m.put("tokenizer", tokenizer);
        m.put("task", task);
        m.put("split", split);
        m.put("limit", limit);
        m.put("n", n);
        m.put("dataFingerprint", dataFingerprint);
        m.put("prompt", prompt);
        m.put("chatFormat", chatFormat);
        m.put("chatDate", chatDate);
        m.put("chatFingerprint", chatFingerprint);
        m.put("separator", separator);
        m.put("reasoningSeparator", reasoningSeparator);
        m.put("extractor", extractor);
        m.put("maxNewTokens", maxNewTokens);
        m.put("maxAnswerTokens", maxAnswerTokens);
        return m;
    }

    /**
     * The first field in which {@code other} differs from this identity.
     *
     * @param other another identity
     * @return e.g. {@code prompt: "A" (saved) vs "B" (now)}, or empty when they are equal
     */
    public Optional<String> difference(EvaluationIdentity other) {
        Map<String, Object> mine = fields();
        Map<String, Object> theirs = other.fields();
        for (Map.Entry<String, Object> e : mine.entrySet()) {
            Object now = theirs.get(e.getKey());
            if (!Objects.equals(e.getValue(), now)) {
                return Optional.of(e.getKey() + ": " + show(e.getValue()) + " (saved) vs " + show(now) + " (now)");
            }
        }
        return Optional.empty();
    }

    private static String show(Object v) {
        if (v == null) return "none";
        if (v instanceof String s) {
            String t = s.replace("\n", "\\n");
            return "\"" + (t.length() > 120 ? t.substring(0, 117) + "..." : t) + "\"";
        }
        return v.toString();
    }
}
