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
    @picocli.CommandLine.Mixin
    TaskOptions tasks = new TaskOptions();

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "train, dev or test. Default: ${DEFAULT-VALUE}.")
    String split = "test";

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N rows of the split.")
    Integer limit;

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

    /** The {@code --task} given, or null. */
    String task() {
        return tasks.task;
    }

    /** Loads the task {@code name} with the rows {@link TaskOptions} chooses (before any model, so that errors come fast). */
    Task loadTask(String name) {
        return tasks.load(name);
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
