package org.greater4j.optimize;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.greater4j.optimize.Values.BestPrompt;
import org.greater4j.optimize.Values.PromptState;
import org.greater4j.optimize.Values.Reasoning;

/**
 * A run's state after a step, as JSON: what it was run on (its identity), the next step index, the
 * prompt state, the winner's reasoning for reuse, every step's summary and the best prompts.
 * Written atomically (temp file, then move).
 *
 * @param identity  what makes two runs the same run (steps and output folder excluded)
 * @param nextStep  index of the next step to run
 * @param state     prompt state for the next step
 * @param reuse     reasoning the next step may reuse (null when none)
 * @param steps     summaries of the steps done
 * @param best      the best prompts by training score (at most 10)
 */
public record Checkpoint(Map<String, String> identity, int nextStep, PromptState state, Reasoning reuse, List<StepSummary> steps,
                         List<BestPrompt> best) {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Writes the checkpoint to {@code file} atomically. */
    public void write(Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a checkpoint; a corrupt file is an error naming it. */
    public static Checkpoint read(Path file) {
        try {
            Checkpoint c = JSON.readValue(file.toFile(), Checkpoint.class);
            if (c.identity() == null || c.state() == null) throw new IOException("missing identity or state");
            return new Checkpoint(c.identity(), c.nextStep(), c.state(), c.reuse(),
                    c.steps() == null ? List.of() : new ArrayList<>(c.steps()), c.best() == null ? List.of() : new ArrayList<>(c.best()));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable greater4j checkpoint (" + e.getMessage()
                    + "); delete it to start over, or pass another --out", e);
        }
    }

    /**
     * Refuses to resume a checkpoint written for another run: names every field that differs.
     */
    public void requireSameRun(Map<String, String> current, Path file) {
        List<String> diff = new ArrayList<>();
        for (var e : current.entrySet()) {
            String was = identity.get(e.getKey());
            if (!e.getValue().equals(was)) diff.add(e.getKey() + " (checkpoint: " + abbreviate(was) + ", now: " + abbreviate(e.getValue()) + ")");
        }
        for (String k : identity.keySet()) if (!current.containsKey(k)) diff.add(k + " (only in the checkpoint)");
        if (!diff.isEmpty()) {
            throw new IllegalArgumentException(file + " was written for another run: " + String.join("; ", diff)
                    + ". Use the same model, task and settings to resume, or another --out to start a new run");
        }
    }

    private static String abbreviate(String s) {
        if (s == null) return "none";
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
