package org.greater4j.fuzz;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.greater4j.fuzz.Fuzz.FuzzClass;
import org.greater4j.fuzz.Fuzz.Mutation;
import org.greater4j.task.DataDir;
import org.greater4j.task.DatasetFormatException;
import org.greater4j.task.DatasetMissingException;
import org.greater4j.task.Example;
import org.greater4j.task.SplitSizes;
import org.greater4j.task.Task;
import org.greater4j.task.Tasks;

/**
 * Fuzz classes for task files: a {@code file:} task (JSON Lines) and GReaTer's CSV splits (the
 * {@code gsm8k} task's {@code dev.csv}). The result of a load is the task's examples, split by
 * split, and its answer type. Mutations that change a record's text into other valid text are not
 * made: they are a different dataset, not a corrupt one.
 */
final class DatasetFuzz {
    private DatasetFuzz() {}

    /** What a loaded task holds. */
    record Result(String type, List<Example> train, List<Example> dev, List<Example> test) {
        static Result of(Task t) {
            return new Result(t.answerType().label(), t.train(), t.dev(), t.test());
        }
    }

    static boolean projectError(Throwable t) {
        return t instanceof DatasetFormatException || t instanceof DatasetMissingException;
    }

    // ---- a file: task ----

    static final String JSONL = "task.jsonl";
    static final String[][] ROWS = {{"What is 2 + 3?", "5"}, {"Tom has 4 apples and eats 1. How many are left?", "3"},
        {"A train goes 60 km in 1 hour. How far in 3 hours?", "180"}, {"Is 7 prime? Answer \\\"yes\\\" or \\\"no\\\".", "7"},
        {"Caf\u00e9 prices: 3 coffees at 4 dollars. Total?", "12"}, {"What is 10 - 4?", "6"},
        {"Line one\\nline two: what is 1 + 1?", "2"}, {"Compute 9 * 9.", "81"}};

    static String jsonlText() {
        StringBuilder b = new StringBuilder();
        for (String[] r : ROWS) b.append("{\"question\": \"").append(r[0]).append("\", \"answer\": \"").append(r[1]).append("\"}\n");
        return b.toString();
    }

    static FuzzClass<Result> jsonlTask() {
        return new FuzzClass<>("JSONL task", JSONL, dir -> Files.writeString(dir.resolve(JSONL), jsonlText()),
                dir -> Result.of(Tasks.file(dir.resolve(JSONL), new SplitSizes(2, 2))), Result::equals,
                DatasetFuzz::projectError, false, DatasetFuzz::jsonlMutations);
    }

