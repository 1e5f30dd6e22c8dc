package org.greater4j.text;

import java.util.Locale;

/**
 * The model families whose chat conventions the text layer knows about. Used to pick a built-in chat
 * format when a tokenizer has no {@code chat_template}, and for the few layout details that differ
 * between families: Gemma puts no space between the reasoning and the extractor
 * ({@link LayoutSettings#reasoningSeparatorFor}), and each family ends an assistant turn with its own
 * token ({@link #endOfTurn()}), at which generation stops.
 */
public enum ChatFamily {
    /** Llama-3.x: {@code <|start_header_id|>role<|end_header_id|>\n\n ... <|eot_id|>}. */
    LLAMA3("<|eot_id|>"),
    /** Gemma and Gemma-2: {@code <start_of_turn>role\n ... <end_of_turn>\n}, the assistant is {@code model}. */
    GEMMA2("<end_of_turn>"),
    /** Gemma-3 ({@code gemma3}, {@code gemma3_text}): Gemma-2's turns, a system message folded into the first user turn. */
    GEMMA3("<end_of_turn>"),
    /** Qwen2 / Qwen2.5: ChatML ({@code <|im_start|>role\n ... <|im_end|>\n}). */
    QWEN2("<|im_end|>"),
    /** Qwen3: ChatML with {@code <think>} blocks; {@code enable_thinking=False} turns thinking off. */
    QWEN3("<|im_end|>"),
    /** Phi-3 / Phi-3.5 / Phi-4-mini: {@code <|user|>...<|end|>}, {@code <|assistant|>}. */
    PHI3("<|end|>"),
    /** SmolLM3: ChatML over a Llama-3 vocabulary, with a metadata system block and {@code /think}, {@code /no_think}. */
    SMOLLM3("<|im_end|>"),
    /** OLMo-2 instruct: Tulu's {@code <|user|>\n...\n<|assistant|>\n}, an assistant turn ending with EOS {@code <|endoftext|>}. */
    OLMO2("<|endoftext|>"),
    /** Anything else (GPT-2, small base models, unknown). */
    OTHER(null);

    private final String endOfTurn;

    ChatFamily(String endOfTurn) {
        this.endOfTurn = endOfTurn;
    }

    /** The token the family's chat format writes at the end of an assistant turn, or null (OTHER). */
    public String endOfTurn() {
        return endOfTurn;
    }

    /** True for Gemma-2 and Gemma-3 (no space before the extractor, {@code model} as the assistant's role). */
    public boolean isGemma() {
        return this == GEMMA2 || this == GEMMA3;
    }

    /**
     * The family of a tokenizer directory: from {@code config.json}'s {@code model_type} when it names a
     * family, else from {@code tokenizer_class} (Qwen3 and Gemma-3 share their predecessors' classes and are
     * told apart by their {@code <think>} and {@code <start_of_image>} tokens), else from the special tokens
     * the tokenizer has. A {@code model_type} of {@code llama} alone is not enough for {@link #LLAMA3}
     * (Llama-2 and small Llama-architecture base models share it): the Llama-3 header tokens are needed.
     */
    public static ChatFamily detect(TokenizerConfig config) {
        String type = lower(config.modelType());
        String cls = lower(config.tokenizerClass());
        if (type.startsWith("gemma3")) return GEMMA3;
        if (type.startsWith("gemma")) return GEMMA2;
        if (type.startsWith("qwen3")) return QWEN3;
        if (type.startsWith("qwen2")) return QWEN2;
        if (type.startsWith("phi3")) return PHI3;
        if (type.equals("smollm3")) return SMOLLM3;
        if (type.startsWith("olmo2")) return OLMO2;
        boolean chatml = config.hasTokens("<|im_start|>", "<|im_end|>");
        boolean llama3Headers = config.hasTokens("<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>");
        if (cls.startsWith("gemma")) return config.hasTokens("<start_of_image>") ? GEMMA3 : GEMMA2;
        if (cls.startsWith("qwen2")) return config.hasTokens("<think>", "</think>") ? QWEN3 : QWEN2;
        if (chatml && llama3Headers && type.isEmpty()) return SMOLLM3;
        if (llama3Headers || "<|begin_of_text|>".equals(config.specialTokens().get("bos_token"))) return LLAMA3;
        if (config.hasTokens("<start_of_turn>", "<end_of_turn>")) {
            return config.hasTokens("<start_of_image>") ? GEMMA3 : GEMMA2;
        }
        if (config.hasTokens("<|user|>", "<|assistant|>", "<|end|>")) return PHI3;
        if (chatml && type.isEmpty()) return config.hasTokens("<think>", "</think>") ? QWEN3 : QWEN2;
        return OTHER;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
