package org.greater4j.optimize;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.greater4j.io.AtomicFile;

/**
 * A run's state after a step, as JSON: what it was run on (its identity), the next step index, the prompt
 * state, the winner's reasoning for reuse, every step (compact) and the best prompts. Written atomically (temp
 * file, then move); read back only when it is consistent.
 *
 * @param format   the file format ({@link #FORMAT})
 * @param identity what makes two runs the same run ({@link RunIdentity}; steps and folder excluded)
 * @param nextStep index of the next step to run (= the number of steps done)
 * @param state    prompt state for the next step
 * @param reuse    reasoning the next step may reuse (null when none)
 * @param steps    the steps done, compact ({@link Step#compact()})
 * @param best     the best prompts by training score (at most 10)
 */
public record Checkpoint(int format, Map<String, String> identity, int nextStep, PromptState state, Reasoning reuse, List<Step> steps,
                         List<BestPrompt> best) {

    /** The current file format. */
    public static final int FORMAT = 2;

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Copies the collections. */
    public Checkpoint {
        identity = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(identity));
        steps = List.copyOf(steps);
        best = List.copyOf(best);
    }

    /** Writes the checkpoint to {@code file} atomically. */
    public void write(Path file) {
        try {
            AtomicFile.write(file, JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a checkpoint and checks that it is consistent (format, step count, state); a corrupt or inconsistent
     * file is an error naming it, what is wrong and the fix.
     */
    public static Checkpoint read(Path file) {
        Checkpoint c = CheckpointReader.read(file);
        if (c.format() != FORMAT) {
            throw bad(file, "has format " + c.format() + " but this greater4j reads format " + FORMAT
                    + " (it was written by another version)");
        }
        c.check(file);
        return c;
    }

    /** Checks that the counts, step indices and states agree. */
    void check(Path file) {
        if (nextStep < 0) throw bad(file, "says the next step is " + nextStep + ", which is negative");
        if (steps.size() != nextStep) {
            throw bad(file, "says the next step is " + nextStep + " but holds " + steps.size() + " steps");
        }
        if (state.step() != nextStep) {
            throw bad(file, "holds a prompt state for step " + state.step() + " but the next step is " + nextStep);
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).index() != i) throw bad(file, "holds step " + steps.get(i).index() + " where step " + i + " belongs");
        }
        if (!steps.isEmpty()) {
            PromptState last = steps.get(steps.size() - 1).next();
            if (!Arrays.equals(last.ids(), state.ids()) || last.position() != state.position()) {
                throw bad(file, "holds a prompt state that is not the one its last step produced");
            }
        }
        if (best.size() > 10) throw bad(file, "holds " + best.size() + " best prompts (at most 10)");
        if (reuse != null && !reuse.isFor(state.ids())) throw bad(file, "holds reasoning for another prompt than its state's");
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return CheckpointReader.bad(file, what);
    }

    /** Refuses to resume a checkpoint written for another run: names every setting that differs, with both values. */
    public void requireSameRun(Map<String, String> current, Path file) {
        List<String> diff = RunIdentity.differences(identity, current);
        if (!diff.isEmpty()) {
            throw new IllegalArgumentException(file + " was written for another run: " + String.join("; ", diff)
                    + ". Use the same model, task and settings to resume, or another --out to start a new run");
        }
    }

    /** A new list of the steps with one more. */
    static List<Step> plus(List<Step> steps, Step s) {
        List<Step> out = new ArrayList<>(steps);
        out.add(s);
        return out;
    }
}
