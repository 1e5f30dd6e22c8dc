package org.greater4j.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.greater4j.io.StrictJson;

/**
 * The checks every dataset loader applies to what it reads, before anything is tokenized: files are
 * strict UTF-8 and bounded in size; a question is non-blank and at most
 * {@link Example#MAX_QUESTION_CHARS} characters; a gold answer is non-blank and at most
 * {@link Example#MAX_ANSWER_CHARS}. Each failure is a {@link DatasetFormatException} naming the
 * file, the line, the value and the fix.
 */
final class Fields {
    /** Largest dataset file read: 256 MiB, 60 times the largest file of the paper's datasets (gsm8k/train.jsonl, 4 MB). */
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private Fields() {}

    /**
     * A whole file as text.
     *
     * @throws DatasetFormatException naming the line of the first byte that is not UTF-8, or a file over
     *     {@link #MAX_FILE_BYTES}
     */
    static String readUtf8(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new DatasetFormatException(file, 0, "is " + size + " bytes, more than a dataset file may be ("
                        + MAX_FILE_BYTES + "); split it, or check that it is the file you meant");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return StrictJson.utf8(bytes);
        } catch (StrictJson.Invalid e) {
            throw new DatasetFormatException(file, e.line(), "the file " + e.getMessage() + "; save it as UTF-8 (e.g. "
                    + "iconv -f latin1 -t utf-8)", e);
        }
    }

    /**
     * A question as read: non-blank, at most {@link Example#MAX_QUESTION_CHARS} characters.
     *
     * @param where the record and field, e.g. {@code "task record \"question\""}
     * @return {@code q}
     */
    static String question(Path file, long line, String where, String q) {
        if (q.isBlank()) {
            throw new DatasetFormatException(file, line, where + " is empty; every record needs a question");
        }
        if (q.length() > Example.MAX_QUESTION_CHARS) {
            throw new DatasetFormatException(file, line, where + " is " + q.length() + " characters, more than the limit of "
                    + Example.MAX_QUESTION_CHARS + " ('" + Json.abbreviate(q) + "'); a question that long is a corrupt "
                    + "record: shorten or remove it");
        }
        return q;
    }

    /**
     * A gold answer as read: non-blank, at most {@link Example#MAX_ANSWER_CHARS} characters.
     *
     * @param where the record and field, e.g. {@code "task record \"answer\""}
     * @return {@code a}
     */
    static String answer(Path file, long line, String where, String a) {
        if (a.isBlank()) {
            throw new DatasetFormatException(file, line, where + " is empty ('" + Json.abbreviate(a) + "'); every record needs a gold "
                    + "answer: fill it in or remove the record");
        }
        if (a.length() > Example.MAX_ANSWER_CHARS) {
            throw new DatasetFormatException(file, line, where + " is " + a.length() + " characters, more than the limit of "
                    + Example.MAX_ANSWER_CHARS + " ('" + Json.abbreviate(a) + "'); a gold answer is a short value: "
                    + "check the record");
        }
        return a;
    }
}
