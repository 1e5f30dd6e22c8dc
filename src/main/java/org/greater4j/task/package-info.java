/**
 * Tasks and their data: the GSM8K, BIG-Bench Hard and FOLIO loaders with the paper's splits,
 * {@link org.greater4j.task.Example}s, {@link org.greater4j.task.Task}s and the
 * {@link org.greater4j.task.Tasks} registry, {@link org.greater4j.task.AnswerType}s with their gold
 * normalization and {@link org.greater4j.task.AnswerParser}s, the official extractor texts per model
 * family ({@link org.greater4j.task.Extractors}, {@link org.greater4j.task.ExtractorStyle}), the
 * data directory ({@link org.greater4j.task.DataDir}) and the paper's published numbers
 * ({@link org.greater4j.task.PaperResults}), and the evaluation of a prompt with a model
 * ({@link org.greater4j.task.Evaluation}: greedy reasoning, the answer read by the extractor and the
 * model's greedy answer tokens and by parsing the reasoning, records and summaries with 95% Wilson
 * intervals, saved and resumable). Everything but {@code Evaluation} works without a language model.
 * See {@code docs/datasets.md} for the data's known defects and how each is handled.
 */
package org.greater4j.task;
