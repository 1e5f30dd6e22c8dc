package org.greater4j.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link Layout}s for one model: renders the chat format once with a placeholder where the
 * user's text goes, and keeps the token ids of the fixed pieces, so that a layout costs only the
 * encoding of its question (and tail) and a prompt swap costs nothing ({@link Layout#withPrompt}).
 * Holds the tokenizer but does not own it (closing it is the caller's job). Thread-safe.
 *
 * <h2>How the ids are made</h2>
 * <ul>
 *   <li>The chat template is rendered for {@code [system?, user(SLOT)]} with the generation prompt and
 *       split at the placeholder: the text before it is the chat prefix, the text after it is the end of
 *       the user turn plus the assistant header. So the layout follows the model's own template (any
 *       family, no hand-written strings), and the question, separator and prompt go in verbatim (a
 *       template's {@code trim} only touches what surrounds them).</li>
 *   <li>Each piece is encoded on its own, without special tokens (the template's BOS is text in the
 *       prefix; for {@code plain}/{@code none} the tokenizer's own leading specials are prepended), and
 *       the ids concatenated. The prompt is a list of ids: changing one prompt token changes only that
 *       position's id, and the pieces around it never re-tokenize.</li>
 *   <li>With the {@code official} format ({@link ChatFormat#tokenizesQuestionWithPrefix()}), chat prefix, question
 *       and separator are encoded as one string instead, as the official GReaTer code does, so that {@code "?"} and
 *       {@code ". Use"} may merge into {@code "?."}; the prompt and the end of the turn are still their own pieces
 *       (the prompt follows a space, the turn's end starts with a special token: no merge crosses them).</li>
 *   <li>Trailing spaces of the separator go with the prompt ({@link #encodePrompt}): with the paper's
 *       {@code ". Use "}, the separator's ids are those of {@code ". Use"} and the prompt's first token is
 *       {@code " proper"}, as when the whole text is tokenized (and as the official code slices it:
 *       goal {@code question + ". Use"}, then {@code " " + control}).</li>
 *   <li>The tail {@code reasoning + reasoningSeparator + extractor + answer} is encoded as one string,
 *       as the official code does, so the extractor and answer tokenize exactly as they read. The answer
 *       is then located at the end, like the official {@code find_last_subarray_indices}: the tail must
 *       end with the ids of the answer, or else of {@code " " + answer} (then the space before it, e.g.
 *       from an extractor ending in {@code "$ "}, belongs to the answer span). Unlike the official search
 *       (which looks a few positions further back and may hit a wrong match), only a match that ends the
 *       sequence counts. When the answer's first character merges with the extractor's last (Gemma's
 *       {@code "$-"} in {@code "$-3"}), the answer is encoded on its own and appended, so that its span
 *       is always exactly its own tokens. The reasoning ends at the last token boundary inside the
 *       reasoning text; a token straddling reasoning and extractor counts as extractor.</li>
 * </ul>
 */
public final class LayoutTemplate {
    private static final Logger LOG = LoggerFactory.getLogger(LayoutTemplate.class);

    /** Placeholder for the user's text: private-use characters that no template trims or rewrites. */
    static final String SLOT = "\uE000greater4j\uE001";

    private final ChatFormat format;
    private final Tokenizer tokenizer;
    private final LayoutSettings settings;
    private final int contextLength;
    private final String prefixText;
    private final String suffixText;
    private final String separatorText;
    private final String promptLead;
    private final String reasoningSeparator;
    private final int[] prefixIds;
    private final int[] separatorIds;
    private final int[] suffixIds;

    private LayoutTemplate(ChatFormat format, Tokenizer tokenizer, LayoutSettings settings, int contextLength) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(settings, "settings");
        format = settings.templateVariables().isEmpty() ? format : format.withTemplateVariables(settings.templateVariables());
        this.format = format;
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (contextLength <= 0) throw new IllegalArgumentException("contextLength must be positive, got " + contextLength);
        this.contextLength = contextLength;
        List<Message> messages = new ArrayList<>();
        if (settings.systemMessage() != null) messages.add(Message.system(settings.systemMessage()));
        messages.add(Message.user(SLOT));
        String rendered = format.render(messages, true);
        int at = rendered.indexOf(SLOT);
        if (at < 0 || rendered.indexOf(SLOT, at + 1) >= 0) {
            throw new ChatTemplateException("the " + format.name() + " chat format (" + format.origin() + ") does not write the user's text "
                    + "exactly once (" + (at < 0 ? "it drops or rewrites it" : "it repeats it") + "), so the question "
                    + "and prompt cannot be placed; use another --chat-format or --chat-template FILE");
        }
        this.prefixText = rendered.substring(0, at);
        this.suffixText = rendered.substring(at + SLOT.length());
        String sep = settings.separator();
        int core = sep.length();
        while (core > 0 && sep.charAt(core - 1) == ' ') core--;
        this.separatorText = sep.substring(0, core);
        this.promptLead = sep.substring(core);
        this.reasoningSeparator = settings.reasoningSeparatorFor(format.family());
        this.prefixIds = format.encode(tokenizer, prefixText);
        this.separatorIds = tokenizer.encode(separatorText);
        this.suffixIds = tokenizer.encode(suffixText);
    }

    /**
     * A layout builder for one model.
     *
     * @param format        the chat format (see {@link ChatFormat#resolve})
     * @param tokenizer     the model's tokenizer (not closed by this object)
     * @param settings      separator, reasoning separator, system message
     * @param contextLength the model's context in tokens ({@link TokenizerConfig#contextLength()});
     *                      layouts longer than this are refused
     * @throws ChatTemplateException when the format refuses the conversation (e.g. a system message on
     *                               Gemma-2) or does not write the user's text exactly once
     */
    public static LayoutTemplate of(ChatFormat format, Tokenizer tokenizer, LayoutSettings settings, int contextLength) {
        return new LayoutTemplate(format, tokenizer, settings, contextLength);
    }

    /** Same as {@link #of(ChatFormat, Tokenizer, LayoutSettings, int)} with no context limit. */
    public static LayoutTemplate of(ChatFormat format, Tokenizer tokenizer, LayoutSettings settings) {
        return new LayoutTemplate(format, tokenizer, settings, Integer.MAX_VALUE);
    }

    /** The chat format. */
    public ChatFormat format() {
        return format;
    }

    /** The tokenizer. */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The settings. */
    public LayoutSettings settings() {
        return settings;
    }

    /** The context limit in tokens. */
    public int contextLength() {
        return contextLength;
    }

    /** The text the chat format writes before the user's text. */
    public String prefixText() {
        return prefixText;
    }

    /** The text the chat format writes after the user's text (end of turn and assistant header). */
    public String suffixText() {
        return suffixText;
    }

    /** The separator as encoded: the configured one without its trailing spaces (they go with the prompt). */
    public String separatorText() {
        return separatorText;
    }

    /** What joins reasoning and extractor: the setting, else {@code ""} on Gemma-2 and {@code " "} elsewhere. */
    public String reasoningSeparator() {
        return reasoningSeparator;
    }

    /**
     * The ids of a prompt text as it follows the separator: the separator's trailing spaces are put in
     * front of it (a leading space of the text is dropped first, so {@code "proper"} and
     * {@code " proper"} give the same ids after {@code ". Use "}). Empty text gives no ids.
     */
    public int[] encodePrompt(String promptText) {
        if (promptText.isEmpty()) return new int[0];
        String text = promptText;
        if (!promptLead.isEmpty()) {
            int i = 0;
            while (i < text.length() && text.charAt(i) == ' ') i++;
            text = promptLead + text.substring(i);
        }
        return tokenizer.encode(text);
    }

    /** The answer GReaTer scores for a gold answer: a single character in parentheses loses them ({@code "(A)" -> "A"}). */
    public static String answerText(String gold) {
        if (gold.length() == 3 && gold.charAt(0) == '(' && gold.charAt(2) == ')') return gold.substring(1, 2);
        return gold;
    }

    /**
     * The input for generating reasoning: chat prefix, question, separator, prompt, assistant header
     * (reasoning, extractor and answer spans empty at the end).
     *
     * @throws IllegalArgumentException for an empty question, a prompt id outside the vocabulary, or a
     *                                  layout longer than the context
     */
    public Layout generation(String question, int[] promptIds) {
        return assemble(question, promptIds, null);
    }

    /** Same as {@link #generation(String, int[])} with the prompt given as text ({@link #encodePrompt}). */
    public Layout generation(String question, String promptText) {
        return generation(question, encodePrompt(promptText));
    }

    /**
     * The full scoring layout: generation input, then reasoning, extractor and answer (see the class
     * comment for how the tail is tokenized).
     *
     * @param reasoning the model's reasoning text (may be empty)
     * @param extractor the extractor phrase (may be empty)
     * @param answer    the gold answer; {@code "(A)"} becomes {@code "A"} ({@link #answerText})
     * @throws IllegalArgumentException for an empty question or answer, an answer that tokenizes to
     *                                  nothing, or a layout longer than the context
     */
    public Layout full(String question, int[] promptIds, String reasoning, String extractor, String answer) {
        return assemble(question, promptIds, tail(reasoning, extractor, answer));
    }

    /** Same as {@link #full(String, int[], String, String, String)} with a tail encoded before. */
    public Layout full(String question, int[] promptIds, Tail tail) {
        return assemble(question, promptIds, Objects.requireNonNull(tail, "tail"));
    }

    /**
     * Encodes {@code reasoning + reasoningSeparator + extractor + answer} and finds its three spans
     * (see the class comment). The result does not depend on the question or the prompt, so it can be
     * reused while the prompt changes.
     *
     * @throws IllegalArgumentException when the answer is empty or tokenizes to nothing
     */
    public Tail tail(String reasoning, String extractor, String answer) {
        Objects.requireNonNull(reasoning, "reasoning (use \"\" for none)");
        Objects.requireNonNull(extractor, "extractor (use \"\" for none)");
        Objects.requireNonNull(answer, "answer");
        String ans = answerText(answer);
        int[] ansIds = ans.isEmpty() ? new int[0] : tokenizer.encode(ans);
        if (ansIds.length == 0) {
            throw new IllegalArgumentException("the answer \"" + answer + "\" tokenizes to no tokens, so there is "
                    + "nothing to score; check the task's gold answers (an empty or whitespace-only answer)");
        }
        String head = reasoning + reasoningSeparator + extractor;
        int[] ids = tokenizer.encode(head + ans);
        int answerStart = -1;
        if (endsWith(ids, ansIds)) {
            answerStart = ids.length - ansIds.length;
        } else {
            int[] spaced = tokenizer.encode(" " + ans);
            if (spaced.length > 0 && endsWith(ids, spaced)) answerStart = ids.length - spaced.length;
        }
        if (answerStart < 0) {
            LOG.debug("answer {} merges with the extractor's last token when encoded together; appending its own ids",
                    ans);
            int[] headIds = tokenizer.encode(head);
            ids = Arrays.copyOf(headIds, headIds.length + ansIds.length);
            System.arraycopy(ansIds, 0, ids, headIds.length, ansIds.length);
            answerStart = headIds.length;
        }
        int reasoningEnd = reasoningEnd(ids, answerStart, reasoning);
        return new Tail(ids, reasoningEnd, answerStart);
    }

    /** The last token boundary within the reasoning text (tokens straddling it count as extractor). */
    private int reasoningEnd(int[] ids, int limit, String reasoning) {
        if (reasoning.isEmpty()) return 0;
        int[] alone = tokenizer.encode(reasoning);
        if (alone.length <= limit && startsWith(ids, alone)) return alone.length;
        int k = Math.min(alone.length + 8, limit);
        while (k > 0 && !reasoning.startsWith(tokenizer.decode(Arrays.copyOf(ids, k), false))) k--;
        return k;
    }

    private Layout assemble(String question, int[] promptIds, Tail tail) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("the question is empty; every example needs question text "
                    + "(check the task's question field)");
        }
        Objects.requireNonNull(promptIds, "promptIds");
        int vocab = tokenizer.vocabSize();
        for (int i = 0; i < promptIds.length; i++) {
            if (promptIds[i] < 0 || promptIds[i] >= vocab) {
                throw new IllegalArgumentException("prompt token " + i + " has id " + promptIds[i]
                        + ", outside the tokenizer's vocabulary [0, " + vocab + ")");
            }
        }
        int[][] pieces = format.tokenizesQuestionWithPrefix() ? joint(question)
                : new int[][] {prefixIds, tokenizer.encode(question), separatorIds};
        pieces = new int[][] {pieces[0], pieces[1], pieces[2], promptIds, suffixIds};
        int[] t = tail == null ? new int[0] : tail.ids;
        int n = t.length;
        for (int[] p : pieces) n += p.length;
        int[] ids = new int[n];
        int at = 0;
        Span[] spans = new Span[5];
        for (int i = 0; i < pieces.length; i++) {
            System.arraycopy(pieces[i], 0, ids, at, pieces[i].length);
            spans[i] = new Span(at, at + pieces[i].length);
            at += pieces[i].length;
        }
        System.arraycopy(t, 0, ids, at, t.length);
        int r = tail == null ? 0 : tail.reasoningEnd;
        int a = tail == null ? 0 : tail.answerStart;
        return new Layout(ids, spans[0], spans[1], spans[2], spans[3], spans[4],
                new Span(at, at + r), new Span(at + r, at + a), new Span(at + a, at + t.length), contextLength);
    }

    /**
     * Chat prefix, question and separator encoded as one string, as the official code tokenizes
     * {@code user header + question + ". Use"} (then split into the three pieces at the last token boundary within
     * each text; a token straddling question and separator, such as {@code "?."}, counts as separator).
     */
    private int[][] joint(String question) {
        int[] all = format.encode(tokenizer, prefixText + question + separatorText);
        int p = startsWith(all, prefixIds) ? prefixIds.length : boundary(all, 0, all.length, tokenizer.decode(prefixIds, false), prefixIds.length);
        int q = endsWith(all, separatorIds) && all.length - separatorIds.length >= p ? all.length - separatorIds.length
                : boundary(all, p, all.length, question, all.length);
        return new int[][] {Arrays.copyOf(all, p), Arrays.copyOfRange(all, p, q), Arrays.copyOfRange(all, q, all.length)};
    }

    /** The largest {@code k <= limit} such that the ids {@code [from, k)} decode to a prefix of {@code text}. */
    private int boundary(int[] ids, int from, int limit, String text, int hint) {
        int k = Math.min(limit, Math.max(from, hint));
        while (k > from && !text.startsWith(tokenizer.decode(Arrays.copyOfRange(ids, from, k), false))) k--;
        return k;
    }

    /** The text of one part of a layout (special tokens kept). */
    public String text(Layout layout, LayoutPart part) {
        return tokenizer.decode(layout.ids(part), false);
    }

    /** The text of every part of a layout, in order (for display). */
    public Map<LayoutPart, String> texts(Layout layout) {
        Map<LayoutPart, String> m = new EnumMap<>(LayoutPart.class);
        for (LayoutPart p : LayoutPart.values()) m.put(p, text(layout, p));
        return m;
    }

    private static boolean endsWith(int[] a, int[] b) {
        if (b.length > a.length) return false;
        for (int i = 0; i < b.length; i++) if (a[a.length - b.length + i] != b[i]) return false;
        return true;
    }

    private static boolean startsWith(int[] a, int[] b) {
        if (b.length > a.length) return false;
        for (int i = 0; i < b.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    /**
     * The encoded {@code reasoning + reasoningSeparator + extractor + answer} of one example, with the
     * positions (relative to its start) where the extractor and the answer begin.
     *
     * @param ids          the tail's ids (copied in and out)
     * @param reasoningEnd where the reasoning ends and the extractor begins
     * @param answerStart  where the answer begins; it runs to the end
     */
    public record Tail(int[] ids, int reasoningEnd, int answerStart) {
        /** Copies the ids; checks {@code 0 <= reasoningEnd <= answerStart < ids.length}. */
        public Tail {
            ids = ids.clone();
            if (reasoningEnd < 0 || reasoningEnd > answerStart || answerStart >= ids.length) {
                throw new IllegalArgumentException("bad tail: reasoning ends at " + reasoningEnd + ", answer starts at "
                        + answerStart + ", " + ids.length + " ids");
            }
        }

        /** A copy of the ids. */
        @Override
        public int[] ids() {
            return ids.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tail t && Arrays.equals(ids, t.ids) && reasoningEnd == t.reasoningEnd
                    && answerStart == t.answerStart;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids) * 31 + reasoningEnd * 7 + answerStart;
        }

        @Override
        public String toString() {
            return "Tail[" + ids.length + " ids, reasoning [0, " + reasoningEnd + "), extractor [" + reasoningEnd + ", "
                    + answerStart + "), answer [" + answerStart + ", " + ids.length + ")]";
        }
    }
}
