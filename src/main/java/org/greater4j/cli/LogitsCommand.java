package org.greater4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.greater4j.model.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code greater logits}: float32 logits at every position of verbatim ids, as JSON. */
@Command(name = "logits", description = "Write JSON {\"ids\": [...], \"logits\": [[...], ...]} for ids used verbatim (no BOS added).")
final class LogitsCommand implements Runnable {
    @Mixin
    ModelOptions opts;

    @Option(names = "--ids", required = true, split = ",", description = "comma-separated token ids")
    int[] ids;

    @Option(names = "--out", description = "output file (default: stdout)")
    Path out;

    @Override
    public void run() {
        checkOut(out);
        try (LanguageModel m = opts.load()) {
            int v = m.config().vocabSize();
            for (int id : ids) {
                if (id < 0 || id >= v) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + v + ")");
            }
            if (ids.length > m.config().maxPositions()) {
                throw new IllegalArgumentException(ids.length + " ids exceed the model's context of " + m.config().maxPositions());
            }
            float[][] lg = m.logits(ids);
            ObjectMapper om = new ObjectMapper();
            ObjectNode root = om.createObjectNode();
            ArrayNode a = root.putArray("ids");
            Arrays.stream(ids).forEach(a::add);
            ArrayNode rows = root.putArray("logits");
            for (float[] r : lg) {
                ArrayNode row = rows.addArray();
                for (float x : r) row.add(x);
            }
            if (out != null) {
                try {
                    om.writeValue(out.toFile(), root);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--out " + out + ": cannot be written (" + e.getMessage()
                            + "); choose another file", e);
                }
            } else {
                System.out.println(om.writeValueAsString(root));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails before any work when {@code --out} cannot be the JSON file: a directory, or in a missing directory. */
    static void checkOut(Path out) {
        if (out == null) return;
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory; give the name of the JSON file to write, e.g. "
                    + out.resolve("logits.json"));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("--out " + out + ": the directory " + parent + " does not exist; create it "
                    + "first or choose another file");
        }
    }
}
