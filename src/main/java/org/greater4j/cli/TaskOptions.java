package org.greater4j.cli;

import java.nio.file.Path;
import org.greater4j.task.DataDir;
import org.greater4j.task.SplitSizes;
import org.greater4j.task.Task;
import org.greater4j.task.Tasks;
import picocli.CommandLine.Option;

/**
 * Which task and which of its rows ({@code @Mixin} of optimize, evaluate and compare), with one meaning of
 * {@code --train} and {@code --dev} everywhere: the first N rows of the task's own train and dev splits (the paper's
 * protocol on a shorter budget; test stays the task's test split). A {@code file:} task has no splits of its own:
 * there they cut the file (the first N rows train, the next M dev, the rest test; 50 and 100 by default).
 */
final class TaskOptions {
    @Option(names = "--task", paramLabel = "NAME",
            description = "Task name (see `greater tasks`), e.g. gsm8k, bbh/object_counting, folio, toy, or file:PATH.jsonl "
                    + "with {\"question\", \"answer\"} per line. Default: toy for the built-in toy models.")
    String task;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Dataset directory (default: $GREATER_DATA, else the first of ./datasets, the project's datasets/ and "
                    + "the shared folder's that holds data); fetch with datasets/fetch.sh.")
    Path data;

    @Option(names = "--train", paramLabel = "N",
            description = "Use the first N rows of the train split (0: all; a file: task: its first N rows are train, default 50).")
    Integer train;

    @Option(names = "--dev", paramLabel = "M",
            description = "Use the first M rows of the dev split (a file: task: the next M rows are dev, the rest test; default 100).")
    Integer dev;

    /** Loads the task {@code name} with these rows (before any model, so that a wrong name or missing data fails fast). */
    Task load(String name) {
        if (train != null && train < 0) throw new IllegalArgumentException("--train must be at least 0, got " + train);
        if (dev != null && dev < 0) throw new IllegalArgumentException("--dev must be at least 0, got " + dev);
        if (name.startsWith(Tasks.FILE_PREFIX)) {
            SplitSizes sizes = new SplitSizes(train != null ? train : SplitSizes.FILE_DEFAULT.train(),
                    dev != null ? dev : SplitSizes.FILE_DEFAULT.dev());
            return Tasks.load(name, null, sizes);
        }
        Task t = Tasks.load(name, DataDir.resolve(data));
        if (dev != null && dev == 0) t = new Task(t.name(), t.answerType(), t.train(), java.util.List.of(), t.test(), t.extractors(),
                t.inPaper(), t.source(), t.notes());
        return t.head(train == null ? 0 : train, dev == null ? 0 : dev, 0);
    }
}
