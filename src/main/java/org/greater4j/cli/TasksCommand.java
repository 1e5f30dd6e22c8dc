package org.greater4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.greater4j.task.DataDir;
import org.greater4j.task.DatasetMissingException;
import org.greater4j.task.Task;
import org.greater4j.task.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code greater tasks [--data DIR] [--json]}: every registered task with its split sizes and answer
 * type, on stdout. Tasks whose dataset is not fetched are skipped with one warning per missing
 * dataset group on stderr; when none can be loaded the command fails with the fetch instructions.
 */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "List every task with its train/dev/test sizes and answer type.")
public final class TasksCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Dataset directory (default: $GREATER_DATA, else ./datasets); fetch with datasets/fetch.sh.")
    Path data;

    @Option(names = "--json", description = "Print a JSON list of {name, train, dev, test, answerType, inPaper}.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** One listed task. */
    record Row(String name, int train, int dev, int test, String answerType, boolean inPaper) {}

    @Override
    public Integer call() throws Exception {
        DataDir dir = DataDir.resolve(data);
        List<Row> rows = new ArrayList<>();
        Map<String, List<String>> missingByGroup = new LinkedHashMap<>();
        Map<String, DatasetMissingException> firstByGroup = new LinkedHashMap<>();
        for (String name : Tasks.names()) {
            try {
                Task t = Tasks.load(name, dir);
                rows.add(new Row(t.name(), t.train().size(), t.dev().size(), t.test().size(), t.answerType().label(),
                        t.inPaper()));
            } catch (DatasetMissingException e) {
                String group = e.group() == null ? name : e.group();
                missingByGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(name);
                firstByGroup.putIfAbsent(group, e);
            }
        }
        if (rows.isEmpty() && !firstByGroup.isEmpty()) {
            throw new DatasetMissingException(dir.root(), null, "no datasets in " + dir.root() + " (chosen by "
                    + dir.origin() + "): fetch them with `" + DataDir.FETCH_HINT + " --dest " + dir.root()
                    + "` from the greater4j repository, or point --data or " + DataDir.ENV
                    + " at a directory with that layout (see datasets/README.md)");
        }
        PrintWriter err = spec.commandLine().getErr();
        missingByGroup.forEach((group, names) -> err.println("warning: skipped " + names.size() + " task(s) "
                + abbreviate(names) + ": " + firstByGroup.get(group).getMessage()));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(rows));
        } else {
            int w = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(4));
            out.printf("%-" + w + "s %6s %6s %6s  %-5s  %s%n", "task", "train", "dev", "test", "paper", "answer type");
            for (Row r : rows) {
                out.printf("%-" + w + "s %6d %6d %6d  %-5s  %s%n", r.name(), r.train(), r.dev(), r.test(),
                        r.inPaper() ? "yes" : "", r.answerType());
            }
            out.println("data: " + dir.root() + " (" + dir.origin() + "); also file:<path.jsonl> with "
                    + "{\"question\", \"answer\"} per line");
        }
        out.flush();
        return 0;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 3 ? String.join(", ", names) : names.get(0) + ", ... " + names.get(names.size() - 1);
    }
}
