package org.greater4j.text;

import java.util.Locale;

/**
 * The model families whose chat conventions the text layer knows about. Used to pick a built-in chat
 * format when a tokenizer has no {@code chat_template}, and for the few layout details that differ
 * between families (Gemma-2 puts no space between the reasoning and the extractor).
 */
public enum ChatFamily {
    /** Llama-3.x: {@code <|start_header_id|>role<|end_header_id|>\n\n ... <|eot_id|>}. */
    LLAMA3,
    /** Gemma and Gemma-2: {@code <start_of_turn>role\n ... <end_of_turn>\n}, the assistant is {@code model}. */
    GEMMA2,
    /** Qwen2 / Qwen2.5: ChatML ({@code <|im_start|>role\n ... <|im_end|>\n}). */
    QWEN2,
    /** Anything else (GPT-2, small base models, unknown). */
    OTHER;

    /**
     * The family of a tokenizer directory: from {@code config.json}'s {@code model_type} when it
     * names a family unambiguously, else from {@code tokenizer_class}, else from the special tokens the
     * tokenizer has. A {@code model_type} of {@code llama} alone is not enough for {@link #LLAMA3}
     * (Llama-2 and small Llama-architecture base models share it): the Llama-3 header tokens are needed.
     */
    public static ChatFamily detect(TokenizerConfig config) {
        String type = lower(config.modelType());
        String cls = lower(config.tokenizerClass());
        if (type.startsWith("gemma") || cls.startsWith("gemma")) return GEMMA2;
        if (type.startsWith("qwen2") || cls.startsWith("qwen2")) return QWEN2;
        if (config.hasTokens("<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>")
                || "<|begin_of_text|>".equals(config.specialTokens().get("bos_token"))) {
            return LLAMA3;
        }
        if (config.hasTokens("<start_of_turn>", "<end_of_turn>")) return GEMMA2;
        if (config.hasTokens("<|im_start|>", "<|im_end|>") && type.isEmpty()) return QWEN2;
        return OTHER;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
