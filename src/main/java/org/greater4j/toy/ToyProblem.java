package org.greater4j.toy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One arithmetic word problem of the toy task: 3 or 4 one-digit operands joined by {@code +} or
 * {@code -}, asked with one of four question templates. Numbers are written digit by digit and a
 * negative number starts with the {@code -} token ({@code -12} is {@code - 1 2}); answers range from
 * -27 to 36. Immutable.
 *
 * <p>Two problems with the same operands and signs have the same {@link #key()} whatever their
 * template: held-out problems are chosen by key ({@link #isHeldOut()}), so no held-out tuple is
 * ever used in training.
 */
public final class ToyProblem {

    /** The question templates; the expression follows. */
    public static final List<String> TEMPLATES = List.of("what is", "compute", "calculate", "find the value of");

    /** The phrase before the answer in both response styles (and the task's extractor). */
    public static final String ANSWER_HOOK = "so the answer is $";

    /** Every word the questions and responses use (instruction words aside). */
    static final List<String> WORDS = List.of("what", "is", "compute", "calculate", "find", "the", "value", "of",
            "first", "then", "so", "answer", "use");

    /** One problem in eight (by a hash of its key) is held out from training. */
    static final int HELD_OUT_ONE_IN = 8;

    private final int[] operands;
    private final boolean[] minus; // minus[i]: the sign before operands[i + 1]
    private final int template;

    private ToyProblem(int[] operands, boolean[] minus, int template) {
        if (operands.length < 2 || minus.length != operands.length - 1) {
            throw new IllegalArgumentException("a problem needs n >= 2 operands and n - 1 signs, got "
                    + operands.length + " and " + minus.length);
        }
        for (int o : operands) {
            if (o < 0 || o > 9) throw new IllegalArgumentException("operands are single digits 0-9, got " + o);
        }
        if (template < 0 || template >= TEMPLATES.size()) {
            throw new IllegalArgumentException("template index " + template + " outside 0.." + (TEMPLATES.size() - 1));
        }
        this.operands = operands.clone();
        this.minus = minus.clone();
        this.template = template;
    }

    /**
     * A problem from its parts.
     *
     * @param operands one-digit operands, at least two
     * @param minus    for each operand after the first: true for {@code -}, false for {@code +}
     * @param template index into {@link #TEMPLATES}
     */
    public static ToyProblem of(int[] operands, boolean[] minus, int template) {
        return new ToyProblem(operands, minus, template);
    }

    /** A uniformly random problem: 3 or 4 operands, each sign and template equally likely. */
    static ToyProblem random(SplittableRandom rng) {
        int n = 3 + rng.nextInt(2);
        int[] ops = new int[n];
        boolean[] minus = new boolean[n - 1];
        for (int i = 0; i < n; i++) ops[i] = rng.nextInt(10);
        for (int i = 0; i < n - 1; i++) minus[i] = rng.nextBoolean();
        return new ToyProblem(ops, minus, rng.nextInt(TEMPLATES.size()));
    }

    /** The operands. */
    public int[] operands() {
        return operands.clone();
    }

    /** The signs: {@code minus()[i]} is true when operand i + 1 is subtracted. */
    public boolean[] minus() {
        return minus.clone();
    }

    /** The template index. */
    public int template() {
        return template;
    }

    /** The expression, e.g. {@code 7+5-3+8}: what identifies the problem (the template aside). */
    public String key() {
        StringBuilder b = new StringBuilder().append(operands[0]);
        for (int i = 1; i < operands.length; i++) b.append(minus[i - 1] ? '-' : '+').append(operands[i]);
        return b.toString();
    }

    /** The same operands and signs with another template. */
    public ToyProblem withTemplate(int t) {
        return new ToyProblem(operands, minus, t);
    }

    /**
     * True for the problems kept out of training: one key in {@link #HELD_OUT_ONE_IN}, chosen by a
     * fixed hash (independent of any seed, so every toy model shares the same held-out set).
     */
    public boolean isHeldOut() {
        long h = 0x9E3779B97F4A7C15L;
        for (char c : key().toCharArray()) h = mix(h ^ c);
        return Long.remainderUnsigned(mix(h), HELD_OUT_ONE_IN) == 0;
    }

    static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The value of the expression. */
    public int answer() {
        int v = operands[0];
        for (int i = 1; i < operands.length; i++) v += minus[i - 1] ? -operands[i] : operands[i];
        return v;
    }

    /** The question, e.g. {@code what is 7 + 5 - 3 + 8}. */
    public String question() {
        StringBuilder b = new StringBuilder(TEMPLATES.get(template)).append(' ').append(operands[0]);
        for (int i = 1; i < operands.length; i++) b.append(minus[i - 1] ? " - " : " + ").append(operands[i]);
        return b.toString();
    }

    /** A number digit by digit: {@code 17} is {@code 1 7}, {@code -12} is {@code - 1 2}. */
    public static String spell(int n) {
        String digits = Integer.toString(Math.abs(n));
        StringBuilder b = new StringBuilder(n < 0 ? "- " : "");
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0) b.append(' ');
            b.append(digits.charAt(i));
        }
        return b.toString();
    }

    /** The answer as the model writes it after the extractor, e.g. {@code 1 7} or {@code - 1 2}. */
    public String answerText() {
        return spell(answer());
    }

    /** The direct response: {@code so the answer is $ 1 7}. */
    public String directResponse() {
        return ANSWER_HOOK + " " + answerText();
    }

    /**
     * The step-by-step response, e.g.
     * {@code first 7 + 5 = 1 2 . then 1 2 - 3 = 9 . then 9 + 8 = 1 7 . so the answer is $ 1 7}.
     */
    public String stepResponse() {
        StringBuilder b = new StringBuilder();
        int acc = operands[0];
        for (int i = 1; i < operands.length; i++) {
            int next = acc + (minus[i - 1] ? -operands[i] : operands[i]);
            b.append(i == 1 ? "first " : "then ").append(spell(acc)).append(minus[i - 1] ? " - " : " + ")
                    .append(operands[i]).append(" = ").append(spell(next)).append(" . ");
            acc = next;
        }
        return b.append(directResponse()).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToyProblem p && template == p.template && Arrays.equals(operands, p.operands)
                && Arrays.equals(minus, p.minus);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(operands) * 31 + Arrays.hashCode(minus) * 7 + template;
    }

    @Override
    public String toString() {
        return question();
    }
}
