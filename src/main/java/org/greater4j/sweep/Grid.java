package org.greater4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.greater4j.io.StrictJson;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.task.Split;
import org.greater4j.task.Tasks;
import org.greater4j.toy.ToyTask;

/**
 * A sweep's grid: every model x task x preset x seed is a {@link Cell}, each an optimize run of {@code steps} steps followed
 * by the evaluation of its initial and final prompt on a split. What {@code GRID.json} holds:
 *
 * <pre>{@code
 * {"models": ["toy", "toy-b"], "tasks": ["toy"], "presets": ["paper", "keep-best"], "seeds": [1, 2],
 *  "steps": 3, "evaluate": {"split": "test", "limit": 40},
 *  "train": 8, "dev": 4, "config": {"topk": 11, "maxNewTokens": 48}, "transfer": false}
 * }</pre>
 *
 * <p>{@code models} and {@code tasks} are required; {@code presets} defaults to {@code ["paper"]}, {@code seeds} to
 * {@code [0]}, {@code steps} to the preset's (100), {@code evaluate} to the whole test split, {@code train}/{@code dev}
 * to the task's whole splits (the first N rows otherwise, as {@code --train}/{@code --dev}); {@code config} overrides
 * knobs of every preset; {@code transfer} also evaluates every final prompt on the grid's other models. An immutable
 * value; {@link #read} refuses an unknown key, a wrong type or a bad value naming the file, the key and the fix.
 *
 * @param models   model names or paths ({@code LanguageModel.load})
 * @param tasks    task names ({@code Tasks.load})
 * @param presets  preset names ({@link GreaterConfig#PRESETS})
 * @param seeds    optimizer seeds
 * @param steps    steps per run, or -1 for the preset's
 * @param split    the split every final prompt is evaluated on
 * @param limit    its first {@code limit} rows (0: all)
 * @param train    the first {@code train} training rows (0: all)
 * @param dev      the first {@code dev} dev rows (0: all)
 * @param config   knob overrides ({@link #KNOBS}), as given
 * @param transfer also evaluate each final prompt on the other models
 */
