package org.greater4j.sweep;

import java.nio.file.Path;

/** Runs a grid's cells: in this process, in worker processes ({@link LocalExecutor}) or on Spark ({@code spark.SparkSweep}). */
public interface SweepExecutor {
    /**
     * Runs every unfinished cell of {@code grid} with its files under {@code out} (an interrupted cell resumes, a finished
     * one is not run again), then, when the grid asks for it, every final prompt on the other models.
     *
     * @param grid     the grid (also in {@code out/grid.json})
     * @param out      the sweep's folder, reachable by every worker
     * @param progress progress of the cells run in this process
     */
    void execute(Grid grid, Path out, CellRunner.Progress progress);
}
