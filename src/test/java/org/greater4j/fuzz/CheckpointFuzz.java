package org.greater4j.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.greater4j.fuzz.Fuzz.FuzzClass;
import org.greater4j.fuzz.Fuzz.Mutation;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Checkpoint;
import org.greater4j.optimize.Greater;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.task.Tasks;

/**
 * The fuzz class of a run's {@code checkpoint.json}: a real two-step toy run's checkpoint, read as a resume reads it
 * ({@link Checkpoint#read}); the result of a load is the checkpoint written back. Mutations break the file (bytes,
 * truncation, wrong types, missing parts) or its consistency (step counts, indices, a state that is not the last
 * step's, too many best prompts, reasoning for another prompt). A changed score or token that keeps the file
 * consistent is not made: it is another run's valid checkpoint, which no reader can tell from this one.
 */
final class CheckpointFuzz {
    private CheckpointFuzz() {}

    static final ObjectMapper OM = new ObjectMapper();
    static final String FILE = "checkpoint.json";

    static String load(Path dir) throws IOException {
        Checkpoint c = Checkpoint.read(dir.resolve(FILE));
        Path back = dir.resolve("written-back.json");
        c.write(back);
        return Files.readString(back);
    }

    static FuzzClass<String> checkpoint() {
        return new FuzzClass<>("checkpoint.json", FILE, dir -> {
            try (LanguageModel toy = LanguageModel.load("toy")) {
                GreaterConfig cfg = GreaterConfig.paper().withTopk(5).withMaxNewTokens(24).withInitialPrompt("no thinking just feeling.");
                Greater.of(toy, Tasks.load("toy").head(4, 2, 2), cfg).run(2, dir);
            }
        }, CheckpointFuzz::load, String::equals, t -> t instanceof IllegalArgumentException, false, CheckpointFuzz::mutations);
    }

    static Mutation bad(ObjectNode root, String name, Fuzz.JsonEdit e) {
        return Fuzz.json(FILE, root, name, false, e);
    }

    static ArrayNode steps(ObjectNode j) {
        return (ArrayNode) j.get("steps");
    }

    static List<Mutation> mutations(byte[] original, Random rnd) throws IOException {
        ObjectNode root = (ObjectNode) OM.readTree(original);
        String text = new String(original, StandardCharsets.UTF_8);
        List<Mutation> ms = new ArrayList<>();
        ms.add(Mutation.benign("pretty-printed", Fuzz.write(FILE, OM.writerWithDefaultPrettyPrinter().writeValueAsString(root))));
        ms.add(Mutation.benign("keys in reverse order", dir -> {
            List<String> names = new ArrayList<>();
            root.fieldNames().forEachRemaining(names::add);
            ObjectNode r = OM.createObjectNode();
            for (int i = names.size() - 1; i >= 0; i--) r.set(names.get(i), root.get(names.get(i)));
            Fuzz.write(FILE, OM.writeValueAsString(r)).apply(dir);
        }));
        // the file as a whole
        ms.add(Mutation.bad("empty file", Fuzz.write(FILE, "")));
        for (String v : new String[] {"null", "[]", "{}", "7"}) ms.add(Mutation.bad("the file is " + v, Fuzz.write(FILE, v)));
        for (int i = 0; i < 10; i++) {
            int cut = 1 + rnd.nextInt(original.length - 2);
            ms.add(Mutation.bad("truncated at byte " + cut, Fuzz.write(FILE, Arrays.copyOf(original, cut))));
        }
        ms.add(Mutation.bad("trailing garbage", Fuzz.write(FILE, text + "]")));
        ms.add(Mutation.bad("invalid UTF-8", Fuzz.write(FILE, Fuzz.insert(original, text.indexOf("\"steps\"") + 2, (byte) 0xff))));
        for (int i = 0; i < 6; i++) {
            byte[] b = original.clone();
            int at = rnd.nextInt(b.length);
            while (b[at] != '{' && b[at] != '[' && b[at] != ':' && b[at] != ',') at = (at + 1) % b.length;
            b[at] = (byte) (b[at] ^ 0x40);
            ms.add(Mutation.bad("a structural byte flipped at " + at, Fuzz.write(FILE, b)));
        }
        // the top level
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            if (k.equals("reuse")) continue; // a checkpoint without reusable reasoning is valid (it is generated again)
            ms.add(bad(root, k + " removed", j -> j.remove(k)));
            ms.add(bad(root, k + " -> null", j -> j.putNull(k)));
        }
        for (String v : new String[] {"1", "3", "\"2\"", "2.5", "-2"}) ms.add(bad(root, "format -> " + v, j -> j.set("format", OM.readTree(v))));
        for (String v : new String[] {"-1", "0", "1", "3", "\"2\"", "2.5", "1e400", "[]"}) {
            ms.add(bad(root, "nextStep -> " + v, j -> j.set("nextStep", OM.readTree(v))));
        }
        ms.add(bad(root, "identity -> []", j -> j.putArray("identity")));
        // consistency of the steps and the state
        ms.add(bad(root, "the last step removed", j -> steps(j).remove(steps(j).size() - 1)));
        ms.add(bad(root, "the first step removed", j -> steps(j).remove(0)));
        ms.add(bad(root, "the last step twice", j -> steps(j).add(steps(j).get(steps(j).size() - 1).deepCopy())));
        ms.add(bad(root, "the steps swapped", j -> {
            JsonNode a = steps(j).get(0);
            steps(j).set(0, steps(j).get(1));
            steps(j).set(1, a);
        }));
        ms.add(bad(root, "step 1's index -> 5", j -> ((ObjectNode) steps(j).get(1)).put("index", 5)));
        ms.add(bad(root, "steps -> {}", j -> j.putObject("steps")));
        ms.add(bad(root, "state.step + 1", j -> ((ObjectNode) j.get("state")).put("step", j.get("state").get("step").asInt() + 1)));
        ms.add(bad(root, "state.position + 1", j -> ((ObjectNode) j.get("state")).put("position", j.get("state").get("position").asInt() + 1)));
        ms.add(bad(root, "state.ids[0] another token", j -> {
            ArrayNode ids = (ArrayNode) j.get("state").get("ids");
            ids.set(0, OM.getNodeFactory().numberNode(ids.get(0).asInt() == 5 ? 6 : 5));
        }));
        ms.add(bad(root, "state.ids -> []", j -> ((ObjectNode) j.get("state")).putArray("ids")));
        ms.add(bad(root, "state.ids -> \"x\"", j -> ((ObjectNode) j.get("state")).put("ids", "x")));
        ms.add(bad(root, "state.position -> -3", j -> ((ObjectNode) j.get("state")).put("position", -3)));
        ms.add(bad(root, "best prompts x 11", j -> {
            ArrayNode best = (ArrayNode) j.get("best");
            JsonNode first = best.get(0);
            while (best.size() < 11) best.add(first.deepCopy());
        }));
        if (root.hasNonNull("reuse")) {
            ms.add(bad(root, "reuse for another prompt", j -> {
                ArrayNode ids = (ArrayNode) j.get("reuse").get("promptIds");
                ids.set(0, OM.getNodeFactory().numberNode(ids.get(0).asInt() == 5 ? 6 : 5));
            }));
        }
        return ms;
    }
}
