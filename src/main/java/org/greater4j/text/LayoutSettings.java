package org.greater4j.text;

import java.util.Objects;

/**
 * The layout knobs that are not the model's: what joins question and prompt, what joins reasoning
 * and extractor, and an optional system message.
 *
 * @param separator          text between the question and the prompt; {@code ". Use "} in the paper;
 *                           may be empty
 * @param reasoningSeparator text between the reasoning and the extractor, or null for the family's
 *                           default ({@link #reasoningSeparatorFor(ChatFamily)})
 * @param systemMessage      a system message before the user turn, or null for none (Gemma-2's template
 *                           refuses one)
 */
public record LayoutSettings(String separator, String reasoningSeparator, String systemMessage) {

    /** The paper's separator between question and prompt. */
    public static final String PAPER_SEPARATOR = ". Use ";

    /** Checks that the separator is not null. */
    public LayoutSettings {
        Objects.requireNonNull(separator, "separator (use \"\" for none)");
    }

    /** The paper's settings: separator {@code ". Use "}, the family's reasoning separator, no system message. */
    public static LayoutSettings paper() {
        return new LayoutSettings(PAPER_SEPARATOR, null, null);
    }

    /** These settings with another question/prompt separator (may be empty). */
    public LayoutSettings withSeparator(String s) {
        return new LayoutSettings(s, reasoningSeparator, systemMessage);
    }

    /** These settings with another reasoning/extractor separator (null: the family's default). */
    public LayoutSettings withReasoningSeparator(String s) {
        return new LayoutSettings(separator, s, systemMessage);
    }

    /** These settings with a system message (null: none). */
    public LayoutSettings withSystemMessage(String s) {
        return new LayoutSettings(separator, reasoningSeparator, s);
    }

    /**
     * The reasoning separator for a family, unless one was set: {@code ""} for Gemma-2 and {@code " "}
     * for every other family. The official code puts a space on Llama-3 and none on Gemma-2
     * ({@code attack_manager.py}, {@code _update_ids}); the other families follow Llama-3, because after a
     * sentence the next word normally carries its space, so {@code " Therefore"} is the one token a
     * model would itself write there.
     */
    public String reasoningSeparatorFor(ChatFamily family) {
        if (reasoningSeparator != null) return reasoningSeparator;
        return family == ChatFamily.GEMMA2 ? "" : " ";
    }
}
