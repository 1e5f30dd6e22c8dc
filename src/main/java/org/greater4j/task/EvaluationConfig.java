package org.greater4j.task;

/**
 * How a prompt is evaluated: which rows, how much the model may write, and which extractor follows
 * the reasoning. Every default is here ({@link #defaults()}); values are checked in the constructor.
 * Immutable; change one knob with a {@code withX} method or build one with {@link #builder()}.
 *
 * @param split           which split of the task is evaluated ({@link Split#TEST} by default)
 * @param limit           evaluate only the first {@code limit} rows of the split; 0 means all rows
 * @param maxNewTokens    reasoning tokens per example at most (the paper's 1024); the model's context
 *                        also caps it
 * @param batchSize       examples generated together (results do not depend on it: decoding is greedy)
 * @param maxAnswerTokens answer tokens decoded after the extractor at most (method (a)); 16 by default
 * @param extractor       the extractor text appended after the reasoning, or null for the task's text for
 *                        the model's family ({@link Task#extractor(ExtractorStyle)}); {@code ""} for none
 */
public record EvaluationConfig(Split split, int limit, int maxNewTokens, int batchSize, int maxAnswerTokens,
                               String extractor) {

    /** The paper's reasoning length: 1024 new tokens. */
    public static final int PAPER_MAX_NEW_TOKENS = 1024;

    /** Checks every value, naming the knob to change. */
    public EvaluationConfig {
        if (split == null) throw new IllegalArgumentException("split must be train, dev or test, not null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be at least 1 (or 0 for all rows), got " + limit
                    + "; set --limit N to evaluate the first N rows");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be at least 1, got " + maxNewTokens
                    + "; set --max-new-tokens N");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize + "; set --batch-size N");
        }
        if (maxAnswerTokens < 1) {
            throw new IllegalArgumentException("maxAnswerTokens must be at least 1, got " + maxAnswerTokens);
        }
    }

    /** Test split, all rows, 1024 reasoning tokens, batches of 8, 16 answer tokens, the task's extractor. */
    public static EvaluationConfig defaults() {
        return new EvaluationConfig(Split.TEST, 0, PAPER_MAX_NEW_TOKENS, 8, 16, null);
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return this config on another split */
    public EvaluationConfig withSplit(Split s) {
        return new EvaluationConfig(s, limit, maxNewTokens, batchSize, maxAnswerTokens, extractor);
    }

    /** @return this config on the first {@code n} rows (0: all) */
    public EvaluationConfig withLimit(int n) {
        return new EvaluationConfig(split, n, maxNewTokens, batchSize, maxAnswerTokens, extractor);
    }

    /** @return this config with another reasoning length */
    public EvaluationConfig withMaxNewTokens(int n) {
        return new EvaluationConfig(split, limit, n, batchSize, maxAnswerTokens, extractor);
    }

    /** @return this config with another batch size */
    public EvaluationConfig withBatchSize(int n) {
        return new EvaluationConfig(split, limit, maxNewTokens, n, maxAnswerTokens, extractor);
    }

    /** @return this config with another answer length */
    public EvaluationConfig withMaxAnswerTokens(int n) {
        return new EvaluationConfig(split, limit, maxNewTokens, batchSize, n, extractor);
    }

    /** @return this config with an extractor text (null: the task's for the model's family; "" for none) */
    public EvaluationConfig withExtractor(String text) {
        return new EvaluationConfig(split, limit, maxNewTokens, batchSize, maxAnswerTokens, text);
    }

    /** Builds an {@link EvaluationConfig}; every field starts at its default. Not thread-safe. */
    public static final class Builder {
        private EvaluationConfig c;

        private Builder(EvaluationConfig start) {
            c = start;
        }

        /** @return this builder, with {@link EvaluationConfig#split()} set */
        public Builder split(Split s) {
            c = c.withSplit(s);
            return this;
        }

        /** @return this builder, with {@link EvaluationConfig#limit()} set */
        public Builder limit(int n) {
            c = c.withLimit(n);
            return this;
        }

        /** @return this builder, with {@link EvaluationConfig#maxNewTokens()} set */
        public Builder maxNewTokens(int n) {
            c = c.withMaxNewTokens(n);
            return this;
        }

        /** @return this builder, with {@link EvaluationConfig#batchSize()} set */
        public Builder batchSize(int n) {
            c = c.withBatchSize(n);
            return this;
        }

        /** @return this builder, with {@link EvaluationConfig#maxAnswerTokens()} set */
        public Builder maxAnswerTokens(int n) {
            c = c.withMaxAnswerTokens(n);
            return this;
        }

        /** @return this builder, with {@link EvaluationConfig#extractor()} set */
        public Builder extractor(String text) {
            c = c.withExtractor(text);
            return this;
        }

        /** @return the config */
        public EvaluationConfig build() {
            return c;
        }
    }
}
