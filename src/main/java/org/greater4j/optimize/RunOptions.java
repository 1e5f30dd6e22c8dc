package org.greater4j.optimize;

import java.nio.file.Path;

/**
 * How {@link Greater#run(RunOptions)} runs.
 *
 * @param steps    steps in all (a resumed run continues up to this)
 * @param dir      the run's folder ({@code checkpoint.json}, {@code run.json}), or null to keep nothing on disk
 * @param resume   what to do with a checkpoint already in {@code dir}
 * @param listener progress after every step
 * @param devLimit measure the dev split's first {@code devLimit} rows for the final choice (0: all)
 */
public record RunOptions(int steps, Path dir, Resume resume, RunListener listener, int devLimit) {

    /** What a run does with a checkpoint already in its folder. */
    public enum Resume {
        /** Continue it when it is the same run (the notebook default); refuse another run's. */
        AUTO,
        /** A checkpoint must be there (the command line's {@code --resume}). */
        REQUIRED,
        /** A checkpoint must not be there (the command line without {@code --resume}). */
        NEVER
    }

    /** Checks the values. */
    public RunOptions {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        if (devLimit < 0) throw new IllegalArgumentException("devLimit must be >= 0, got " + devLimit);
        if (resume == null) resume = Resume.AUTO;
        if (listener == null) listener = RunListener.NONE;
    }

    /** {@code steps} steps in {@code dir} (null: nothing on disk), resuming a run found there, no listener. */
    public static RunOptions of(int steps, Path dir) {
        return new RunOptions(steps, dir, Resume.AUTO, RunListener.NONE, 0);
    }

    /** These options with a listener. */
    public RunOptions withListener(RunListener l) {
        return new RunOptions(steps, dir, resume, l, devLimit);
    }

    /** These options with a resume policy. */
    public RunOptions withResume(Resume r) {
        return new RunOptions(steps, dir, r, listener, devLimit);
    }

    /** These options measuring only the first {@code n} dev rows (0: all). */
    public RunOptions withDevLimit(int n) {
        return new RunOptions(steps, dir, resume, listener, n);
    }
}
