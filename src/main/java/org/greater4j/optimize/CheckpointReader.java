package org.greater4j.optimize;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads {@code checkpoint.json} in three stages, each with an error that names the file, the place in it and what
 * is wrong (never a parser's or a constructor's internals): the JSON itself (line and column), the shape of its top
 * level, then every value (the path of the one that is wrong). {@link Checkpoint#read} then checks its consistency.
 */
final class CheckpointReader {
    private CheckpointReader() {}

    static Checkpoint read(Path file) {
        JsonNode tree;
        try {
            tree = Checkpoint.JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw bad(file, "is not valid JSON (" + where(e.getLocation()) + firstLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw bad(file, "cannot be read (" + firstLine(e.getMessage()) + ")");
        }
        if (tree == null || !tree.isObject()) throw bad(file, "is not a JSON object");
        need(file, tree, "format", n -> n.isIntegralNumber() && n.canConvertToInt(), "an integer");
        need(file, tree, "identity", CheckpointReader::textMap, "an object of texts");
        need(file, tree, "nextStep", n -> n.isIntegralNumber() && n.canConvertToInt(), "an integer");
        need(file, tree, "state", JsonNode::isObject, "an object");
        need(file, tree, "steps", JsonNode::isArray, "a list");
        need(file, tree, "best", JsonNode::isArray, "a list");
        if (tree.has("reuse") && !tree.get("reuse").isNull() && !tree.get("reuse").isObject()) {
            throw bad(file, "has \"reuse\" = " + brief(tree.get("reuse")) + " (allowed: an object or null)");
        }
        try {
            return Checkpoint.JSON.treeToValue(tree, Checkpoint.class);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof IllegalArgumentException && cause.getMessage() != null ? ": " + firstLine(cause.getMessage())
                    : cause instanceof NullPointerException ? ": a value is missing" : ": a value of the wrong kind";
            throw bad(file, "holds a malformed " + path(e) + why);
        } catch (JsonProcessingException | RuntimeException e) {
            throw bad(file, "holds a malformed value");
        }
    }

    private static void need(Path file, JsonNode tree, String key, Predicate<JsonNode> ok, String allowed) {
        JsonNode n = tree.get(key);
        if (n == null || n.isNull()) throw bad(file, "lacks \"" + key + "\" (" + allowed + ")");
        if (!ok.test(n)) throw bad(file, "has \"" + key + "\" = " + brief(n) + " (allowed: " + allowed + ")");
    }

    private static boolean textMap(JsonNode n) {
        if (!n.isObject()) return false;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) if (!it.next().getValue().isTextual()) return false;
        return true;
    }

    /** The JSON path of a mapping error, e.g. {@code steps[1].state.ids}. */
    static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.length() == 0 ? "value" : "\"" + b + "\"";
    }

    private static String where(JsonLocation l) {
        return l == null || l.getLineNr() < 0 ? "" : "line " + l.getLineNr() + ", column " + l.getColumnNr() + ": ";
    }

    /** The first line of a message, without the parser's own location (given separately). */
    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        int marker = line.indexOf(" (start marker at");
        return marker < 0 ? line : line.substring(0, marker);
    }

    private static String brief(JsonNode n) {
        String s = n.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException(file + " " + what + "; delete it to start over, or pass another --out");
    }
}
