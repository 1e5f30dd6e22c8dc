package org.greater4j.task;

import java.util.List;

/**
 * An evaluation's outcome: its summary and one record per example, in index order. Immutable.
 *
 * @param summary the accuracies and counts
 * @param records every example's record, sorted by {@link EvaluationRecord#index()}
 */
public record EvaluationResult(EvaluationSummary summary, List<EvaluationRecord> records) {
    /** Copies the list. */
    public EvaluationResult {
        records = List.copyOf(records);
    }
}
