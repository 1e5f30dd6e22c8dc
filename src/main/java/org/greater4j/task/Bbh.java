package org.greater4j.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * BIG-Bench Hard loaders: {@code bbh/bbh/<task>.json} ({@code {"examples":[{"input","target"}]}}),
 * cut as the paper (after TextGrad): rows 0-49 train, 50-149 dev, 150+ test. GReaTer's own
 * {@code greater-splits/BBH/<task>.json} (CSV despite the name) holds the same examples in the same
 * order ({@code goal == input}, {@code final_target == target}); {@link #greaterCsv} reads it so a test
 * can check that.
 */
final class Bbh {

    /** One BBH task's fixed facts. */
    record Spec(String name, AnswerType type, boolean inPaper, Extractors extractors) {}

    static final SplitSizes PAPER_SIZES = new SplitSizes(50, 100);
    static final String DERIVED = "derived: no official text for this task; built with the official pattern "
            + "for its answer type";

    /** Free-text golds in letter tasks, by task and row: BBH upstream defects, kept as they are. */
    static final Map<String, Map<Integer, String>> FREE_TEXT_GOLDS = Map.of(
            "movie_recommendation", Map.of(163, "Monsters, Inc"),
            "ruin_names", Map.of(99, "dearth, wind, & fire", 144, "rita, sue and bob poo"));

    static final Map<String, Spec> SPECS = specs();

    private Bbh() {}

    private static Map<String, Spec> specs() {
        Map<String, Spec> m = new LinkedHashMap<>();
        String off = Extractors.OFFICIAL_SOURCE;
        letters(m, "date_understanding", 6, true, 5, off);
        letters(m, "disambiguation_qa", 3, true, 3, off);
        letters(m, "geometric_shapes", 11, true, 10, off);
        letters(m, "hyperbaton", 2, true, 2, off);
        letters(m, "logical_deduction_five_objects", 5, true, 5, off);
        letters(m, "logical_deduction_seven_objects", 7, false, 7, DERIVED);
        letters(m, "logical_deduction_three_objects", 3, false, 3, DERIVED);
        letters(m, "movie_recommendation", 5, true, 4, off);
        letters(m, "penguins_in_a_table", 5, true, 5, off);
        letters(m, "reasoning_about_colored_objects", 18, true, 18, off);
        letters(m, "ruin_names", 4, true, 4, off);
        letters(m, "salient_translation_error_detection", 6, true, 6, off);
        letters(m, "snarks", 2, true, 2, off);
        letters(m, "temporal_sequences", 4, true, 4, off);
        letters(m, "tracking_shuffled_objects_five_objects", 5, true, 5, off);
        letters(m, "tracking_shuffled_objects_seven_objects", 7, false, 7, DERIVED);
        letters(m, "tracking_shuffled_objects_three_objects", 3, false, 3, DERIVED);
        binary(m, "boolean_expressions", AnswerType.TRUE_FALSE, off
                + " (Gemma-2: absent from the script; text from the released log output_gemma2_boolean_expressions.log)");
        binary(m, "causal_judgement", AnswerType.YES_NO, off);
        binary(m, "formal_fallacies", AnswerType.VALID_INVALID, off);
        binary(m, "navigate", AnswerType.YES_NO, off);
        binary(m, "sports_understanding", AnswerType.YES_NO_LOWER, off);
        binary(m, "web_of_lies", AnswerType.YES_NO, off);
        m.put("multistep_arithmetic_two", new Spec("multistep_arithmetic_two", AnswerType.INTEGER, true,
                Extractors.integer(true, off)));
        m.put("object_counting", new Spec("object_counting", AnswerType.INTEGER, true, Extractors.integer(false, off)));
        m.put("dyck_languages", new Spec("dyck_languages", AnswerType.BRACKETS, false,
                Extractors.forType(AnswerType.BRACKETS, DERIVED)));
        m.put("word_sorting", new Spec("word_sorting", AnswerType.WORDS, false,
                Extractors.freeText("the sorted words separated by spaces", DERIVED)));
        Map<String, Spec> sorted = new TreeMap<>(m);
        return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    private static void letters(Map<String, Spec> m, String name, int count, boolean paper, int listed, String src) {
        String source = src;
        if (name.equals("geometric_shapes")) {
            source += " (Gemma-2: the script's line is commented out; the released log gemma2-logs/geometric_shapes.log"
                    + " shows this text)";
        }
        m.put(name, new Spec(name, new AnswerType.Letters(count), paper, Extractors.letters(listed, source)));
    }

    private static void binary(Map<String, Spec> m, String name, AnswerType.Binary type, String src) {
        m.put(name, new Spec(name, type, true, Extractors.binary(type.first(), type.second(), src)));
    }

    static Task load(DataDir data, String task) {
        Spec spec = SPECS.get(task);
        if (spec == null) {
            throw new IllegalArgumentException("unknown BBH task '" + task + "': use one of " + SPECS.keySet());
        }
        String rel = "bbh/bbh/" + task + ".json";
        Path file = data.require(rel, "bbh");
        List<Example> examples = read(file, spec);
        List<String> notes = notes(spec, examples);
        return Task.cut("bbh/" + task, spec.type(), examples, PAPER_SIZES, spec.extractors(), spec.inPaper(),
                rel + ", rows 0-49 / 50-149 / 150+ (the paper's 50/100/rest, after TextGrad)", notes);
    }

    static List<Example> read(Path file, Spec spec) {
        JsonNode root = Json.readTree(file);
        JsonNode arr = root.get("examples");
        if (arr == null || !arr.isArray()) {
            throw new DatasetFormatException(file, 1, "no \"examples\" array; this is not a BBH task file: fetch it "
                    + "again with " + DataDir.FETCH_HINT + " bbh");
        }
        Map<Integer, String> known = FREE_TEXT_GOLDS.getOrDefault(spec.name(), Map.of());
        List<Example> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            JsonNode e = arr.get(i);
            String where = "examples[" + i + "]";
            if (!e.isObject()) {
                throw new DatasetFormatException(file, 1, where + " is not an object; fetch the file again");
            }
            String input = Fields.question(file, 1, where + " \"input\"", Json.text(e, "input", file, 1, where));
            String target = Fields.answer(file, 1, where + " \"target\"", Json.text(e, "target", file, 1, where));
            if (!spec.type().isProperValue(target) && !target.equals(known.get(i))) {
                throw new DatasetFormatException(file, 1, where + " has gold '" + Json.abbreviate(target)
                        + "', which is not a " + spec.type().label() + " answer and not one of the known BBH defects; "
                        + "the file differs from BBH @ 9ee07bd: fetch it again with " + DataDir.FETCH_HINT + " bbh");
            }
            out.add(new Example(spec.name() + ".json#" + i, i, input, target, spec.type().normalize(target)));
        }
        return out;
    }

    /** Known defects of one task, computed from its examples and extractor. */
    static List<String> notes(Spec spec, List<Example> examples) {
        List<String> notes = new ArrayList<>();
        Map<Integer, String> known = FREE_TEXT_GOLDS.getOrDefault(spec.name(), Map.of());
        for (Map.Entry<Integer, String> k : new TreeMap<>(known).entrySet()) {
            notes.add("row " + k.getKey() + " (" + splitOf(k.getKey(), examples.size()) + "): gold '" + k.getValue()
                    + "' is free text, not an option letter (BBH upstream defect: an option containing a comma was"
                    + " split in two); kept as is, so it is only matched by 'So the answer is " + k.getValue() + ".'");
        }
        Map<String, Integer> unoffered = new TreeMap<>();
        for (Example e : examples) {
            if (!known.containsKey(e.index()) && !spec.extractors().offers(e.lossAnswer())) {
                unoffered.merge(e.answer(), 1, Integer::sum);
            }
        }
        if (!unoffered.isEmpty()) {
            List<String> parts = new ArrayList<>();
            unoffered.forEach((gold, count) -> parts.add(count + " x " + gold));
            List<String> opts = spec.extractors().options();
            notes.add("golds " + String.join(", ", parts) + " are beyond the extractor's options " + opts.get(0) + "-"
                    + opts.get(opts.size() - 1) + " (official text, kept): scored through the extractor they are"
                    + " never offered; the answer parser accepts them");
        }
        int n = examples.size();
        if (n < 250) {
            notes.add(n + " examples: the 50/100/rest cut leaves " + Math.max(0, n - 150) + " test examples");
        }
        return notes;
    }

    private static String splitOf(int row, int n) {
        return row < 50 ? "train" : row < 150 ? "dev" : "test";
    }

    /** GReaTer's CSV copy {@code greater-splits/BBH/<task>.json}, as (goal, final_target) examples. */
    static List<Example> greaterCsv(DataDir data, String task) {
        Spec spec = SPECS.get(task);
        Path file = data.require("greater-splits/BBH/" + task + ".json", "greater-splits");
        List<Csv.Row> rows = GreaterCsv.read(file);
        List<Example> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            GreaterCsv.check(file, rows.get(i));
            List<String> f = rows.get(i).fields();
            Fields.question(file, rows.get(i).line(), "goal", f.get(0));
            Fields.answer(file, rows.get(i).line(), "final_target", f.get(2));
            out.add(new Example(task + ".json#" + i, i, f.get(0), f.get(2), spec.type().normalize(f.get(2))));
        }
        return out;
    }
}
