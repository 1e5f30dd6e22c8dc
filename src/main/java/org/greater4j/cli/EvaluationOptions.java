package org.greater4j.cli;

import java.nio.file.Path;
import org.greater4j.task.DataDir;
import org.greater4j.task.EvaluationConfig;
import org.greater4j.task.Split;
import org.greater4j.task.SplitSizes;
import org.greater4j.task.Task;
import org.greater4j.task.Tasks;
import org.greater4j.text.LayoutSettings;
import picocli.CommandLine.Option;

/**
 * What {@code evaluate} and {@code compare} share ({@code @Mixin}): the task and its rows, the layout
 * separator, the extractor, and the generation limits.
 */
final class EvaluationOptions {
    @Option(names = "--task", paramLabel = "NAME",
            description = "Task name (see `greater tasks`), e.g. gsm8k, bbh/object_counting, folio, toy, or file:PATH.jsonl "
                    + "with {\"question\", \"answer\"} per line. Default: toy for the built-in toy models.")
    String task;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "train, dev or test. Default: ${DEFAULT-VALUE}.")
    String split = "test";

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N rows of the split.")
    Integer limit;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Dataset directory (default: $GREATER_DATA, else ./datasets); fetch with datasets/fetch.sh.")
    Path data;

    @Option(names = "--train", paramLabel = "N",
            description = "Re-cut the task: the first N rows are train (file: tasks default to 50; with --dev alone, 50).")
    Integer train;

    @Option(names = "--dev", paramLabel = "M",
            description = "Re-cut the task: the next M rows are dev, the rest test (file: tasks default to 100; with "
                    + "--train alone, 100).")
    Integer dev;

    @Option(names = "--separator", paramLabel = "TEXT",
            description = "What joins question and prompt; may be empty. Default: \". Use \" (the paper's).")
    String separator = LayoutSettings.PAPER_SEPARATOR;

    @Option(names = "--extractor", paramLabel = "TEXT",
            description = "Extractor text after the reasoning (default: the task's for the model's family); \"\" for none.")
    String extractor;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "1024",
            description = "Reasoning tokens per example at most (the model's context also caps it). Default: ${DEFAULT-VALUE}.")
    int maxNewTokens = 1024;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8",
            description = "Examples generated together (results do not depend on it). Default: ${DEFAULT-VALUE}.")
    int batchSize = 8;

    /**
     * Loads the task {@code name} (before any model, so that a wrong name or missing data fails fast);
     * the caller resolves a missing {@code --task} ({@link ModelOptions#task}).
     */
    Task loadTask(String name) {
        SplitSizes sizes = train == null && dev == null ? null
                : new SplitSizes(train != null ? train : SplitSizes.FILE_DEFAULT.train(),
                        dev != null ? dev : SplitSizes.FILE_DEFAULT.dev());
        return Tasks.load(name, DataDir.resolve(data), sizes);
    }

    /** The evaluation config these options give (checked: call it before loading anything). */
    EvaluationConfig config() {
        if (limit != null && limit <= 0) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit + "; leave it out to evaluate "
                    + "every row of the split");
        }
        return EvaluationConfig.builder().split(Split.parse(split)).limit(limit == null ? 0 : limit)
                .maxNewTokens(maxNewTokens).batchSize(batchSize).extractor(extractor).build();
    }
}
