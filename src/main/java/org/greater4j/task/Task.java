package org.greater4j.task;

import java.util.ArrayList;
import java.util.List;

/**
 * A task: its examples in three splits, its answer type and its extractor texts. An immutable value;
 * the lists are unmodifiable. Built by {@link Tasks}; a later issue can build its own (e.g. a toy
 * task) with the canonical constructor or {@link #cut} and {@link Tasks#register}.
 *
 * @param name       registry name, e.g. {@code gsm8k}, {@code bbh/object_counting}, {@code file:my.jsonl}
 * @param answerType how answers are normalized, parsed and compared
 * @param train      examples the prompt is optimized on
 * @param dev        examples used to select a prompt
 * @param test       examples accuracy is reported on
 * @param extractors the extractor texts per model family
 * @param inPaper    true for the 23 benchmarks of the GReaTer paper (GSM8K, FOLIO, the 21 BBH tasks)
 * @param source     where the examples come from (files and split rule), for display
 * @param notes      known defects of the data and how they are handled (empty when none)
 */
public record Task(String name, AnswerType answerType, List<Example> train, List<Example> dev, List<Example> test,
                   Extractors extractors, boolean inPaper, String source, List<String> notes) {

    /** Copies the lists. */
    public Task {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a task needs a non-blank name");
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
        notes = List.copyOf(notes);
    }

    /**
     * Cuts an ordered list of examples with Python slice semantics, as the official code and TextGrad
     * do: {@code [0:train]}, {@code [train:train+dev]}, {@code [train+dev:]}; a list that is too short
     * gives shorter (possibly empty) dev and test splits (BBH penguins_in_a_table: 50 / 96 / 0).
     *
     * @param name       the task name
     * @param answerType the answer type
     * @param examples   all examples, in order
     * @param sizes      train and dev sizes; the rest is test
     * @param extractors the extractor texts
     * @param inPaper    whether the paper evaluates this task
     * @param source     where the examples come from
     * @param notes      known defects
     * @return the task
     */
    public static Task cut(String name, AnswerType answerType, List<Example> examples, SplitSizes sizes,
                           Extractors extractors, boolean inPaper, String source, List<String> notes) {
        int n = examples.size();
        int a = Math.min(sizes.train(), n);
        int b = Math.min(sizes.needed(), n);
        return new Task(name, answerType, examples.subList(0, a), examples.subList(a, b), examples.subList(b, n),
                extractors, inPaper, source, notes);
    }

    /**
     * @param split which split
     * @return its examples
     */
    public List<Example> split(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /**
     * The extractor text for a model family (see {@link ExtractorStyle#forFamily(String)}).
     *
     * @param style the family's style
     * @return the text appended after the reasoning, before the answer
     */
    public String extractor(ExtractorStyle style) {
        return extractors.text(style);
    }

    /** @return train, dev and test concatenated, in that order */
    public List<Example> all() {
        List<Example> all = new ArrayList<>(size());
        all.addAll(train);
        all.addAll(dev);
        all.addAll(test);
        return List.copyOf(all);
    }

    /** @return the number of examples over all splits */
    public int size() {
        return train.size() + dev.size() + test.size();
    }

    /**
     * Re-cuts the task: all examples (train, dev, test in order) give the first {@code sizes.train()}
     * to train, the next {@code sizes.dev()} to dev, the rest to test.
     *
     * @param sizes the new sizes
     * @return a new task with the same name
     * @throws IllegalArgumentException when the task has fewer than {@code train + dev} examples,
     *     naming the sizes and the count
     */
    public Task resplit(SplitSizes sizes) {
        if (sizes.needed() > size()) {
            throw new IllegalArgumentException("task " + name + " has " + size() + " examples, fewer than --train "
                    + sizes.train() + " + --dev " + sizes.dev() + " = " + sizes.needed() + "; lower --train or --dev");
        }
        return cut(name, answerType, all(), sizes, extractors, inPaper,
                source + "; re-cut " + sizes.train() + "/" + sizes.dev() + "/rest", notes);
    }

    /**
     * The first rows of each split: {@code train}, {@code dev} and {@code test} rows (0, or more than a split has:
     * the whole split). The paper's protocol on a shorter budget; the splits keep their meaning.
     *
     * @return a new task with the same name
     * @throws IllegalArgumentException for a negative count
     */
    public Task head(int train, int dev, int test) {
        if (train < 0 || dev < 0 || test < 0) {
            throw new IllegalArgumentException("split sizes must be >= 0 (0: the whole split), got " + train + "/" + dev + "/" + test);
        }
        return new Task(name, answerType, first(this.train, train), first(this.dev, dev), first(this.test, test), extractors, inPaper,
                source, notes);
    }

    private static List<Example> first(List<Example> rows, int n) {
        return n <= 0 || n >= rows.size() ? rows : rows.subList(0, n);
    }

    /**
     * A task of one's own: examples already split, with one answer type and one extractor for every family.
     *
     * @return a task that is not in the paper
     */
    public static Task of(String name, AnswerType answerType, List<Example> train, List<Example> dev, List<Example> test,
                          String extractor) {
        return new Task(name, answerType, train, dev, test, Extractors.same(extractor), false, "given in code", List.of());
    }

    /**
     * @param newExtractors other extractor texts (e.g. to try the BBH integer extractor on GSM8K)
     * @return a copy of this task with them
     */
    public Task withExtractors(Extractors newExtractors) {
        return new Task(name, answerType, train, dev, test, newExtractors, inPaper, source, notes);
    }

    /** @return e.g. {@code bbh/object_counting: 50/100/100, integer} */
    @Override
    public String toString() {
        return name + ": " + train.size() + "/" + dev.size() + "/" + test.size() + ", " + answerType.label();
    }
}