    static List<Mutation> jsonlMutations(byte[] original, Random rnd) {
        String text = new String(original, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1); // last is ""
        int n = ROWS.length;
        List<Mutation> ms = new ArrayList<>();
        for (byte[] bad : new byte[][] {{(byte) 0xE9}, {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}}) {
            int line = rnd.nextInt(n);
            ms.add(Mutation.bad("line " + (line + 1) + " with bytes " + hex(bad), Fuzz.write(JSONL,
                    Fuzz.insert(original, offsetOf(lines, line) + 15, bad))));
        }
        String[] after = {" {\"question\": \"x\", \"answer\": \"1\"}", "x", ",", " []", " 5", " \"a\"", "}", "{"};
        for (String a : after) {
            int line = rnd.nextInt(n);
            ms.add(Mutation.bad("line " + (line + 1) + " followed by '" + a.strip() + "'", line(lines, line, l -> l + a)));
        }
        String[][] answers = {{"\"\"", "empty"}, {"\"   \"", "blank"}, {"\"\\n\\t\"", "whitespace"}, {"null", "null"},
            {"[\"5\"]", "a list"}, {"{\"v\": 5}", "an object"}};
        for (String[] a : answers) {
            int line = rnd.nextInt(n);
            ms.add(Mutation.bad("line " + (line + 1) + " answer " + a[1], line(lines, line,
                    l -> l.replaceFirst("\"answer\": \"[^\"]*\"", "\"answer\": " + a[0].replace("\\", "\\\\")))));
        }
        for (String[] q : new String[][] {{"\"\"", "empty"}, {"\" \"", "blank"}, {"null", "null"}, {"[\"q\"]", "a list"}}) {
            int line = rnd.nextInt(n);
            ms.add(Mutation.bad("line " + (line + 1) + " question " + q[1], line(lines, line,
                    l -> l.replaceFirst("\"question\": \"(\\\\.|[^\"\\\\])*\"", "\"question\": " + q[0]))));
        }
        int l1 = rnd.nextInt(n);
        ms.add(Mutation.bad("line " + (l1 + 1) + " without answer", line(lines, l1, l -> l.replaceFirst(", \"answer\": \"[^\"]*\"", ""))));
        ms.add(Mutation.bad("line " + (l1 + 1) + " without question", line(lines, l1,
                l -> l.replaceFirst("\"question\": \"(\\\\.|[^\"\\\\])*\", ", ""))));
        ms.add(Mutation.bad("line " + (l1 + 1) + " answer twice", line(lines, l1, l -> l.replace("}", ", \"answer\": \"99\"}"))));
        ms.add(Mutation.bad("line " + (l1 + 1) + " question twice", line(lines, l1, l -> l.replace("{", "{\"question\": \"q\", "))));
        for (int size : new int[] {Example.MAX_QUESTION_CHARS + 1, 10_000_000}) {
            int line = rnd.nextInt(n);
            ms.add(Mutation.bad("line " + (line + 1) + " question of " + size + " characters", line(lines, line,
                    l -> l.replaceFirst("\"question\": \"", "\"question\": \"" + "x".repeat(size - 10)))));
        }
        ms.add(Mutation.bad("an answer of " + (Example.MAX_ANSWER_CHARS + 1) + " characters", line(lines, 0,
                l -> l.replace("\"5\"", "\"" + "5".repeat(Example.MAX_ANSWER_CHARS + 1) + "\""))));
        for (String v : new String[] {"[1, 2]", "\"just text\"", "42", "null", "{\"question\": \"q\" \"answer\": \"1\"}",
            "{question: \"q\", answer: \"1\"}", "{\"question\": \"q\", \"answer\": \"1\",}", "{'question': 'q', 'answer': '1'}"}) {
            int line = rnd.nextInt(n);
            ms.add(Mutation.bad("line " + (line + 1) + " is " + v, line(lines, line, l -> v)));
        }
        ms.add(Mutation.bad("a NUL byte in a question", Fuzz.write(JSONL, Fuzz.insert(original, offsetOf(lines, 2) + 16, (byte) 0))));
        ms.add(Mutation.bad("a raw tab in a question", Fuzz.write(JSONL, Fuzz.insert(original, offsetOf(lines, 2) + 16, (byte) 9))));
        ms.add(Mutation.bad("nesting 5000 deep in an extra field", line(lines, 1,
                l -> l.replace("}", ", \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}"))));
        for (int k = 0; k < 8; k++) { // cut inside a line (a cut at a line end leaves a valid shorter file)
            int line = rnd.nextInt(n);
            int cut = offsetOf(lines, line) + 1 + rnd.nextInt(lines[line].length() - 2);
            ms.add(Mutation.bad("truncated inside line " + (line + 1) + " at byte " + cut, Fuzz.write(JSONL, Arrays.copyOf(original, cut))));
        }
        ms.add(Mutation.bad("empty file", Fuzz.write(JSONL, new byte[0])));
        ms.add(Mutation.bad("only blank lines", Fuzz.write(JSONL, "\n \n\t\n")));
        ms.add(Mutation.bad("a directory instead of the file", dir -> {
            Files.delete(dir.resolve(JSONL));
            Files.createDirectories(dir.resolve(JSONL));
        }));
        ms.add(Mutation.bad("file missing", dir -> Files.delete(dir.resolve(JSONL))));
        // changes the format allows
        ms.add(Mutation.benign("CRLF line ends", Fuzz.write(JSONL, text.replace("\n", "\r\n"))));
        ms.add(Mutation.benign("a UTF-8 byte-order mark", Fuzz.write(JSONL, "\uFEFF" + text)));
        ms.add(Mutation.benign("blank lines between records", Fuzz.write(JSONL, text.replace("\n", "\n\n  \n"))));
        ms.add(Mutation.benign("no final newline", Fuzz.write(JSONL, text.substring(0, text.length() - 1))));
        ms.add(Mutation.benign("an extra field", line(lines, 3, l -> l.replace("}", ", \"source\": \"x\"}"))));
        ms.add(Mutation.benign("keys in the other order", line(lines, 0, l -> "{\"answer\": \"5\", \"question\": \"What is 2 + 3?\"}")));
        ms.add(Mutation.benign("a numeric answer as a number", line(lines, 0, l -> l.replace("\"answer\": \"5\"", "\"answer\": 5"))));
        ms.add(Mutation.benign("spaces around the JSON", line(lines, 4, l -> "   " + l + "\t ")));
        ms.add(Mutation.benign("an escaped e-acute", line(lines, 4, l -> l.replace("\u00e9", "\\u00e9"))));
        return ms;
    }

    interface LineEdit {
        String apply(String line);
    }

    private static Fuzz.Edit line(String[] lines, int i, LineEdit e) {
        return dir -> {
            String[] copy = lines.clone();
            copy[i] = e.apply(copy[i]);
            Files.writeString(dir.resolve(JSONL), String.join("\n", copy));
        };
    }

    private static int offsetOf(String[] lines, int line) {
        int off = 0;
        for (int i = 0; i < line; i++) off += lines[i].getBytes(StandardCharsets.UTF_8).length + 1;
        return off;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(String.format("%02X", x & 0xFF));
        return s.toString();
    }

    // ---- GReaTer's CSV splits (gsm8k) ----

    static final String DIR = "greater-splits/grade_school_math/";
    static final String DEV = DIR + "dev.csv";