public record Grid(List<String> models, List<String> tasks, List<String> presets, List<Long> seeds, int steps, Split split, int limit,
                   int train, int dev, Map<String, Object> config, boolean transfer) {

    /** The keys a grid file may hold. */
    public static final List<String> KEYS = List.of("models", "tasks", "presets", "seeds", "steps", "evaluate", "train", "dev", "config",
            "transfer");
    /** The knobs {@code config} may override. */
    public static final List<String> KNOBS = List.of("topk", "topq", "shortlist", "maxNewTokens", "batchSize", "initialPrompt",
            "separator");

    /** Copies the collections and checks the values (messages name the grid key). */
    public Grid {
        models = nonEmptyDistinct(models, "models");
        tasks = nonEmptyDistinct(tasks, "tasks");
        presets = nonEmptyDistinct(presets, "presets");
        seeds = nonEmptyDistinct(seeds, "seeds");
        config = Map.copyOf(config == null ? Map.of() : config);
        if (split == null) split = Split.TEST;
        if (steps < -1) throw new IllegalArgumentException("\"steps\" must be >= 0, got " + steps);
        if (limit < 0 || train < 0 || dev < 0) {
            throw new IllegalArgumentException("\"evaluate.limit\", \"train\" and \"dev\" must be >= 0 (0: the whole split), got "
                    + limit + ", " + train + ", " + dev);
        }
        for (String p : presets) GreaterConfig.preset(p);
        for (String k : config.keySet()) {
            if (!KNOBS.contains(k)) throw new IllegalArgumentException("\"config\" has an unknown knob \"" + k + "\"; use " + KNOBS);
        }
        for (String t : tasks) {
            if (!Tasks.exists(t)) {
                throw new IllegalArgumentException("unknown task \"" + t + "\" in \"tasks\"; use one of " + Tasks.names() + " or file:PATH");
            }
        }
    }

    private static <T> List<T> nonEmptyDistinct(List<T> values, String key) {
        if (values == null || values.isEmpty()) throw new IllegalArgumentException("\"" + key + "\" must list at least one value");
        Set<T> seen = new HashSet<>();
        for (T v : values) if (!seen.add(v)) throw new IllegalArgumentException("\"" + key + "\" lists " + v + " twice");
        return List.copyOf(values);
    }

    /**
     * Reads a grid file.
     *
     * @throws IllegalArgumentException naming the file, the key and the fix
     */
    public static Grid read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the grid file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses a grid's JSON text; {@code source} names it in errors.
     *
     * @throws IllegalArgumentException naming the source, the key and the fix
     */
    public static Grid parse(String json, String source) {
        try {
            JsonNode root = StrictJson.parse(json);
            if (!root.isObject()) throw new IllegalArgumentException("expected a JSON object like " + EXAMPLE);
            for (var it = root.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!KEYS.contains(k)) throw new IllegalArgumentException("unknown key \"" + k + "\"" + suggest(k, KEYS) + "; a grid has " + KEYS);
            }
            JsonNode ev = root.path("evaluate");
            Split split = Split.TEST;
            int limit = 0;
            if (!ev.isMissingNode()) {
                if (!ev.isObject()) throw new IllegalArgumentException("\"evaluate\" must be an object like {\"split\": \"test\", \"limit\": 40}");
                for (var it = ev.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!k.equals("split") && !k.equals("limit")) {
                        throw new IllegalArgumentException("unknown key \"evaluate." + k + "\"; \"evaluate\" has \"split\" and \"limit\"");
                    }
                }
                if (ev.has("split")) split = split(ev.get("split"));
                limit = integer(ev, "limit", 0, "evaluate.");
            }
            return new Grid(strings(root, "models", null), strings(root, "tasks", null), strings(root, "presets", List.of("paper")),
                    longs(root, "seeds"), integer(root, "steps", -1, ""), split, limit, integer(root, "train", 0, ""),
                    integer(root, "dev", 0, ""), knobs(root.path("config")), bool(root, "transfer"));
        } catch (StrictJson.Invalid e) {
            throw new IllegalArgumentException("grid file " + source + " is not valid JSON: " + e.getMessage() + "; write it like " + EXAMPLE, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("grid file " + source + ": " + e.getMessage(), e);
        }
    }

    /** The example grid, quoted in errors. */
    static final String EXAMPLE = "{\"models\": [\"toy\", \"toy-b\"], \"tasks\": [\"toy\"], \"presets\": [\"paper\", \"keep-best\"], "
            + "\"seeds\": [1, 2], \"steps\": 3, \"evaluate\": {\"split\": \"test\", \"limit\": 40}}";

    private static Split split(JsonNode n) {
        if (!n.isTextual()) throw new IllegalArgumentException("\"evaluate.split\" must be \"train\", \"dev\" or \"test\", got " + n);
        try {
            return Split.parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"evaluate.split\": " + e.getMessage());
        }
    }

    /** {@code  (did you mean "x"?)} for the known name nearest to {@code k} (at most 2 edits, case ignored), else "". */
    static String suggest(String k, List<String> known) {
        String best = null;
        int bestD = 3;
        for (String c : known) {
            int d = distance(k.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best == null ? "" : " (did you mean \"" + best + "\"?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static List<String> strings(JsonNode root, String key, List<String> dflt) {
        JsonNode n = root.get(key);
        if (n == null) {
            if (dflt != null) return dflt;
            throw new IllegalArgumentException("missing \"" + key + "\"; e.g. " + EXAMPLE);
        }
        if (!n.isArray()) throw new IllegalArgumentException("\"" + key + "\" must be an array of strings, e.g. [\"toy\"], got " + n);
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual() || e.asText().isBlank()) {
                throw new IllegalArgumentException("\"" + key + "\" must hold non-empty strings, got " + e);
            }
            out.add(e.asText().strip());
        }
        return out;
    }

    private static List<Long> longs(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null) return List.of(0L);
        if (!n.isArray()) throw new IllegalArgumentException("\"" + key + "\" must be an array of integers, e.g. [1, 2], got " + n);
        List<Long> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isIntegralNumber() || !e.canConvertToLong()) {
                throw new IllegalArgumentException("\"" + key + "\" must hold integers, e.g. [1, 2], got " + e);
            }
            out.add(e.asLong());
        }
        return out;
    }

    private static int integer(JsonNode obj, String key, int dflt, String prefix) {
        JsonNode n = obj.get(key);
        if (n == null) return dflt;
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw new IllegalArgumentException("\"" + prefix + key + "\" must be an integer >= 0, got " + n);
        }
        return n.asInt();
    }

    private static boolean bool(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null) return false;
        if (!n.isBoolean()) throw new IllegalArgumentException("\"" + key + "\" must be true or false, got " + n);
        return n.asBoolean();
    }

    private static Map<String, Object> knobs(JsonNode n) {
        if (n.isMissingNode()) return Map.of();
        if (!n.isObject()) throw new IllegalArgumentException("\"config\" must be an object like {\"topk\": 11}, got " + n);
        Map<String, Object> out = new LinkedHashMap<>();
        for (var it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (!KNOBS.contains(k)) {
                throw new IllegalArgumentException("\"config\" has an unknown knob \"" + k + "\"" + suggest(k, KNOBS) + "; use " + KNOBS);
            }
            boolean text = k.equals("initialPrompt") || k.equals("separator");
            if (text != v.isTextual() || !text && (!v.canConvertToInt() || !v.isIntegralNumber())) {
                throw new IllegalArgumentException("\"config." + k + "\" must be " + (text ? "a string" : "an integer") + ", got " + v);
            }
            out.put(k, text ? v.asText() : (Object) v.asInt());
        }
        return out;
    }

    /** The preset's config for one cell: the grid's knobs, the cell's seed, the toy task's own initial prompt by default. */
    public GreaterConfig config(Cell c) {
        GreaterConfig.Builder b = GreaterConfig.preset(c.preset()).toBuilder().seed(c.seed());
        if (c.task().equals(ToyTask.NAME)) b.initialPrompt(ToyTask.INITIAL_PROMPT);
        config.forEach((k, v) -> {
            switch (k) {
                case "topk" -> b.topk((Integer) v);
                case "topq" -> b.topq((Integer) v);
                case "shortlist" -> b.shortlist((Integer) v);
                case "maxNewTokens" -> b.maxNewTokens((Integer) v);
                case "batchSize" -> b.batchSize((Integer) v);
                case "initialPrompt" -> b.initialPrompt((String) v);
                case "separator" -> b.separator((String) v);
                default -> throw new IllegalStateException("knob " + k);
            }
        });
        if (steps >= 0) b.steps(steps);
        return b.build();
    }

    /** Every cell, models outermost, then tasks, presets, seeds. */
    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        for (String m : models) for (String t : tasks) for (String p : presets) for (long s : seeds) out.add(new Cell(m, t, p, s));
        return out;
    }

    /** The cell with this id. */
    public Cell cell(String id) {
        return cells().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cell \"" + id + "\" in this grid"));
    }

    /** The grid as JSON (what {@link #parse} reads back; a sweep's folder keeps it as {@code grid.json}). */
    public String toJson() {
        ObjectNode o = StrictJson.MAPPER.createObjectNode();
        models.forEach(o.putArray("models")::add);
        tasks.forEach(o.putArray("tasks")::add);
        presets.forEach(o.putArray("presets")::add);
        seeds.forEach(o.putArray("seeds")::add);
        if (steps >= 0) o.put("steps", steps);
        o.putObject("evaluate").put("split", split.id()).put("limit", limit);
        o.put("train", train);
        o.put("dev", dev);
        ObjectNode c = o.putObject("config");
        config.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (e.getValue() instanceof Integer i) c.put(e.getKey(), i);
            else c.put(e.getKey(), (String) e.getValue());
        });
        o.put("transfer", transfer);
        try {
            return StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
