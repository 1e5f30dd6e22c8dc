package org.greater4j.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JSON and JSON Lines reading with file and line numbers in every error. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** One non-blank line of a JSONL file: its 1-based line number and its object. */
    record Line(long line, JsonNode node) {}

    private Json() {}

    /**
     * Reads a JSON Lines file: one JSON object per line; blank lines are skipped.
     *
     * @throws DatasetFormatException naming the file and line of a line that is not a JSON object
     */
    static List<Line> readLines(Path file) {
        List<Line> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String s;
            long n = 0;
            while ((s = r.readLine()) != null) {
                n++;
                if (n == 1 && s.startsWith("\uFEFF")) s = s.substring(1);
                if (s.isBlank()) continue;
                JsonNode node;
                try {
                    node = MAPPER.readTree(s);
                } catch (JsonProcessingException e) {
                    throw new DatasetFormatException(file, n, "not valid JSON (" + e.getOriginalMessage()
                            + ") in line '" + abbreviate(s) + "'; each line must be one JSON object", e);
                }
                if (node == null || !node.isObject()) {
                    throw new DatasetFormatException(file, n, "expected a JSON object, got '" + abbreviate(s)
                            + "'; each line must be one JSON object");
                }
                out.add(new Line(n, node));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Reads a whole JSON file.
     *
     * @throws DatasetFormatException naming the file, line and column of a syntax error
     */
    static JsonNode readTree(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String col = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new DatasetFormatException(file, line, "not valid JSON" + col + ": " + e.getOriginalMessage()
                    + "; the file is truncated or corrupt: fetch it again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
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
