package org.greater4j.sweep;

/** Runs a grid's cells: in this process, in worker processes ({@link LocalExecutor}) or on Spark ({@code spark.SparkSweep}). */
public interface SweepExecutor {
    /**
     * Runs every unfinished cell of {@code grid} with its files in {@code out} (an interrupted cell resumes, a finished
     * one is not run again), then, when the grid asks for it, every final prompt on the other models.
     *
     * @param grid     the grid (also in {@code out}'s {@code grid.json})
     * @param out      where the sweep's files are: a folder every worker reaches, or (Spark) a Hadoop filesystem URI
     * @param progress progress of the cells run in this process
     * @throws IllegalArgumentException when this executor cannot write to {@code out} (the local one needs a folder)
     */
    void execute(Grid grid, SweepStore out, CellRunner.Progress progress);
}