    static FuzzClass<Result> csvTask() {
        return new FuzzClass<>("CSV task (gsm8k dev.csv)", DEV, dir -> {
            Files.createDirectories(dir.resolve(DIR));
            Files.writeString(dir.resolve(DIR + "train.tsv"), "goal\ttarget\tfinal_target\n\"Add 2 and 2.\"\tx\t4\nA\tb\t7\n");
            Files.writeString(dir.resolve(DEV), csvText());
            Files.writeString(dir.resolve(DIR + "test.csv"), "goal,target,final_target\n\"What is 5, minus 1?\",\"Sure, 4\",4\n");
        }, dir -> Result.of(Tasks.gsm8k(new DataDir(dir, "--data"))), Result::equals, DatasetFuzz::projectError, false,
                DatasetFuzz::csvMutations);
    }

    static String csvText() {
        return "goal,target,final_target\n"
                + "\"Sam has 3 pens, buys 4. How many?\",\"Sure, here is how: 3 + 4 = 7\",7\n"
                + "What is 12 - 5?,x,7\n"
                + "\"A \"\"quoted\"\" word and a line\nbreak: 2 + 2?\",\"4\",4\n"
                + "Half of 84?,\"It is 42\",42\n"
                + "\"Caf\u00e9: 6 cups, 2 each. Total?\",x,12\n";
    }

    static List<Mutation> csvMutations(byte[] original, Random rnd) {
        String text = new String(original, StandardCharsets.UTF_8);
        String f = DEV;
        List<Mutation> ms = new ArrayList<>();
        for (byte[] bad : new byte[][] {{(byte) 0xE9}, {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xED, (byte) 0xB0, (byte) 0x80}}) {
            int at = text.indexOf("How many") + rnd.nextInt(5);
            ms.add(Mutation.bad("bytes " + hex(bad) + " in a question", Fuzz.write(f, Fuzz.insert(original, at, bad))));
        }
        ms.add(Mutation.bad("an unterminated quote", Fuzz.write(f, text.replace("Half of 84?", "\"Half of 84?"))));
        ms.add(Mutation.bad("text after a closing quote", Fuzz.write(f, text.replace("\"It is 42\"", "\"It is\" 42"))));
        ms.add(Mutation.bad("an extra field", Fuzz.write(f, text.replace("x,7", "x,7,extra"))));
        ms.add(Mutation.bad("a missing field", Fuzz.write(f, text.replace("What is 12 - 5?,x,7", "What is 12 - 5?,7"))));
        ms.add(Mutation.bad("an unquoted comma in a question", Fuzz.write(f, text.replace("Half of 84?", "Half, of 84?"))));
        ms.add(Mutation.bad("an empty gold", Fuzz.write(f, text.replace("x,7", "x,"))));
        ms.add(Mutation.bad("a blank gold", Fuzz.write(f, text.replace("x,7", "x,\"  \""))));
        ms.add(Mutation.bad("a gold that is not an integer", Fuzz.write(f, text.replace("x,7", "x,seven"))));
        ms.add(Mutation.bad("an empty question", Fuzz.write(f, text.replace("What is 12 - 5?,x,7", ",x,7"))));
        ms.add(Mutation.bad("a question of 70000 characters", Fuzz.write(f, text.replace("What is 12 - 5?", "y".repeat(70_000)))));
        ms.add(Mutation.bad("a gold of 5000 digits", Fuzz.write(f, text.replace("x,7", "x," + "7".repeat(5000)))));
        ms.add(Mutation.bad("header misspelt", Fuzz.write(f, text.replace("final_target", "final target"))));
        ms.add(Mutation.bad("header missing", Fuzz.write(f, text.substring(text.indexOf('\n') + 1))));
        ms.add(Mutation.bad("empty file", Fuzz.write(f, "")));
        ms.add(Mutation.bad("tab-separated", Fuzz.write(f, text.replace(",", "\t"))));
        for (int k = 0; k < 4; k++) { // cut inside a quoted field
            int start = text.indexOf("\"A \"\"quoted");
            int cut = start + 2 + rnd.nextInt(30);
            ms.add(Mutation.bad("truncated inside a quoted field at " + cut, Fuzz.write(f, Arrays.copyOf(original, cut))));
        }
        ms.add(Mutation.bad("file missing", dir -> Files.delete(dir.resolve(f))));
        // changes the format allows
        ms.add(Mutation.benign("CRLF record ends", Fuzz.write(f, text.replace("\n", "\r\n").replace("line\r\nbreak", "line\nbreak"))));
        ms.add(Mutation.benign("a UTF-8 byte-order mark", Fuzz.write(f, "\uFEFF" + text)));
        ms.add(Mutation.benign("no final newline", Fuzz.write(f, text.substring(0, text.length() - 1))));
        ms.add(Mutation.benign("every field quoted", Fuzz.write(f, text.replace("What is 12 - 5?,x,7", "\"What is 12 - 5?\",\"x\",\"7\""))));
        ms.add(Mutation.benign("a quoted empty target", Fuzz.write(f, text.replace("What is 12 - 5?,x,7", "What is 12 - 5?,\"\",7"))));
        return ms;
    }
}
