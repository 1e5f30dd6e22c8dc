package org.greater4j.text;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The prompt layout the official GReaTer code writes by hand for Llama-3 and Gemma-2 instead of the model's chat
 * template ({@code attack_manager.py} L299-343 and L344-400, {@code control_pos == "post"}), the {@code official}
 * chat format. One user turn and the assistant header, nothing else:
 * <ul>
 *   <li>Llama-3: {@code <|start_header_id|>user<|end_header_id|>\n\n} + user text +
 *       {@code <|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n}; no system block, so no
 *       "Cutting Knowledge Date" / "Today Date" lines of the Llama-3.1/3.2 templates, and the user text is not
 *       stripped;</li>
 *   <li>Gemma-2: {@code <bos><start_of_turn>user\n} + user text + {@code <end_of_turn>\n<start_of_turn>model\n}.</li>
 * </ul>
 * The official code tokenizes this text with the tokenizer's own special tokens added ({@code tokenizer(full_input)}),
 * so {@link #encode} puts them in front: {@code <|begin_of_text|>} on Llama-3, and on Gemma-2 a second {@code <bos>}
 * before the literal one (the official Gemma-2 runs read two BOS tokens). It also tokenizes the chat prefix, the
 * question and the separator as one string ({@link #tokenizesQuestionWithPrefix()}), so a question's last character
 * may merge with the separator ({@code "?."}). Immutable.
 *
 * @param family {@link ChatFamily#LLAMA3} or {@link ChatFamily#GEMMA2}
 */
record OfficialChatFormat(ChatFamily family) implements ChatFormat {
    static final String LLAMA3_USER = "<|start_header_id|>user<|end_header_id|>\n\n";
    static final String LLAMA3_ASSISTANT = "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
    static final String GEMMA2_USER = "<bos><start_of_turn>user\n";
    static final String GEMMA2_ASSISTANT = "<end_of_turn>\n<start_of_turn>model\n";

    /** Checks the family. */
    OfficialChatFormat {
        if (family != ChatFamily.LLAMA3 && family != ChatFamily.GEMMA2) {
            throw new IllegalArgumentException("the official GReaTer layout exists for Llama-3 and Gemma-2 only, not " + family);
        }
    }

    @Override
    public String name() {
        return "official";
    }

    @Override
    public String origin() {
        return "official GReaTer layout for " + (family == ChatFamily.LLAMA3 ? "Llama-3" : "Gemma-2");
    }

    /**
     * The user turn and, with {@code addGenerationPrompt}, the assistant header.
     *
     * @throws ChatTemplateException    for anything but one user message (the official layout has no system block
     *                                  and no earlier turns)
     * @throws IllegalArgumentException when {@code messages} is empty
     */
    @Override
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no messages to render; give at least one {\"role\", \"content\"}");
        }
        if (messages.size() != 1 || !messages.get(0).role().equals("user")) {
            throw new ChatTemplateException("the " + origin() + " writes one user turn only (no system block, no earlier "
                    + "turns), got roles " + messages.stream().map(Message::role).toList() + "; drop the system message "
                    + "or choose --chat-format auto");
        }
        boolean llama = family == ChatFamily.LLAMA3;
        String text = (llama ? LLAMA3_USER : GEMMA2_USER) + messages.get(0).content();
        return addGenerationPrompt ? text + (llama ? LLAMA3_ASSISTANT : GEMMA2_ASSISTANT) : text;
    }

    /** The tokenizer's own leading special tokens (BOS), then the text, as {@code tokenizer(full_input)} does. */
    @Override
    public int[] encode(Tokenizer tokenizer, String rendered) {
        return SimpleChatFormat.withLeadingSpecials(tokenizer, rendered);
    }

    /** True: the official code tokenizes chat prefix + question + separator as one string. */
    @Override
    public boolean tokenizesQuestionWithPrefix() {
        return true;
    }

    /** Null: the layout has no date. */
    @Override
    public LocalDate date() {
        return null;
    }

    @Override
    public boolean usesDate() {
        return false;
    }

    /** Null: the layout is built by hand, not from a template. */
    @Override
    public String template() {
        return null;
    }

    /** Itself: the official layout has no template variables. */
    @Override
    public ChatFormat withTemplateVariables(Map<String, ?> variables) {
        return this;
    }

    @Override
    public String toString() {
        return "ChatFormat[official " + family + "]";
    }
}
