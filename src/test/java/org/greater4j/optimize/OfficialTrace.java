package org.greater4j.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.greater4j.io.SharedData;

/**
 * The official code's own records on the toy model ({@code ../shared/official-trace/golden-steps.json}, made by
 * running psunlpgroup/GreaTer @42a22d9 itself; its README says how), read for the conformance test.
 */
final class OfficialTrace {
    private OfficialTrace() {}

    /** The golden file, or a clear error naming where it was looked for. */
    static JsonNode read() {
        SharedData.Found f = SharedData.locate();
        Path dir = f.dir().orElseThrow(() -> new IllegalStateException("no shared folder (searched " + f.searchedText()
                + "); set GREATER_SHARED to the folder holding official-trace/"));
        Path file = dir.resolve("official-trace/golden-steps.json");
        if (!Files.isRegularFile(file)) throw new IllegalStateException(file + " is missing; the conformance test needs the official trace");
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    static List<int[]> rows(JsonNode a) {
        List<int[]> out = new ArrayList<>();
        for (JsonNode r : a) out.add(ints(r));
        return out;
    }
}
