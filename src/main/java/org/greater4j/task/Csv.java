package org.greater4j.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader for the CSV and TSV files of the GReaTer splits.
 *
 * <p>Rules: records end at LF or CRLF outside quotes; a field that starts with {@code "} is quoted
 * and may hold delimiters, line breaks and doubled quotes ({@code ""} = one {@code "}); after its
 * closing quote only a delimiter or the end of the record may follow. Like Python's {@code csv} and
 * pandas, a quote inside an unquoted field is kept as a literal character. A UTF-8 byte-order mark
 * is skipped. Every record remembers the 1-based line on which it starts, so that errors can name it.
 */
final class Csv {

    /** One record: the 1-based line it starts on and its fields, in order. */
    record Row(long line, List<String> fields) {
        Row {
            fields = List.copyOf(fields);
        }
    }

    private Csv() {}

    /**
     * Reads a whole file as UTF-8.
     *
     * @param file      the file; its name is used in error messages
     * @param delimiter {@code ','} for CSV, {@code '\t'} for TSV
     * @return every record including the header, in file order
     * @throws DatasetFormatException on bytes that are not UTF-8, an unterminated quoted field or text after a
     *     closing quote
     */
    static List<Row> read(Path file, char delimiter) {
        return parse(Fields.readUtf8(file), delimiter, file);
    }

    /**
     * Parses CSV text.
     *
     * @param text      the whole text
     * @param delimiter the field delimiter
     * @param file      the file name used in error messages (may be null)
     * @return every record, in order; a trailing line break does not make an empty record
     */
    static List<Row> parse(String text, char delimiter, Path file) {
        List<Row> rows = new ArrayList<>();
        int n = text.length();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        long line = 1;
        while (i < n) {
            long start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean endOfRecord = false;
            while (!endOfRecord) {
                field.setLength(0);
                if (i < n && text.charAt(i) == '"') {
                    // quoted field
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new DatasetFormatException(file, start,
                                    "unterminated quoted field (a '\"' opened on this line is never closed); "
                                            + "the file is truncated or not valid CSV: fetch it again");
                        }
                        char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                            } else {
                                i++;
                                break;
                            }
                        } else {
                            if (c == '\n') line++;
                            field.append(c);
                            i++;
                        }
                    }
                    if (i < n && text.charAt(i) != delimiter && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        throw new DatasetFormatException(file, line,
                                "unexpected character '" + text.charAt(i) + "' after the closing quote of field "
                                        + (fields.size() + 1) + " (record starting on line " + start
                                        + "); a quote inside a quoted field must be doubled");
                    }
                } else {
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == delimiter || c == '\n' || c == '\r') break;
                        field.append(c);
                        i++;
                    }
                }
                fields.add(field.toString());
                if (i >= n) {
                    endOfRecord = true;
                } else {
                    char c = text.charAt(i);
                    if (c == delimiter) {
                        i++;
                    } else {
                        // line break: CRLF or LF (a lone CR also ends the record)
                        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
                        i++;
                        line++;
                        endOfRecord = true;
                    }
                }
            }
            rows.add(new Row(start, fields));
        }
        return rows;
    }
}
