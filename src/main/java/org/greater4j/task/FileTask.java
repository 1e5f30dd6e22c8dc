package org.greater4j.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code file:<path.jsonl>} tasks: one JSON object per line with text fields {@code question} and
 * {@code answer}; the first {@code train} rows are train, the next {@code dev} are dev, the rest test.
 */
final class FileTask {

    private FileTask() {}

    static Task load(Path file, SplitSizes sizes, AnswerType typeOrNull) {
        if (Files.isDirectory(file)) {
            throw new DatasetFormatException(file, 0, "is a directory; a file: task names a JSON Lines file with "
                    + "{\"question\": ..., \"answer\": ...} per line");
        }
        if (!Files.isRegularFile(file)) {
            throw new DatasetMissingException(file, null, "task file not found: " + file.toAbsolutePath()
                    + "; a file: task names a JSON Lines file with {\"question\": ..., \"answer\": ...} per line");
        }
        List<Json.Line> lines = Json.readLines(file);
        if (lines.isEmpty()) {
            throw new DatasetFormatException(file, 0, "no examples: a file: task needs one "
                    + "{\"question\": ..., \"answer\": ...} object per line");
        }
        List<String> questions = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (Json.Line l : lines) {
            String q = Json.text(l.node(), "question", file, l.line(), "task record");
            String a = Json.text(l.node(), "answer", file, l.line(), "task record");
            questions.add(Fields.question(file, l.line(), "task record \"question\"", q));
            answers.add(Fields.answer(file, l.line(), "task record \"answer\"", a).strip());
        }
        if (sizes.needed() > lines.size()) {
            throw new DatasetFormatException(file, 0, "has " + lines.size() + " examples, fewer than --train "
                    + sizes.train() + " + --dev " + sizes.dev() + " = " + sizes.needed() + "; lower --train or --dev");
        }
        AnswerType type = typeOrNull != null ? typeOrNull : AnswerType.infer(answers);
        String name = file.getFileName().toString();
        List<Example> examples = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            examples.add(new Example(name + "#" + i, i, questions.get(i), answers.get(i), type.normalize(answers.get(i))));
        }
        Extractors ex = Extractors.forType(type, "derived from the answer type (" + type.label()
                + "); file: tasks have no official text");
        return Task.cut("file:" + file, type, examples, sizes, ex, false,
                file + " (first " + sizes.train() + " train, next " + sizes.dev() + " dev, rest test)", List.of());
    }
}
