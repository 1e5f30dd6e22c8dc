package org.greater4j.text;

/** The parts of a {@link Layout}, in the order they appear in the token sequence. */
public enum LayoutPart {
    /** Everything the chat template writes before the user's text (BOS, system block, user header). */
    CHAT_PREFIX,
    /** The example's question. */
    QUESTION,
    /** The fixed text between question and prompt ({@code ". Use"} in the paper; its trailing space goes with the prompt). */
    SEPARATOR,
    /** The prompt being optimized. */
    PROMPT,
    /** The end of the user turn and the header that opens the assistant's turn. */
    ASSISTANT_HEADER,
    /** The model's reasoning. */
    REASONING,
    /** The extractor phrase that forces the answer format (with the reasoning separator before it). */
    EXTRACTOR,
    /** The gold answer's tokens, at the very end. */
    ANSWER
}
