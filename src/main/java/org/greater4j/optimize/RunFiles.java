package org.greater4j.optimize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.greater4j.task.EvaluationSummary;
import org.greater4j.io.AtomicFile;

/**
 * {@code run.json}: the final prompt and how it was chosen, the best prompts with their dev accuracy, the config,
 * the run's identity, every step (compact) and, when measured, the test accuracy before and after. Written
 * atomically; the command line, the notebooks and sweeps read the same file.
 */
public final class RunFiles {
    private RunFiles() {}

    /** The file name of a run's summary in its folder. */
    public static final String RUN_JSON = "run.json";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The JSON of a run. */
    public static ObjectNode toJson(Run r) {
        ObjectNode root = JSON.createObjectNode();
        Run.TestAccuracy t = r.testAccuracy();
        if (t != null) {
            ObjectNode ta = root.putObject("testAccuracy");
            ta.put("n", t.after().n());
            put(ta.putObject("before"), t.before());
            put(ta.putObject("after"), t.after());
            ta.set("summaryBefore", JSON.valueToTree(t.before()));
            ta.set("summaryAfter", JSON.valueToTree(t.after()));
        }
        root.put("finalPrompt", r.finalPrompt());
        ArrayNode fi = root.putArray("finalPromptIds");
        for (int x : r.finalIds()) fi.add(x);
        root.put("finalPromptStep", r.chosen().step());
        root.put("lastPrompt", r.lastPrompt());
        root.put("finalPromptRule", r.finalPromptRule());
        ArrayNode best = root.putArray("bestPrompts");
        for (BestPrompt b : r.bestPrompts()) {
            ObjectNode n = best.addObject();
            n.put("prompt", b.prompt());
            n.put("trainScore", b.trainScore());
            if (Double.isNaN(b.devAccuracy())) n.putNull("devAccuracy");
            else n.put("devAccuracy", b.devAccuracy());
            n.put("step", b.step());
            ArrayNode ids = n.putArray("ids");
            for (int x : b.ids()) ids.add(x);
        }
        root.set("config", JSON.valueToTree(r.config()));
        root.set("identity", JSON.valueToTree(r.checkpoint().identity()));
        root.set("steps", JSON.valueToTree(r.steps()));
        return root;
    }

    private static void put(ObjectNode o, EvaluationSummary s) {
        o.put("prompt", s.prompt());
        o.put("accuracy", s.accuracy());
        o.put("accuracyParsed", s.accuracyParsed());
        o.put("n", s.n());
    }

    /**
     * Reads a {@code run.json}.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not a greater4j run
     */
    public static com.fasterxml.jackson.databind.JsonNode read(Path runJson) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(runJson.toFile());
            if (n == null || !n.isObject() || !n.has("finalPrompt") || !n.has("steps")) {
                throw new IllegalArgumentException(runJson + " is not a greater4j run.json (no finalPrompt or steps)");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException(runJson + " cannot be read as a greater4j run.json: " + e.getMessage(), e);
        }
    }

    /** The steps of a {@code run.json} ({@link #read}), compact. */
    public static java.util.List<Step> steps(com.fasterxml.jackson.databind.JsonNode run) {
        java.util.List<Step> out = new java.util.ArrayList<>();
        try {
            for (com.fasterxml.jackson.databind.JsonNode n : run.get("steps")) out.add(Checkpoint.JSON.treeToValue(n, Step.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("a step of this run.json cannot be read: " + e.getMessage(), e);
        }
        return out;
    }

    /** A finished run from its folder: {@code checkpoint.json} and {@code run.json}. */
    static Run readRun(Path dir) {
        Path cpFile = dir.resolve("checkpoint.json");
        Path runFile = dir.resolve(RUN_JSON);
        if (!Files.exists(cpFile) || !Files.exists(runFile)) {
            throw new IllegalArgumentException(dir + " holds no finished greater4j run (checkpoint.json and run.json); run it first");
        }
        Checkpoint cp = Checkpoint.read(cpFile);
        com.fasterxml.jackson.databind.JsonNode n = read(runFile);
        try {
            GreaterConfig cfg = Checkpoint.JSON.treeToValue(n.get("config"), GreaterConfig.class);
            java.util.List<BestPrompt> best = new java.util.ArrayList<>();
            BestPrompt chosen = null;
            int chosenStep = n.path("finalPromptStep").asInt(-1);
            String finalPrompt = n.get("finalPrompt").asText();
            for (com.fasterxml.jackson.databind.JsonNode b : n.path("bestPrompts")) {
                int[] ids = Checkpoint.JSON.treeToValue(b.get("ids"), int[].class);
                BestPrompt bp = new BestPrompt(ids, b.get("prompt").asText(), b.get("trainScore").asDouble(),
                        b.get("devAccuracy").isNull() ? Double.NaN : b.get("devAccuracy").asDouble(), b.get("step").asInt());
                best.add(bp);
                if (chosen == null && bp.step() == chosenStep && bp.prompt().equals(finalPrompt)) chosen = bp;
            }
            if (chosen == null) {
                int[] ids = Checkpoint.JSON.treeToValue(n.get("finalPromptIds"), int[].class);
                chosen = new BestPrompt(ids, finalPrompt, Double.NaN, Double.NaN, chosenStep);
            }
            Run.TestAccuracy test = null;
            com.fasterxml.jackson.databind.JsonNode t = n.get("testAccuracy");
            if (t != null && t.has("summaryBefore")) {
                test = new Run.TestAccuracy(Checkpoint.JSON.treeToValue(t.get("summaryBefore"), EvaluationSummary.class),
                        Checkpoint.JSON.treeToValue(t.get("summaryAfter"), EvaluationSummary.class));
            }
            return Run.of(cfg, cp, chosen, n.path("finalPromptRule").asText(), n.path("lastPrompt").asText(), best, test, dir);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(runFile + " cannot be read as a greater4j run.json: " + e.getMessage()
                    + "; run it again (it resumes from its checkpoint)", e);
        }
    }

    /** Writes {@code run.json} into the run's folder (atomically). */
    static void writeRunJson(Run r) {
        Path file = r.dir().resolve(RUN_JSON);
        try {
            AtomicFile.write(file, JSON.writeValueAsString(toJson(r)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage() + "; check that the folder is writable", e);
        }
    }
}
