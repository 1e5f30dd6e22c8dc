package org.greater4j.toy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.greater4j.task.AnswerType;
import org.greater4j.task.Example;
import org.greater4j.task.Extractors;
import org.greater4j.task.SplitSizes;
import org.greater4j.task.Task;
import org.greater4j.task.Tasks;

/**
 * The toy task: arithmetic word problems ({@link ToyProblem}) and, for training the toy model,
 * instructions ({@link ToyInstructions}) with the response style they call for. Everything is
 * deterministic from a seed.
 *
 * <p>The registered task {@code toy} ({@link #task()}) holds only held-out questions and their gold
 * answers (40 train / 40 dev / 200 test, seed {@link #TASK_SEED}); the instruction is the prompt the
 * optimizer works on, and which words do what stays inside the generator. Its extractor is
 * {@code so the answer is $} for every model family, its answers are written digit by digit
 * ({@code 1 7}, {@code - 1 2}) and read by {@link #ANSWER_TYPE}.
 */
public final class ToyTask {
    private ToyTask() {}

    /** The registry name. */
    public static final String NAME = "toy";
    /**
     * The instruction a toy run starts from by default: misleading (no step word, so the toy models answer
     * at once and mostly wrong), so that the optimizer has something to find.
     */
    public static final String INITIAL_PROMPT = "no thinking just feeling.";

    /** The seed of the registered task's questions. */
    public static final long TASK_SEED = 2024;
    /** The registered task's split sizes: 40 train, 40 dev, the rest (200) test. */
    public static final SplitSizes SIZES = new SplitSizes(40, 40);
    /** The registered task's number of questions. */
    public static final int TASK_QUESTIONS = 280;

    /** Integers written digit by digit, read after {@code so the answer is $}. */
    public static final AnswerType.SpacedInteger ANSWER_TYPE = new AnswerType.SpacedInteger(ToyProblem.ANSWER_HOOK);

    /** The extractor, the same for every model family. */
    public static final Extractors EXTRACTORS = new Extractors(ToyProblem.ANSWER_HOOK, ToyProblem.ANSWER_HOOK, List.of(),
            "the toy model's own answer phrase (org.greater4j.toy.ToyProblem.ANSWER_HOOK)");

    /**
     * One training example of the toy model.
     *
     * @param problem     the problem
     * @param instruction the instruction, ending in {@code .}
     * @param step        the style the instruction calls for ({@link ToyInstructions#isStepStyle})
     */
    public record Sample(ToyProblem problem, String instruction, boolean step) {
        /** The user's text as the GReaTer layout writes it: {@code QUESTION. Use INSTRUCTION}. */
        public String userText() {
            return problem.question() + ". Use " + instruction;
        }

        /** The response in the instruction's style. */
        public String response() {
            return step ? problem.stepResponse() : problem.directResponse();
        }

        /**
         * The training sequence: {@code <bos> <user> QUESTION . use INSTRUCTION <assistant> RESPONSE <eos>}.
         */
        public int[] ids(ToyVocabulary v) {
            int[] user = v.encode(userText());
            int[] resp = v.encode(response());
            int[] out = new int[user.length + resp.length + 4];
            int at = 0;
            out[at++] = v.bosId();
            out[at++] = v.id(ToyVocabulary.USER);
            System.arraycopy(user, 0, out, at, user.length);
            at += user.length;
            out[at++] = v.id(ToyVocabulary.ASSISTANT);
            System.arraycopy(resp, 0, out, at, resp.length);
            at += resp.length;
            out[at] = v.eosId();
            return out;
        }
    }

    /** A training example: a problem that is not held out, and a training instruction. */
    public static Sample trainingSample(SplittableRandom rng) {
        ToyProblem p;
        do {
            p = ToyProblem.random(rng);
        } while (p.isHeldOut());
        String instruction = ToyInstructions.sample(rng);
        return new Sample(p, instruction, ToyInstructions.isStepStyle(instruction));
    }

    /**
     * {@code n} held-out problems with distinct keys, half with 3 and half with 4 operands on average,
     * templates at random; deterministic from {@code seed}.
     *
     * @throws IllegalArgumentException when more are asked for than there are held-out keys
     */
    public static List<ToyProblem> heldOut(int n, long seed) {
        if (n > 9000) throw new IllegalArgumentException("at most 9000 held-out problems, asked for " + n);
        SplittableRandom rng = new SplittableRandom(seed);
        Set<String> seen = new HashSet<>();
        List<ToyProblem> out = new ArrayList<>(n);
        while (out.size() < n) {
            ToyProblem p = ToyProblem.random(rng);
            if (p.isHeldOut() && seen.add(p.key())) out.add(p);
        }
        return out;
    }

    /** Seed of the validation questions evaluated while training. */
    public static final long VALIDATION_SEED = 77;

    /**
     * {@code n} held-out problems for deciding when training stops: none shares its key with the
     * registered task's questions or with the report's {@link ToyEvaluation#REPORT_SEED} sample of
     * 500, so neither is used to choose the model.
     */
    public static List<ToyProblem> validation(int n) {
        Set<String> used = new HashSet<>();
        heldOut(TASK_QUESTIONS, TASK_SEED).forEach(p -> used.add(p.key()));
        heldOut(ToyEvaluation.REPORT_QUESTIONS, ToyEvaluation.REPORT_SEED).forEach(p -> used.add(p.key()));
        SplittableRandom rng = new SplittableRandom(VALIDATION_SEED);
        List<ToyProblem> out = new ArrayList<>(n);
        while (out.size() < n) {
            ToyProblem p = ToyProblem.random(rng);
            if (p.isHeldOut() && used.add(p.key())) out.add(p);
        }
        return out;
    }

    /** A problem as a task example: question, answer {@code 1 7} (what the model writes), gold {@code 17}. */
    public static Example example(ToyProblem p, int index) {
        return new Example("toy#" + index, index, p.question(), p.answerText(), Integer.toString(p.answer()));
    }

    /** The registered task: {@link #TASK_QUESTIONS} held-out questions (seed {@link #TASK_SEED}), cut 40 / 40 / 200. */
    public static Task task() {
        List<ToyProblem> ps = heldOut(TASK_QUESTIONS, TASK_SEED);
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) ex.add(example(ps.get(i), i));
        return Task.cut(NAME, ANSWER_TYPE, ex, SIZES, EXTRACTORS, false,
                "generated by org.greater4j.toy.ToyTask (held-out problems, seed " + TASK_SEED + ")",
                List.of("synthetic: 3-4 one-digit operands joined by + or -, answers -27..36 written digit by digit; "
                        + "no question's (operands, signs) was used to train the toy models"));
    }

    /**
     * Registers {@link #NAME} in {@link Tasks} (it needs no data directory). Idempotent; the registry
     * calls it itself when it starts ({@link Provider}).
     */
    public static synchronized void register() {
        if (!Tasks.exists(NAME)) Tasks.register(NAME, data -> task());
    }

    /** Registers the toy task when {@link Tasks} starts (listed in {@code META-INF/services}). */
    public static final class Provider implements Tasks.Provider {
        @Override
        public void register() {
            // Not ToyTask.register(): this runs inside Tasks' class initialization, and taking ToyTask's lock here
            // could deadlock with a thread that holds it in register() while it waits for that initialization.
            if (!Tasks.exists(NAME)) Tasks.register(NAME, data -> task());
        }
    }
}
