package org.greater4j.notebook;

import java.util.List;
import org.greater4j.optimize.Greater;
import org.greater4j.task.AnswerType;
import org.greater4j.task.Example;
import org.greater4j.text.Tokenizer;

/**
 * What rendering needs beside a value: most optimizer values hold token ids only, so their tokens'
 * texts come from the tokenizer here, and a reasoning's questions and golds from the training
 * examples. An immutable value; {@link #current()} is the one a notebook set with
 * {@link #use(RenderContext)} (or {@link Notebook#use(Greater)}).
 *
 * @param tokenizer   decodes token ids (null: ids are shown as {@code #id})
 * @param examples    the training examples the optimizer's reasoning rows belong to (may be empty)
 * @param extractor   the extractor phrase (may be empty)
 * @param answerType  how answers compare to golds (null: no right/wrong column)
 * @param growthId    the token id the prompt grows with (-1 when unknown)
 */
public record RenderContext(Tokenizer tokenizer, List<Example> examples, String extractor, AnswerType answerType,
                            int growthId) {

    /** A context that knows nothing: token ids are shown as numbers. */
    public static final RenderContext NONE = new RenderContext(null, List.of(), "", null, -1);

    private static volatile RenderContext current = NONE;

    /** Copies the list; null strings become empty. */
    public RenderContext {
        examples = examples == null ? List.of() : List.copyOf(examples);
        extractor = extractor == null ? "" : extractor;
    }

    /** The context of an optimizer: its tokenizer, training examples, extractor, answer type and growth token. */
    public static RenderContext of(Greater g) {
        return new RenderContext(g.protocol().layout().tokenizer(), g.train(), g.extractor(), answerTypeOf(g), g.growthId());
    }

    /** A context with a tokenizer only. */
    public static RenderContext of(Tokenizer tokenizer) {
        return new RenderContext(tokenizer, List.of(), "", null, -1);
    }

    private static AnswerType answerTypeOf(Greater g) {
        return g.task().answerType();
    }

    /** The context rendering uses when none is given. */
    public static RenderContext current() {
        return current;
    }

    /** Makes {@code ctx} the context rendering uses from now on (a notebook calls this once after building its optimizer). */
    public static void use(RenderContext ctx) {
        current = ctx == null ? NONE : ctx;
    }

    /** This context with an answer type. */
    public RenderContext withAnswerType(AnswerType type) {
        return new RenderContext(tokenizer, examples, extractor, type, growthId);
    }

    /**
     * The text of one token as decoded alone (with the leading space a SentencePiece token stands for),
     * or {@code #id} without a tokenizer.
     */
    public String token(int id) {
        if (tokenizer == null || id < 0 || id >= tokenizer.vocabSize()) return "#" + id;
        String s = tokenizer.tokenText(id);
        if (s == null) return "#" + id;
        // SentencePiece tokenizers drop a word's leading space when a token is decoded alone: restore it
        String raw = tokenizer.tokenString(id);
        if (raw != null && (raw.startsWith("\u2581") || raw.startsWith(" ")) && !s.startsWith(" ")) s = " " + s;
        return s;
    }

    /** The decoded text of a prompt (a trailing growth token dropped), or its ids without a tokenizer. */
    public String prompt(int[] ids) {
        if (tokenizer == null) return java.util.Arrays.toString(ids);
        int n = ids.length;
        if (n > 1 && ids[n - 1] == growthId) n--;
        return tokenizer.decode(java.util.Arrays.copyOf(ids, n), true).strip();
    }

    /** The i-th training example, or null. */
    public Example example(int i) {
        return i >= 0 && i < examples.size() ? examples.get(i) : null;
    }
}
