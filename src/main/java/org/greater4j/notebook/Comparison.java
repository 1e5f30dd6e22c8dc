package org.greater4j.notebook;

import java.util.ArrayList;
import java.util.List;
import org.greater4j.task.EvaluationSummary;

/**
 * Prompts evaluated on models: the paper's transfer table (Table 3), for any prompts and models.
 * Row i is a prompt (with the model that optimized it), column j a model it was evaluated on, and
 * the cell that evaluation's summary. Renders as a table and a heat map ({@link Plots#transfer}). An
 * immutable value.
 *
 * @param task    the task the prompts were evaluated on
 * @param prompts the prompts (rows)
 * @param models  the models' names (columns)
 * @param results results.get(i).get(j): prompt i on model j
 */
public record Comparison(String task, List<Source> prompts, List<String> models, List<List<EvaluationSummary>> results) {

    /**
     * A prompt and where it comes from.
     *
     * @param label       a short name for the row, e.g. {@code GReaTer (stories260K)}
     * @param prompt      the prompt text
     * @param optimizedBy the model that optimized it (empty for a hand-written prompt)
     */
    public record Source(String label, String prompt, String optimizedBy) {}

    /** Checks the grid's shape and copies it. */
    public Comparison {
        prompts = List.copyOf(prompts);
        models = List.copyOf(models);
        if (results.size() != prompts.size()) {
            throw new IllegalArgumentException(results.size() + " result rows for " + prompts.size() + " prompts");
        }
        List<List<EvaluationSummary>> copy = new ArrayList<>();
        for (List<EvaluationSummary> row : results) {
            if (row.size() != models.size()) throw new IllegalArgumentException("a result row of " + row.size() + " cells for " + models.size() + " models");
            copy.add(List.copyOf(row));
        }
        results = List.copyOf(copy);
    }

    /** Accuracy (method (a), extractor + greedy answer) of prompt i on model j, as a fraction. */
    public double accuracy(int prompt, int model) {
        return results.get(prompt).get(model).accuracy();
    }

    /** The accuracy of prompt i on the model that optimized it (NaN when that model is not a column). */
    public double ownAccuracy(int prompt) {
        int j = models.indexOf(prompts.get(prompt).optimizedBy());
        return j < 0 ? Double.NaN : accuracy(prompt, j);
    }

    /** Starts a comparison of prompts on models. */
    public static Builder builder(String task, List<String> models) {
        return new Builder(task, models);
    }

    /** Collects rows one prompt at a time. Not thread-safe. */
    public static final class Builder {
        private final String task;
        private final List<String> models;
        private final List<Source> prompts = new ArrayList<>();
        private final List<List<EvaluationSummary>> rows = new ArrayList<>();

        private Builder(String task, List<String> models) {
            this.task = task;
            this.models = List.copyOf(models);
        }

        /** Adds a prompt's row: its summaries on the models, in column order. */
        public Builder add(Source prompt, List<EvaluationSummary> onModels) {
            prompts.add(prompt);
            rows.add(onModels);
            return this;
        }

        /** The comparison. */
        public Comparison build() {
            return new Comparison(task, prompts, models, rows);
        }
    }
}
