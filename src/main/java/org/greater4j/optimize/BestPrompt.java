package org.greater4j.optimize;

import java.util.Arrays;

/**
 * A prompt kept among the best by training score.
 *
 * @param ids         prompt ids
 * @param prompt      prompt text
 * @param trainScore  its selection score on the training examples
 * @param devAccuracy accuracy on the dev split (NaN until measured)
 * @param step        the step that produced it
 */
public record BestPrompt(int[] ids, String prompt, double trainScore, double devAccuracy, int step) {

    /** Copies the ids. */
    public BestPrompt {
        ids = ids.clone();
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** This entry with a measured dev accuracy. */
    public BestPrompt withDevAccuracy(double accuracy) {
        return new BestPrompt(ids, prompt, trainScore, accuracy, step);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BestPrompt b && Arrays.equals(ids, b.ids) && step == b.step
                && Double.compare(trainScore, b.trainScore) == 0 && Double.compare(devAccuracy, b.devAccuracy) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids) * 31 + step;
    }
}
