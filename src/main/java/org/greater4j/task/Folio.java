package org.greater4j.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FOLIO loaders.
 *
 * <p>Paper ({@code folio}): FOLIO v2 recast by GReaTer as 3-way multiple choice,
 * {@code greater-splits/FOLIO/{train,dev,test}.csv} (100/100/203); gold {@code (A)} True,
 * {@code (B)} False, {@code (C)} Uncertain.
 *
 * <p>Raw ({@code folio/v0.0}): the official v0.0 release {@code folio/v0.0/folio-train.jsonl} (1004)
 * as train and {@code folio-validation.jsonl} (204) as test, no dev; the question is built with
 * GReaTer's v2 template and the label mapped to a letter. v0.0 spells the third class {@code Unknown}
 * in train and {@code Uncertain} in validation: both are {@code (C)}.
 */
final class Folio {

    static final String QUESTION = "\n\nQuestion:\nGiven the premise above, is the following statement true, false, "
            + "or uncertain?\n\nStatement: ";
    static final String OPTIONS = "\n\nOptions:\n(A) True\n(B) False\n(C) Uncertain";

    private Folio() {}

    static Task paper(DataDir data) {
        String dir = "greater-splits/FOLIO/";
        List<Example> train = csv(data.require(dir + "train.csv", "greater-splits"), "FOLIO/train.csv");
        List<Example> dev = csv(data.require(dir + "dev.csv", "greater-splits"), "FOLIO/dev.csv");
        List<Example> test = csv(data.require(dir + "test.csv", "greater-splits"), "FOLIO/test.csv");
        return new Task("folio", AnswerType.FOLIO, train, dev, test, extractors(), true,
                "GReaTer FOLIO v2 splits " + dir + "{train,dev,test}.csv (100/100/203)",
                List.of("GReaTer uses FOLIO v2 (203 test = v2 validation); the raw v2 JSONL is gated on Hugging Face "
                        + "and not fetched; folio/v0.0 is the older public release"));
    }

    /** No FOLIO extractor exists in the official code: the letter extractor over (A)/(B)/(C). */
    static Extractors extractors() {
        return Extractors.letters(3, "derived: no FOLIO extractor in the official code; the official letter "
                + "pattern over (A) True / (B) False / (C) Uncertain");
    }

    static List<Example> csv(Path file, String idPrefix) {
        List<Csv.Row> rows = GreaterCsv.read(file);
        List<Example> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Csv.Row row = rows.get(i);
            GreaterCsv.check(file, row);
            Fields.question(file, row.line(), "goal", row.fields().get(0));
            String answer = row.fields().get(2);
            if (!AnswerType.FOLIO.isProperValue(answer) || !answer.startsWith("(")) {
                throw new DatasetFormatException(file, row.line(), "FOLIO gold '" + Json.abbreviate(answer)
                        + "' is not (A), (B) or (C); fetch the file again with " + DataDir.FETCH_HINT + " greater-splits");
            }
            out.add(new Example(idPrefix + "#" + i, i, row.fields().get(0), answer, AnswerType.FOLIO.normalize(answer)));
        }
        return out;
    }

    static Task v0(DataDir data) {
        List<Example> train = jsonl(data.require("folio/v0.0/folio-train.jsonl", "folio"), "folio-train.jsonl");
        List<Example> test = jsonl(data.require("folio/v0.0/folio-validation.jsonl", "folio"), "folio-validation.jsonl");
        return new Task("folio/v0.0", AnswerType.FOLIO, train, List.of(), test, extractors(), false,
                "official FOLIO v0.0 folio/v0.0/folio-{train,validation}.jsonl (1004/0/204), "
                        + "questions in GReaTer's v2 template",
                List.of("v0.0 labels Unknown (train) and Uncertain (validation) are the same class, (C)"));
    }

    static List<Example> jsonl(Path file, String idPrefix) {
        List<Example> out = new ArrayList<>();
        for (Json.Line l : Json.readLines(file)) {
            JsonNode n = l.node();
            JsonNode premises = n.get("premises");
            if (premises == null || !premises.isArray()) {
                throw new DatasetFormatException(file, l.line(), "no \"premises\" list; this is not FOLIO v0.0: "
                        + "fetch it again with " + DataDir.FETCH_HINT + " folio");
            }
            List<String> lines = new ArrayList<>();
            for (JsonNode p : premises) {
                if (!p.isTextual()) {
                    throw new DatasetFormatException(file, l.line(), "a premise is " + Json.abbreviate(p.toString())
                            + ", not text; this is not FOLIO v0.0: fetch it again with " + DataDir.FETCH_HINT + " folio");
                }
                lines.add(p.asText());
            }
            String conclusion = Json.text(n, "conclusion", file, l.line(), "FOLIO record");
            String label = Json.text(n, "label", file, l.line(), "FOLIO record");
            String answer = switch (label) {
                case "True" -> "(A)";
                case "False" -> "(B)";
                case "Uncertain", "Unknown" -> "(C)";
                default -> throw new DatasetFormatException(file, l.line(), "FOLIO label '" + label
                        + "' is not True, False, Uncertain or Unknown; fetch the file again with "
                        + DataDir.FETCH_HINT + " folio");
            };
            String question = Fields.question(file, l.line(), "FOLIO premises and conclusion",
                    "Premise:\n" + String.join("\n", lines) + QUESTION + conclusion + OPTIONS);
            int i = out.size();
            out.add(new Example(idPrefix + "#" + i, i, question, answer, answer));
        }
        return out;
    }
}
