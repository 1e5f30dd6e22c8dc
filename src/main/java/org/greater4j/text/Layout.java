package org.greater4j.text;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The token ids of one example as GReaTer scores it, and where each part lies:
 * {@code chat(user: question + separator + prompt) + assistant header + reasoning + extractor + answer}.
 * Spans are contiguous, in {@link LayoutPart} order, and cover every id. A generation layout
 * ({@link LayoutTemplate#generation}) ends with the assistant header: its reasoning, extractor and
 * answer spans are empty at the end. Built by {@link LayoutTemplate}; immutable.
 *
 * @param ids             the token ids (copied in and out)
 * @param chatPrefix      BOS, system block and user header
 * @param question        the question
 * @param separator       the question/prompt separator
 * @param prompt          the prompt
 * @param assistantHeader the end of the user turn and the assistant header
 * @param reasoning       the reasoning
 * @param extractor       the reasoning separator and the extractor
 * @param answer          the answer (the last tokens)
 * @param contextLength   the model's context; the layout never holds more ids
 */
public record Layout(int[] ids, Span chatPrefix, Span question, Span separator, Span prompt, Span assistantHeader,
                     Span reasoning, Span extractor, Span answer, int contextLength) {

    /** Copies the ids; checks that the spans are contiguous, cover the ids, and fit the context. */
    public Layout {
        ids = ids.clone();
        Span[] spans = {chatPrefix, question, separator, prompt, assistantHeader, reasoning, extractor, answer};
        int at = 0;
        for (int i = 0; i < spans.length; i++) {
            Objects.requireNonNull(spans[i], LayoutPart.values()[i].name());
            if (spans[i].start() != at) {
                throw new IllegalArgumentException("span " + LayoutPart.values()[i] + " " + spans[i]
                        + " does not start where the previous part ends (" + at + ")");
            }
            at = spans[i].end();
        }
        if (at != ids.length) {
            throw new IllegalArgumentException("the spans end at " + at + " but there are " + ids.length + " ids");
        }
        if (ids.length > contextLength) {
            throw new IllegalArgumentException("the layout has " + ids.length + " tokens (question "
                    + question.length() + ", prompt " + prompt.length() + ", reasoning " + reasoning.length()
                    + ", chat markup " + (chatPrefix.length() + separator.length() + assistantHeader.length())
                    + ", extractor and answer " + (extractor.length() + answer.length()) + ") but the model's context"
                    + " is " + contextLength + " tokens; shorten the prompt, the question or the reasoning "
                    + "(e.g. fewer new tokens)");
        }
    }

    /** A copy of all ids. */
    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }

    /** The id at one position. */
    public int id(int position) {
        return ids[position];
    }

    /** The span of one part. */
    public Span span(LayoutPart part) {
        return switch (part) {
            case CHAT_PREFIX -> chatPrefix;
            case QUESTION -> question;
            case SEPARATOR -> separator;
            case PROMPT -> prompt;
            case ASSISTANT_HEADER -> assistantHeader;
            case REASONING -> reasoning;
            case EXTRACTOR -> extractor;
            case ANSWER -> answer;
        };
    }

    /** All spans, in order. */
    public Map<LayoutPart, Span> spans() {
        Map<LayoutPart, Span> m = new EnumMap<>(LayoutPart.class);
        for (LayoutPart p : LayoutPart.values()) m.put(p, span(p));
        return m;
    }

    /** The ids of one part. */
    public int[] ids(LayoutPart part) {
        Span s = span(part);
        return Arrays.copyOfRange(ids, s.start(), s.end());
    }

    /** The prompt's ids. */
    public int[] promptIds() {
        return ids(LayoutPart.PROMPT);
    }

    /** True when the layout holds reasoning, extractor and answer (false for a generation layout). */
    public boolean hasAnswer() {
        return !answer.isEmpty();
    }

    /**
     * This layout with another prompt: the ids before the prompt are kept, the prompt's ids replaced,
     * and everything after moved by the change in length. No rendering or tokenizing happens, so
     * replacing one prompt token changes exactly that position's id.
     *
     * @throws IllegalArgumentException when the result would not fit the model's context
     */
    public Layout withPrompt(int[] promptIds) {
        int delta = promptIds.length - prompt.length();
        int[] out = new int[ids.length + delta];
        System.arraycopy(ids, 0, out, 0, prompt.start());
        System.arraycopy(promptIds, 0, out, prompt.start(), promptIds.length);
        System.arraycopy(ids, prompt.end(), out, prompt.start() + promptIds.length, ids.length - prompt.end());
        return new Layout(out, chatPrefix, question, separator, new Span(prompt.start(), prompt.end() + delta),
                assistantHeader.shift(delta), reasoning.shift(delta), extractor.shift(delta), answer.shift(delta),
                contextLength);
    }

    /** This layout with the prompt token at {@code index} (0-based within the prompt) replaced by {@code id}. */
    public Layout withPromptToken(int index, int id) {
        if (index < 0 || index >= prompt.length()) {
            throw new IndexOutOfBoundsException("prompt index " + index + " outside the prompt's " + prompt.length()
                    + " tokens");
        }
        int[] p = promptIds();
        p[index] = id;
        return withPrompt(p);
    }

    /** The generation input of this layout: everything up to and including the assistant header. */
    public Layout generationPrefix() {
        int end = assistantHeader.end();
        Span empty = new Span(end, end);
        return new Layout(Arrays.copyOf(ids, end), chatPrefix, question, separator, prompt, assistantHeader,
                empty, empty, empty, contextLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && Arrays.equals(ids, l.ids) && spans().equals(l.spans())
                && contextLength == l.contextLength;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + spans().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Layout[").append(ids.length).append(" tokens");
        for (LayoutPart p : LayoutPart.values()) sb.append(", ").append(p.name().toLowerCase()).append(' ').append(span(p));
        return sb.append(']').toString();
    }
}
