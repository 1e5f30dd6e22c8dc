package org.greater4j.toy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The instructions the toy model is trained with, and the rule that decides its response style.
 *
 * <p><b>The style rule</b> ({@link #isStepStyle}): an instruction containing any {@link #STEP_WORDS
 * step word} anywhere makes the model reason step by step; any other instruction (rush words,
 * neutral words, word salad) makes it answer at once. The rule is deterministic, so a neutral
 * instruction such as {@code solve it calmly .} answers directly.
 *
 * <p><b>The generator</b> ({@link #sample}): with probability {@link #SALAD_RATE} a word salad of
 * 3-10 instruction words with the odd {@code ,} or {@code .} among them, then {@code .}; otherwise
 * 1-4 phrases from the templates below joined by {@code and}, {@code ,} or nothing, 3-10 words in
 * all, then {@code .}. Step, rush and neutral words share the slots of the templates, so the model
 * learns to propose both kinds almost everywhere. Styles are not balanced: about 80% of training
 * instructions hold a step word, so direct answers are seen far less and stay far less accurate
 * (balancing them half and half was tried: the model then learned to answer directly with 55%
 * accuracy).
 *
 * <p>Templates: VERB ADV; {@code solve it} ADV; ADJ NOUN; VERB {@code step by step};
 * {@code step by step}; {@code show} POSS NOUN; {@code no} NOUN; {@code just} NOUN-or-VERB;
 * {@code use} POSS ADJ NOUN; {@code be} ADJ; {@code trust} POSS NOUN; {@code with} ADJ NOUN.
 */
public final class ToyInstructions {
    private ToyInstructions() {}

    /** Verbs: step (work, check, explain), rush (guess, hurry), neutral (think, answer, respond). */
    static final List<String> VERBS = List.of("think", "answer", "work", "check", "explain", "guess", "hurry", "respond");
    /** Adverbs: step (carefully, slowly, thoroughly), rush (quickly, fast, instantly), neutral. */
    static final List<String> ADVERBS = List.of("carefully", "slowly", "thoroughly", "quickly", "fast", "instantly",
            "calmly", "clearly", "simply");
    /** Adjectives: step (careful, slow, thorough, detailed), rush (quick, rapid, lazy), neutral. */
    static final List<String> ADJECTIVES = List.of("careful", "slow", "thorough", "detailed", "quick", "rapid", "lazy",
            "calm", "clear", "simple");
    /** Nouns: step (steps, work, reasoning, logic), rush (feeling, guess, instinct, gut), neutral. */
    static final List<String> NOUNS = List.of("steps", "work", "reasoning", "logic", "feeling", "guess", "instinct", "gut",
            "thinking", "mind", "heart", "answer");
    /** Possessives. */
    static final List<String> POSSESSIVES = List.of("your", "my", "the");

    /** The words whose presence anywhere in an instruction makes the model reason step by step. */
    public static final Set<String> STEP_WORDS = Set.of("step", "steps", "work", "check", "explain", "carefully",
            "slowly", "thoroughly", "careful", "slow", "thorough", "detailed", "reasoning", "logic");

    /** Words that ask for haste (for documentation: the rule treats them like neutral words). */
    public static final Set<String> RUSH_WORDS = Set.of("guess", "hurry", "quickly", "fast", "instantly", "quick",
            "rapid", "lazy", "feeling", "instinct", "gut");

    /** Every word an instruction may contain. */
    public static final List<String> WORDS;

    /** Share of training instructions that are word salad. */
    public static final double SALAD_RATE = 0.25;
    /** Fewest words in an instruction (punctuation not counted). */
    public static final int MIN_WORDS = 3;
    /** Most words in an instruction (punctuation not counted). */
    public static final int MAX_WORDS = 10;

    static {
        Set<String> w = new LinkedHashSet<>(List.of("solve", "it", "step", "by", "show", "no", "just", "use", "be",
                "trust", "with", "and"));
        w.addAll(POSSESSIVES);
        w.addAll(VERBS);
        w.addAll(ADVERBS);
        w.addAll(ADJECTIVES);
        w.addAll(NOUNS);
        WORDS = List.copyOf(w);
    }

    /**
     * The style rule: true when any word of the instruction (lower-cased, split like the tokenizer
     * splits it) is a step word.
     */
    public static boolean isStepStyle(String instruction) {
        for (String w : instruction.toLowerCase(Locale.ROOT).split("[^a-z_]+")) {
            if (STEP_WORDS.contains(w)) return true;
        }
        return false;
    }

    /** A training instruction (see the class comment), ending in {@code .}. */
    public static String sample(SplittableRandom rng) {
        return rng.nextDouble() < SALAD_RATE ? salad(rng) : phrases(rng);
    }

    /** Word salad: 3-10 instruction words, each followed by {@code ,} or {@code .} one time in ten, then {@code .}. */
    static String salad(SplittableRandom rng) {
        int n = MIN_WORDS + rng.nextInt(MAX_WORDS - MIN_WORDS + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(' ');
            b.append(pick(WORDS, rng));
            if (i < n - 1 && rng.nextInt(10) == 0) b.append(rng.nextBoolean() ? " ," : " .");
        }
        return b.append(" .").toString();
    }

    /** 1-4 template phrases joined by {@code and}, {@code ,} or a space, 3-10 words, then {@code .}. */
    static String phrases(SplittableRandom rng) {
        while (true) {
            int n = 1 + rng.nextInt(4);
            List<String> parts = new ArrayList<>();
            int words = 0;
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String p = phrase(rng);
                parts.add(p);
                words += p.split(" ").length;
                if (i > 0) {
                    int j = rng.nextInt(5);
                    if (j < 2) {
                        b.append(" and ");
                        words++;
                    } else if (j < 4) {
                        b.append(" , ");
                    } else {
                        b.append(' ');
                    }
                }
                b.append(p);
            }
            if (words >= MIN_WORDS && words <= MAX_WORDS) return b.append(" .").toString();
        }
    }

    static String phrase(SplittableRandom rng) {
        return switch (rng.nextInt(12)) {
            case 0 -> pick(VERBS, rng) + " " + pick(ADVERBS, rng);
            case 1 -> "solve it " + pick(ADVERBS, rng);
            case 2 -> pick(ADJECTIVES, rng) + " " + pick(NOUNS, rng);
            case 3 -> pick(VERBS, rng) + " step by step";
            case 4 -> "step by step";
            case 5 -> "show " + pick(POSSESSIVES, rng) + " " + pick(NOUNS, rng);
            case 6 -> "no " + pick(NOUNS, rng);
            case 7 -> "just " + (rng.nextBoolean() ? pick(NOUNS, rng) : pick(VERBS, rng));
            case 8 -> "use " + pick(POSSESSIVES, rng) + " " + pick(ADJECTIVES, rng) + " " + pick(NOUNS, rng);
            case 9 -> "be " + pick(ADJECTIVES, rng);
            case 10 -> "trust " + pick(POSSESSIVES, rng) + " " + pick(NOUNS, rng);
            default -> "with " + pick(ADJECTIVES, rng) + " " + pick(NOUNS, rng);
        };
    }

    private static String pick(List<String> l, SplittableRandom rng) {
        return l.get(rng.nextInt(l.size()));
    }
}
