package org.greater4j.text;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The layout knobs that are not the model's: what joins question and prompt, what joins reasoning
 * and extractor, an optional system message, and extra variables for the chat template (HF's
 * {@code apply_chat_template(..., **kwargs)}, e.g. {@code enable_thinking=False}).
 *
 * @param separator          text between the question and the prompt; {@code ". Use "} in the paper;
 *                           may be empty
 * @param reasoningSeparator text between the reasoning and the extractor, or null for the family's
 *                           default ({@link #reasoningSeparatorFor(ChatFamily)})
 * @param systemMessage      a system message before the user turn, or null for none (Gemma-2's template
 *                           refuses one)
 * @param templateVariables  extra variables the chat template is rendered with (never null; immutable)
 */
public record LayoutSettings(String separator, String reasoningSeparator, String systemMessage,
                             Map<String, Object> templateVariables) {

    /** The paper's separator between question and prompt. */
    public static final String PAPER_SEPARATOR = ". Use ";

    /** The template variable Qwen3 and SmolLM3 read to turn thinking off ({@code enable_thinking=False}). */
    public static final String ENABLE_THINKING = "enable_thinking";

    /** Checks that the separator is not null; copies the template variables. */
    public LayoutSettings {
        Objects.requireNonNull(separator, "separator (use \"\" for none)");
        templateVariables = templateVariables == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(templateVariables));
    }

    /** Settings without extra template variables. */
    public LayoutSettings(String separator, String reasoningSeparator, String systemMessage) {
        this(separator, reasoningSeparator, systemMessage, Map.of());
    }

    /** The paper's settings: separator {@code ". Use "}, the family's reasoning separator, no system message. */
    public static LayoutSettings paper() {
        return new LayoutSettings(PAPER_SEPARATOR, null, null);
    }

    /** These settings with another question/prompt separator (may be empty). */
    public LayoutSettings withSeparator(String s) {
        return new LayoutSettings(s, reasoningSeparator, systemMessage, templateVariables);
    }

    /** These settings with another reasoning/extractor separator (null: the family's default). */
    public LayoutSettings withReasoningSeparator(String s) {
        return new LayoutSettings(separator, s, systemMessage, templateVariables);
    }

    /** These settings with a system message (null: none). */
    public LayoutSettings withSystemMessage(String s) {
        return new LayoutSettings(separator, reasoningSeparator, s, templateVariables);
    }

    /**
     * These settings with one more variable for the chat template, as HF's
     * {@code apply_chat_template(..., name=value)} passes it (a string, number, boolean, null, list or map).
     */
    public LayoutSettings withTemplateVariable(String name, Object value) {
        Map<String, Object> vars = new LinkedHashMap<>(templateVariables);
        vars.put(Objects.requireNonNull(name, "name"), value);
        return new LayoutSettings(separator, reasoningSeparator, systemMessage, vars);
    }

    /**
     * These settings with thinking on or off: {@code enable_thinking} passed to the template, as
     * transformers does with {@code apply_chat_template(..., enable_thinking=False)}. Qwen3 then writes an
     * empty {@code <think>} block after the assistant header and SmolLM3 its {@code /no_think} mode, so the
     * model answers at once; templates without thinking ignore it.
     */
    public LayoutSettings withThinking(boolean enabled) {
        return withTemplateVariable(ENABLE_THINKING, enabled);
    }

    /**
     * The reasoning separator for a family, unless one was set: {@code ""} for Gemma (2 and 3) and
     * {@code " "} for every other family. The official code puts a space on Llama-3 and none on Gemma-2
     * ({@code attack_manager.py}, {@code _update_ids}); the other families follow Llama-3, because after a
     * sentence the next word normally carries its space, so {@code " Therefore"} is the one token a
     * model would itself write there.
     */
    public String reasoningSeparatorFor(ChatFamily family) {
        if (reasoningSeparator != null) return reasoningSeparator;
        return family.isGemma() ? "" : " ";
    }
}
