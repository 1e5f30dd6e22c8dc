package org.greater4j.text;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * The markup-free formats for base models. {@code plain}: the messages' texts joined by newlines, and
 * with a generation prompt a final newline after which the assistant's text follows; so a user turn
 * and an assistant turn read {@code "question\nanswer"}. {@code none}: the texts concatenated with
 * nothing between them, and nothing for the generation prompt. Roles are not written.
 *
 * @param name      {@code plain} or {@code none}
 * @param separator what goes between two turns and before the assistant's text
 */
record SimpleChatFormat(String name, String separator) implements ChatFormat {
    /** User text, newline, assistant text. */
    static final SimpleChatFormat PLAIN = new SimpleChatFormat("plain", "\n");
    /** The texts concatenated. */
    static final SimpleChatFormat NONE = new SimpleChatFormat("none", "");

    @Override
    public ChatFormat withTemplateVariables(java.util.Map<String, ?> variables) {
        return this;
    }

    @Override
    public ChatFamily family() {
        return ChatFamily.OTHER;
    }

    @Override
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no messages to render; give at least one {\"role\", \"content\"}");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) sb.append(separator);
            sb.append(messages.get(i).content());
        }
        if (addGenerationPrompt) sb.append(separator);
        return sb.toString();
    }

    /** The tokenizer's own leading special tokens (e.g. BOS, when its post-processor adds one), then the text. */
    @Override
    public int[] encode(Tokenizer tokenizer, String rendered) {
        return withLeadingSpecials(tokenizer, rendered);
    }

    /** The tokenizer's own leading special tokens, then the ids of {@code rendered} (no other specials added). */
    static int[] withLeadingSpecials(Tokenizer tokenizer, String rendered) {
        int[] lead = leadingSpecials(tokenizer);
        int[] body = tokenizer.encode(rendered);
        int[] out = Arrays.copyOf(lead, lead.length + body.length);
        System.arraycopy(body, 0, out, lead.length, body.length);
        return out;
    }

    /** The ids the tokenizer puts before a text when asked for special tokens (found on a probe text). */
    static int[] leadingSpecials(Tokenizer tokenizer) {
        int[] with = tokenizer.encodeWithSpecials("a");
        int[] without = tokenizer.encode("a");
        for (int start = 0; start + without.length <= with.length; start++) {
            boolean match = true;
            for (int k = 0; k < without.length && match; k++) match = with[start + k] == without[k];
            if (match) return Arrays.copyOf(with, start);
        }
        return new int[0];
    }

    /** Null: these formats have no template and no date. */
    @Override
    public LocalDate date() {
        return null;
    }

    @Override
    public boolean usesDate() {
        return false;
    }

    @Override
    public String template() {
        return null;
    }

    @Override
    public String toString() {
        return "ChatFormat[" + name + "]";
    }
}
