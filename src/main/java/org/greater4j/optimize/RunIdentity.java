package org.greater4j.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.greater4j.task.Example;

/**
 * What makes two runs the same run, as an ordered map of named settings: the model's fingerprint, its tokenizer,
 * the chat format (and its date when the format uses one), the task and a digest of its rows, the extractor, and
 * every knob of the config on its own line ({@code config.topk}, ...), so that a refused resume names the knob that
 * differs. The number of steps is not part of it: a run may be extended.
 */
public final class RunIdentity {
    private RunIdentity() {}

    /** The identity of a run of {@code g}. */
    public static Map<String, String> of(Greater g) {
        Map<String, String> id = new LinkedHashMap<>();
        var m = g.model();
        var layout = g.protocol().layout();
        id.put("model", m.fingerprint());
        id.put("tokenizer", m.requireTokenizer().source().getFileName() + " (" + m.requireTokenizer().vocabSize() + " tokens)");
        id.put("chatFormat", layout.format().name());
        if (g.protocol().dateUsed() != null) id.put("date", g.protocol().dateUsed().toString());
        id.put("separator", layout.settings().separator());
        if (layout.settings().reasoningSeparator() != null) id.put("reasoningSeparator", layout.settings().reasoningSeparator());
        if (layout.settings().systemMessage() != null) id.put("systemMessage", layout.settings().systemMessage());
        if (!layout.settings().templateVariables().isEmpty()) id.put("templateVariables", layout.settings().templateVariables().toString());
        if (layout.format().template() != null) id.put("chatTemplate", shaText(layout.format().template()));
        id.put("task", g.task().name());
        id.put("rows", sha(g.task().train()) + "/" + sha(g.task().dev()));
        id.put("extractor", g.extractor());
        JsonNode cfg = new ObjectMapper().valueToTree(g.config());
        for (Iterator<Map.Entry<String, JsonNode>> it = cfg.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("steps") || e.getKey().equals("drafting")) continue; // neither changes a step's result
            id.put("config." + e.getKey(), e.getValue().asText());
        }
        return id;
    }

    /** Each setting that differs between a recorded identity and the current one, with both values. */
    public static List<String> differences(Map<String, String> recorded, Map<String, String> current) {
        List<String> diff = new ArrayList<>();
        Set<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(current.keySet());
        for (String k : orderOf(recorded, current, keys)) {
            String was = recorded.get(k);
            String now = current.get(k);
            if (was == null) diff.add(k + " (not in the checkpoint; now: " + show(now) + ")");
            else if (now == null) diff.add(k + " (only in the checkpoint: " + show(was) + ")");
            else if (!was.equals(now)) diff.add(k + " (checkpoint: " + show(was) + ", now: " + show(now) + ")");
        }
        return diff;
    }

    private static List<String> orderOf(Map<String, String> a, Map<String, String> b, Set<String> keys) {
        List<String> out = new ArrayList<>(b.keySet());
        for (String k : a.keySet()) if (!out.contains(k)) out.add(k);
        out.retainAll(keys);
        return out;
    }

    private static String show(String s) {
        return s.length() > 80 ? "\"" + s.substring(0, 77) + "...\"" : "\"" + s + "\"";
    }

    /** A short digest of a text. */
    static String shaText(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short digest of examples (questions and answers). */
    static String sha(List<Example> rows) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Example e : rows) md.update((e.question() + "\u0000" + e.answer() + "\u0001").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
