package org.greater4j.toy;

/**
 * How the toy model is trained. AdamW with decoupled weight decay (not on the norms), linear warmup
 * then cosine decay to {@code minLrRatio} of the peak, global gradient-norm clipping.
 *
 * @param steps       optimizer steps
 * @param batch       sequences per step
 * @param lr          peak learning rate
 * @param warmup      warmup steps (linear from lr / warmup)
 * @param minLrRatio  the learning rate at the last step, as a share of {@code lr}
 * @param beta1       Adam beta1
 * @param beta2       Adam beta2
 * @param eps         Adam epsilon
 * @param weightDecay decoupled weight decay (matrices and embeddings; not norms)
 * @param clip        global gradient-norm limit (0: none)
 * @param seed        seed of the initial weights and of the training data
 * @param evalEvery   evaluate held-out greedy accuracy every this many steps (0: only at the end)
 * @param evalQuestions held-out questions per probe instruction in each evaluation
 */
public record TrainingConfig(int steps, int batch, double lr, int warmup, double minLrRatio, double beta1, double beta2,
                             double eps, double weightDecay, double clip, long seed, int evalEvery, int evalQuestions,
                             double stopAt) {

    /** Checks the values. */
    public TrainingConfig {
        if (steps < 0 || batch <= 0 || warmup < 0 || evalEvery < 0 || evalQuestions < 0) {
            throw new IllegalArgumentException("steps, warmup, evalEvery, evalQuestions must be >= 0 and batch > 0");
        }
        if (!(lr > 0) || minLrRatio < 0 || minLrRatio > 1 || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1
                || eps <= 0 || weightDecay < 0 || clip < 0 || stopAt < 0 || stopAt > 1) {
            throw new IllegalArgumentException("bad optimizer settings: " + this);
        }
    }

    /**
     * The recipe of the notes: 2400 steps of batch 32, lr 3e-3, 100 warmup steps, cosine to 10%,
     * AdamW (0.9, 0.95), eps 1e-8, weight decay 0.1, clipping 1.0; evaluation every 200 steps on 100
     * validation questions per probe, stopping once {@code think step by step.} reaches 98%.
     */
    public static TrainingConfig defaults(long seed) {
        return new TrainingConfig(2400, 32, 3e-3, 100, 0.1, 0.9, 0.95, 1e-8, 0.1, 1.0, seed, 200, 100, 0.98);
    }

    /** The same with another number of steps. */
    public TrainingConfig withSteps(int n) {
        return new TrainingConfig(n, batch, lr, warmup, minLrRatio, beta1, beta2, eps, weightDecay, clip, seed, evalEvery,
                evalQuestions, stopAt);
    }

    /** The same with another batch size. */
    public TrainingConfig withBatch(int b) {
        return new TrainingConfig(steps, b, lr, warmup, minLrRatio, beta1, beta2, eps, weightDecay, clip, seed, evalEvery,
                evalQuestions, stopAt);
    }

    /** The same with another warmup. */
    public TrainingConfig withWarmup(int w) {
        return new TrainingConfig(steps, batch, lr, w, minLrRatio, beta1, beta2, eps, weightDecay, clip, seed, evalEvery,
                evalQuestions, stopAt);
    }

    /** The same with another evaluation schedule. */
    public TrainingConfig withEval(int every, int questions) {
        return new TrainingConfig(steps, batch, lr, warmup, minLrRatio, beta1, beta2, eps, weightDecay, clip, seed, every,
                questions, stopAt);
    }

    /** The same with another stopping accuracy (0: never stop early). */
    public TrainingConfig withStopAt(double accuracy) {
        return new TrainingConfig(steps, batch, lr, warmup, minLrRatio, beta1, beta2, eps, weightDecay, clip, seed, evalEvery,
                evalQuestions, accuracy);
    }

    /** The learning rate at 0-based step {@code s}: linear warmup, then cosine from lr to lr * minLrRatio. */
    public double learningRate(int s) {
        if (s < warmup) return lr * (s + 1) / warmup;
        int decay = Math.max(1, steps - warmup - 1);
        double progress = Math.min(1.0, (double) (s - warmup) / decay);
        double min = lr * minLrRatio;
        return min + 0.5 * (lr - min) * (1 + StrictMath.cos(Math.PI * progress));
    }
}
