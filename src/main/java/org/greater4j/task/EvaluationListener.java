package org.greater4j.task;

/**
 * Progress of an {@link Evaluation}: called once for every example evaluated in this run (examples
 * read back from an earlier, interrupted run are not reported again), on the calling thread, in
 * index order within a batch.
 */
@FunctionalInterface
public interface EvaluationListener {
    /** Reports nothing. */
    EvaluationListener NONE = (record, done, total) -> {};

    /**
     * One more example is evaluated (and, when the evaluation is saved, written).
     *
     * @param record its record
     * @param done   examples with a record so far, resumed ones included
     * @param total  examples in the evaluation
     */
    void onRecord(EvaluationRecord record, int done, int total);

    /**
     * A reasoning token was generated (for live display; does nothing unless overridden).
     *
     * @param index the example's index in the evaluated rows
     * @param id    the token id
     */
    default void onToken(int index, int id) {}
}
