package org.greater4j.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GSM8K loaders.
 *
 * <p>Paper splits ({@code gsm8k}): GReaTer's {@code greater-splits/grade_school_math/} files
 * {@code train.tsv} (100, from GSM8K train), {@code dev.csv} (100, from GSM8K train, disjoint) and
 * {@code test.csv} (1319 = GSM8K test in its original order). Two upstream defects are handled:
 * <ul>
 *   <li>{@code test.csv} data row 706 (the "fill the boot" question, file lines 2524-2526) is broken
 *       by a quoting error: the question's opening {@code "} was lost, so the record has 5 fields
 *       instead of 3 (pandas refuses the file; Python's {@code csv} shifts the columns). It is
 *       repaired: the question is re-joined and its quotes restored (it then equals GSM8K test #706
 *       with ASCII quotes), and the gold is the row's own last field, {@code 9}, which is GSM8K's
 *       gold ({@code #### 9}: 2100 / 3 = 700 per hour, 6300 / 700 = 9 hours in total).</li>
 *   <li>{@code train.csv} is a malformed export of the train split (unquoted multi-line fields; 319
 *       mis-parsed rows); it is never read: {@code train.tsv} is the train split.</li>
 * </ul>
 *
 * <p>Raw ({@code gsm8k/raw}): the official {@code gsm8k/train.jsonl} (7473) as train and
 * {@code test.jsonl} (1319) as test, no dev; the gold is the text after the last {@code ####}.
 */
final class Gsm8k {

    static final String DIR = "greater-splits/grade_school_math/";
    static final int BROKEN_TEST_ROW = 706;
    static final String BROKEN_TEST_START = "The local firefighters are doing a fill the boot\"";

    static final String NOTE_ROW_706 = "test.csv row 706 (\"fill the boot\", lines 2524-2526) has a quoting error "
            + "upstream (5 fields); repaired: question re-joined with its quotes restored, gold 9 "
            + "(= GSM8K test #706 '#### 9', also the row's own last field)";
    static final String NOTE_TRAIN_CSV = "greater-splits/grade_school_math/train.csv is malformed upstream "
            + "(unquoted multi-line fields) and is not read; train.tsv is the train split";
    static final String NOTE_COMMAS = "golds are compared without thousands separators (GSM8K writes e.g. 1,450,000)";

    private Gsm8k() {}

    static Task paper(DataDir data) {
        List<Example> train = splitFile(data.require(DIR + "train.tsv", "greater-splits"), "grade_school_math/train.tsv");
        List<Example> dev = splitFile(data.require(DIR + "dev.csv", "greater-splits"), "grade_school_math/dev.csv");
        List<Example> test = splitFile(data.require(DIR + "test.csv", "greater-splits"), "grade_school_math/test.csv");
        return new Task("gsm8k", AnswerType.GSM8K_INTEGER, train, dev, test, Extractors.gsm8k(), true,
                "GReaTer splits " + DIR + "{train.tsv,dev.csv,test.csv} (100/100/1319)",
                List.of(NOTE_ROW_706, NOTE_TRAIN_CSV, NOTE_COMMAS));
    }

    static List<Example> splitFile(Path file, String idPrefix) {
        List<Csv.Row> rows = GreaterCsv.read(file);
        boolean isTest = file.getFileName().toString().equals("test.csv");
        List<Example> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Csv.Row row = rows.get(i);
            List<String> f = row.fields();
            String question;
            String answer;
            if (isTest && i == BROKEN_TEST_ROW && f.size() == 5 && f.get(0).startsWith(BROKEN_TEST_START)) {
                question = repairedQuestion(f);
                answer = f.get(4).strip();
            } else {
                GreaterCsv.check(file, row);
                question = f.get(0);
                answer = f.get(2);
            }
            out.add(example(file, row.line(), idPrefix + "#" + i, i, question, answer));
        }
        return out;
    }

    /** Re-joins the three pieces of row 706's question and restores its quotes around "fill the boot". */
    static String repairedQuestion(List<String> f) {
        String joined = f.get(0) + "," + f.get(1) + "," + f.get(2);
        joined = joined.replaceFirst("a fill the boot\"", "a \"fill the boot\"");
        while (joined.endsWith("\"")) joined = joined.substring(0, joined.length() - 1);
        return joined;
    }

    static Task raw(DataDir data) {
        List<Example> train = jsonl(data.require("gsm8k/train.jsonl", "gsm8k"), "gsm8k/train.jsonl");
        List<Example> test = jsonl(data.require("gsm8k/test.jsonl", "gsm8k"), "gsm8k/test.jsonl");
        return new Task("gsm8k/raw", AnswerType.GSM8K_INTEGER, train, List.of(), test, Extractors.gsm8k(), false,
                "official GSM8K release gsm8k/{train,test}.jsonl (7473/0/1319)", List.of(NOTE_COMMAS));
    }

    static List<Example> jsonl(Path file, String idPrefix) {
        List<Example> out = new ArrayList<>();
        for (Json.Line l : Json.readLines(file)) {
            String where = "GSM8K record";
            String question = Json.text(l.node(), "question", file, l.line(), where);
            String solution = Json.text(l.node(), "answer", file, l.line(), where);
            int hash = solution.lastIndexOf("####");
            if (hash < 0) {
                throw new DatasetFormatException(file, l.line(), "the \"answer\" has no '#### <number>' line (ends '"
                        + Json.abbreviate(solution.substring(Math.max(0, solution.length() - 60)))
                        + "'); this is not the GSM8K release: fetch it again with " + DataDir.FETCH_HINT);
            }
            String answer = solution.substring(hash + 4).strip();
            int i = out.size();
            out.add(example(file, l.line(), idPrefix + "#" + i, i, question, answer));
        }
        return out;
    }

    private static Example example(Path file, long line, String id, int index, String question, String answer) {
        Fields.question(file, line, "GSM8K question", question);
        Fields.answer(file, line, "GSM8K gold", answer);
        if (!Parsing.isInteger(answer)) {
            throw new DatasetFormatException(file, line, "GSM8K gold '" + Json.abbreviate(answer)
                    + "' is not an integer; the file is corrupt or not a GSM8K split: fetch it again with "
                    + DataDir.FETCH_HINT);
        }
        return new Example(id, index, question, answer, AnswerType.GSM8K_INTEGER.normalize(answer));
    }
}
