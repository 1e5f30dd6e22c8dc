package org.greater4j.notebook;

import java.util.ArrayList;
import java.util.List;
import org.greater4j.task.EvaluationSummary;
import org.greater4j.task.PaperResults;

/**
 * Accuracies measured here beside the GReaTer paper's Table 1 for one benchmark ({@code gsm8k},
 * {@code bbh}, {@code folio}): the paper's six methods on Llama-3-8B-Instruct and Gemma-2-9B-it, then
 * this notebook's rows. An immutable value; {@link #with} returns a new one.
 *
 * @param benchmark the benchmark key of {@link PaperResults}
 * @param ours      the rows measured here
 */
public record PaperComparison(String benchmark, List<Row> ours) {

    /**
     * One accuracy measured here.
     *
     * @param label   what was measured, e.g. {@code GReaTer prompt, toy task (CI)}
     * @param summary the evaluation
     */
    public record Row(String label, EvaluationSummary summary) {}

    /** Copies the list; rejects an unknown benchmark. */
    public PaperComparison {
        if (!PaperResults.load().benchmarks().containsKey(benchmark)) {
            throw new IllegalArgumentException("unknown benchmark '" + benchmark + "'; use one of " + PaperResults.load().benchmarks().keySet());
        }
        ours = List.copyOf(ours);
    }

    /** The paper's numbers for a benchmark, nothing measured yet. */
    public static PaperComparison of(String benchmark) {
        return new PaperComparison(benchmark, List.of());
    }

    /** This table with one more measured row. */
    public PaperComparison with(String label, EvaluationSummary summary) {
        List<Row> r = new ArrayList<>(ours);
        r.add(new Row(label, summary));
        return new PaperComparison(benchmark, r);
    }

    /**
     * True when a row measured the paper's benchmark on its test split (for {@code bbh}, any {@code bbh/<task>}), so that
     * it may stand beside the paper's numbers; a run on another task (the toy task in CI) is shown apart.
     */
    public boolean comparable(Row r) {
        String task = r.summary().task();
        boolean same = task.equals(benchmark) || (benchmark.equals("bbh") && task.startsWith("bbh/"));
        return same && r.summary().split().equals("test");
    }

    /** A model's short name from an evaluation's model path: the folder or file name, a toy model by its name. */
    public static String modelName(String modelPath) {
        String name = java.nio.file.Path.of(modelPath).getFileName().toString();
        String folder = name.replaceFirst("-[0-9a-f]{12}$", "");
        for (String toy : org.greater4j.toy.ToyModels.names()) {
            if (org.greater4j.toy.ToyModels.folder(toy).equals(folder)) return toy;
        }
        return name;
    }
}
