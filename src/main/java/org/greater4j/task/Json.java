package org.greater4j.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.greater4j.io.StrictJson;

/** JSON and JSON Lines reading, strict (UTF-8, no repeated key, one value), with file and line numbers in every error. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** One non-blank line of a JSONL file: its 1-based line number and its object. */
    record Line(long line, JsonNode node) {}

    private Json() {}

    /**
     * Reads a JSON Lines file: one JSON object per line, nothing after it; blank lines are skipped; the
     * bytes must be UTF-8; no object may repeat a key.
     *
     * @throws DatasetFormatException naming the file and line of a line that is not one JSON object,
     *     of a byte that is not UTF-8, or of a repeated key
     */
    static List<Line> readLines(Path file) {
        String text = Fields.readUtf8(file);
        List<Line> out = new ArrayList<>();
        long n = 0;
        int i = 0;
        while (i < text.length()) {
            int nl = text.indexOf('\n', i);
            int endOfLine = nl < 0 ? text.length() : nl;
            String s = text.substring(i, endOfLine);
            i = endOfLine + 1;
            n++;
            if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
            if (n == 1 && s.startsWith("\uFEFF")) s = s.substring(1);
            if (s.isBlank()) continue;
            JsonNode node;
            try {
                node = StrictJson.parse(s);
            } catch (StrictJson.Invalid e) {
                String what = e.getMessage().replace("after its JSON value", "after the first JSON value")
                        .replace(" at line 1, column ", " at column ").replaceFirst("^is ", "");
                throw new DatasetFormatException(file, n, what + " in line '" + abbreviate(s)
                        + "'; each line must be one JSON object", e);
            }
            if (node == null || !node.isObject()) {
                throw new DatasetFormatException(file, n, "expected a JSON object, got '" + abbreviate(s)
                        + "'; each line must be one JSON object");
            }
            out.add(new Line(n, node));
        }
        return out;
    }

    /**
     * Reads a whole JSON file (strict: UTF-8, no repeated key, nothing after the value).
     *
     * @throws DatasetFormatException naming the file, line and column of a syntax error
     */
    static JsonNode readTree(Path file) {
        String text = Fields.readUtf8(file);
        try {
            return StrictJson.parse(text);
        } catch (StrictJson.Invalid e) {
            throw new DatasetFormatException(file, e.line(), e.getMessage().replaceFirst("^is ", "")
                    + "; the file is truncated or corrupt: fetch it again", e);
        }
    }

    /**
     * A required text field; numbers and booleans are taken as their text.
     *
     * @throws DatasetFormatException naming the file, line and field when it is missing or not a scalar
     */
    static String text(JsonNode obj, String field, Path file, long line, String where) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            throw new DatasetFormatException(file, line, where + " has no text field \"" + field + "\" (got "
                    + (v == null ? "nothing" : abbreviate(v.toString())) + "); every record needs \"" + field + "\"");
        }
        return v.asText();
    }

    static String abbreviate(String s) {
        String t = s.replace("\n", "\\n");
        return t.length() <= 80 ? t : t.substring(0, 77) + "...";
    }
}
