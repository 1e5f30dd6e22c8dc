package org.greater4j.optimize;

/** Progress of a run: called after every step (and when the final prompt is chosen). */
@FunctionalInterface
public interface RunListener {
    /** Does nothing. */
    RunListener NONE = (step, total) -> { };

    /** A step finished ({@code step.index()} is 0-based); {@code total} steps are planned. */
    void onStep(Step step, int total);

    /** The dev split is being measured for the final choice: {@code done} of {@code total} prompts measured. */
    default void onDev(int done, int total) {
    }
}
