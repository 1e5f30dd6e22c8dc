package org.greater4j.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.greater4j.fuzz.Fuzz.FuzzClass;
import org.greater4j.fuzz.Fuzz.Mutation;
import org.greater4j.io.DType;
import org.greater4j.io.ModelFormatException;
import org.greater4j.io.SafeTensors;
import org.greater4j.io.TensorData;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.TinyModels;

/**
 * Fuzz classes for a model directory: the header of a tiny model's {@code model.safetensors}, and
 * the {@code model.safetensors.index.json} of the same model in two shards. The result of a load is
 * the model's logits for a fixed sequence, so "the same result" means the same weights were read.
 * Mutations of tensor bytes themselves are not made: safetensors has no checksum, so no loader can
 * tell changed weights from other weights.
 */
final class ModelFuzz {
    private ModelFuzz() {}

    static final ObjectMapper OM = new ObjectMapper();
    static final int[] IDS = {1, 5, 9, 3, 60, 0};

    /** Logits of {@link #IDS}. */
    static float[][] logits(Path dir) {
        try (LanguageModel m = LanguageModel.load(dir)) {
            return m.logits(IDS);
        }
    }

    static boolean sameLogits(float[][] a, float[][] b) {
        return Arrays.deepEquals(a, b);
    }

    /** A safetensors file split into its parts; {@link #bytes} rebuilds it. */
    record St(long declared, String header, byte[] data) {
        static St parse(byte[] file) {
            long len = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            String h = new String(file, 8, (int) len, StandardCharsets.UTF_8);
            return new St(len, h, Arrays.copyOfRange(file, 8 + (int) len, file.length));
        }

        /** The file with this header and its true length. */
        byte[] bytes() {
            return bytes(header.getBytes(StandardCharsets.UTF_8).length);
        }

        /** The file with this header and a declared length. */
        byte[] bytes(long declaredLen) {
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            return b.putLong(declaredLen).put(h).put(data).array();
        }

        St withHeader(String h) {
            return new St(declared, h, data);
        }

        St withData(byte[] d) {
            return new St(declared, header, d);
        }

        ObjectNode json() throws IOException {
            return (ObjectNode) OM.readTree(header);
        }
    }

    // ---- the safetensors header ----

    static FuzzClass<float[][]> safetensorsHeader() {
        return new FuzzClass<>("safetensors header", "model.safetensors",
                dir -> TinyModels.write(TinyModels.config("llama"), dir, DType.F32, 1),
                ModelFuzz::logits, ModelFuzz::sameLogits, t -> t instanceof ModelFormatException, true,
                ModelFuzz::headerMutations);
    }

    static List<Mutation> headerMutations(byte[] original, Random rnd) throws IOException {
        String f = "model.safetensors";
        St st = St.parse(original);
        ObjectNode h = st.json();
        List<String> names = new ArrayList<>();
        h.fieldNames().forEachRemaining(names::add);
        List<Mutation> ms = new ArrayList<>();
        long len = st.declared();
        // the declared header length
        for (long d : new long[] {-1, 1, -2, 2, -8, 8, 7}) {
            ms.add(Mutation.bad("header length " + (d > 0 ? "+" : "") + d, Fuzz.write(f, st.bytes(len + d))));
        }
        for (long v : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, original.length}) {
            ms.add(Mutation.bad("header length " + v, Fuzz.write(f, st.bytes(v))));
        }
        // a padded header whose length is one short: the pad becomes the first data byte (issue 14: all logits NaN)
        String padded = st.header().strip() + "  ";
        ms.add(Mutation.bad("padded header, length one short", Fuzz.write(f, st.withHeader(padded).bytes(padded.length() - 1))));
        // data_offsets
        for (int k = 0; k < 4; k++) {
            String n = names.get(rnd.nextInt(names.size()));
            long shift = new long[] {1, -1, 4, -4, 8, 16}[rnd.nextInt(6)];
            ms.add(offsets(f, st, h, n + " data_offsets shifted by " + shift, (b, e) -> new long[] {b + shift, e + shift}));
        }
        String a = names.get(1);
        String b = names.stream().filter(n -> h.get(n).get("shape").size() == 2
                && h.get(n).get("shape").get(0).asLong() != h.get(n).get("shape").get(1).asLong()).skip(1).findFirst().orElseThrow();
        ms.add(offsets(f, st, h, a + " end +4", (x, y) -> new long[] {x, y + 4}));
        ms.add(offsets(f, st, h, a + " begin -4", (x, y) -> new long[] {Math.max(0, x - 4), y}));
        ms.add(offsets(f, st, h, a + " begin and end swapped", (x, y) -> new long[] {y, x}));
        ms.add(offsets(f, st, h, a + " at offset 0 (overlapping the first)", (x, y) -> new long[] {0, y - x}));
        ms.add(offsets(f, st, h, names.get(names.size() - 1) + " moved to the start", (x, y) -> new long[] {0, y - x}));
        ms.add(json(f, st, h, "all offsets shifted by +4", j -> j.fields().forEachRemaining(e -> {
            var o = (com.fasterxml.jackson.databind.node.ArrayNode) e.getValue().get("data_offsets");
            long x = o.get(0).asLong();
            long y = o.get(1).asLong();
            o.removeAll().add(x + 4).add(y + 4);
        })));
        ms.add(json(f, st, h, b + " takes the offsets of " + a + " (same size)", j -> {
            long[] sa = sizeOf(j.get(a));
            long[] sb = sizeOf(j.get(b));
            if (sa[0] == sb[0]) ((ObjectNode) j.get(b)).set("data_offsets", j.get(a).get("data_offsets").deepCopy());
            else ((ObjectNode) j.get(b)).putArray("data_offsets").add(0).add(sb[0]);
        }));
        for (String v : new String[] {"[0]", "[0,4,8]", "[-4,60]", "[\"0\",4]", "[0.0,4.0]", "[0,99999999999999999999]",
            "[0,9223372036854775807]", "null", "{}"}) {
            ms.add(Mutation.bad(a + " data_offsets " + v, Fuzz.write(f, st.withHeader(setRaw(st.header(), h, a, "data_offsets", v)).bytes())));
        }
        // shapes and dtypes
        for (String v : new String[] {"[4611686018427387904,4]", "[-1]", "[]", "[2.5]", "[\"4\"]", "[99999999999999999999]",
            "[3037000500,3037000500]", "null"}) {
            ms.add(Mutation.bad(b + " shape " + v, Fuzz.write(f, st.withHeader(setRaw(st.header(), h, b, "shape", v)).bytes())));
        }
        ms.add(json(f, st, h, b + " shape transposed", j -> {
            var s = (com.fasterxml.jackson.databind.node.ArrayNode) j.get(b).get("shape");
            if (s.size() == 2) {
                long r = s.get(0).asLong();
                long c = s.get(1).asLong();
                s.removeAll().add(c).add(r);
            }
        }));
        ms.add(json(f, st, h, b + " shape with an extra 1", j -> ((com.fasterxml.jackson.databind.node.ArrayNode) j.get(b).get("shape")).add(1)));
        for (String v : new String[] {"\"F16\"", "\"F64\"", "\"f32\"", "\"I8\"", "\"BF16\"", "5", "null"}) {
            ms.add(Mutation.bad(b + " dtype " + v, Fuzz.write(f, st.withHeader(setRaw(st.header(), h, b, "dtype", v)).bytes())));
        }
        ms.add(json(f, st, h, b + " without dtype", j -> ((ObjectNode) j.get(b)).remove("dtype")));
        ms.add(json(f, st, h, b + " is a list", j -> j.putArray(b)));
        // duplicate keys: the same entry twice, and a later one with other offsets
        String entryA = "\"" + a + "\":" + h.get(a).toString();
        String entryB = "\"" + b + "\":" + h.get(b).toString();
        ms.add(Mutation.bad("entry " + a + " twice", Fuzz.write(f, st.withHeader(Fuzz.replaceFirst(compact(h), "{", "{" + entryA + ",")).bytes())));
        String c = compact(h);
        ms.add(Mutation.bad("key " + a + " again, last, with " + b + "'s entry", Fuzz.write(f,
                st.withHeader(c.substring(0, c.length() - 1) + ",\"" + a + "\":" + h.get(b).toString() + "}").bytes())));
        ms.add(Mutation.bad("dtype twice in " + b, Fuzz.write(f, st.withHeader(Fuzz.replaceFirst(compact(h), entryB,
                entryB.replace("{\"dtype\":\"F32\"", "{\"dtype\":\"F16\",\"dtype\":\"F32\""))).bytes())));
        // bytes after the header's JSON
        for (String t : new String[] {"x", "{}", "\u0000", "]", "//", "{\"a\":1}"}) {
            ms.add(Mutation.bad("header followed by " + printable(t), Fuzz.write(f, st.withHeader(compact(h) + t).bytes())));
        }
        ms.add(Mutation.bad("header not UTF-8", dir -> {
            byte[] x = st.withHeader(compact(h)).bytes();
            x[8 + 3] = (byte) 0xC3; // inside the first name
            Files.write(dir.resolve(f), x);
        }));
        ms.add(Mutation.bad("__metadata__ with a number", Fuzz.write(f, st.withHeader(
                Fuzz.replaceFirst(compact(h), "{", "{\"__metadata__\":{\"format\":\"pt\",\"n\":5},")).bytes())));
        ms.add(Mutation.bad("__metadata__ a string", Fuzz.write(f, st.withHeader(
                Fuzz.replaceFirst(compact(h), "{", "{\"__metadata__\":\"pt\",")).bytes())));
        // the data section
        ms.add(Mutation.bad("data section one byte short", Fuzz.write(f, st.withData(Arrays.copyOf(st.data(), st.data().length - 1)).bytes())));
        ms.add(Mutation.bad("data section one byte long", Fuzz.write(f, st.withData(Arrays.copyOf(st.data(), st.data().length + 1)).bytes())));
        ms.add(Mutation.bad("data section 64 bytes long", Fuzz.write(f, st.withData(Arrays.copyOf(st.data(), st.data().length + 64)).bytes())));
        for (int k = 0; k < 6; k++) {
            int cut = rnd.nextInt(original.length);
            ms.add(Mutation.bad("truncated at byte " + cut, Fuzz.write(f, Arrays.copyOf(original, cut))));
        }
        // random byte changes in the header
        int hlen = (int) len;
        for (int k = 0; k < 40; k++) {
            int at = 8 + rnd.nextInt(hlen);
            byte v = (byte) (rnd.nextBoolean() ? 32 + rnd.nextInt(95) : rnd.nextInt(256));
            if (v == original[at]) v ^= 1;
            byte[] x = original.clone();
            x[at] = v;
            ms.add(Mutation.bad(String.format("header byte %d: '%s' -> 0x%02X", at - 8, printable(String.valueOf((char) original[at])), v & 0xFF),
                    Fuzz.write(f, x)));
        }
        // changes the format allows
        ms.add(Mutation.benign("entries in reverse order", Fuzz.write(f, st.withHeader(reversed(h)).bytes())));
        ms.add(Mutation.benign("16 more spaces of padding", Fuzz.write(f, st.withHeader(st.header() + " ".repeat(16)).bytes())));
        ms.add(Mutation.benign("padding by newline and tab", Fuzz.write(f, st.withHeader(compact(h) + "\n\t").bytes())));
        ms.add(Mutation.benign("pretty-printed header", Fuzz.write(f, st.withHeader(OM.writerWithDefaultPrettyPrinter().writeValueAsString(h)).bytes())));
        ms.add(Mutation.benign("__metadata__ added", Fuzz.write(f, st.withHeader(
                Fuzz.replaceFirst(compact(h), "{", "{\"__metadata__\":{\"format\":\"pt\"},")).bytes())));
        ms.add(Mutation.benign("__metadata__ null", Fuzz.write(f, st.withHeader(Fuzz.replaceFirst(compact(h), "{", "{\"__metadata__\":null,")).bytes())));
        return ms;
    }

    interface OffsetEdit {
        long[] apply(long begin, long end);
    }

    private static Mutation offsets(String f, St st, ObjectNode h, String name, OffsetEdit e) {
        String tensor = name.substring(0, name.indexOf(' '));
        return json(f, st, h, name, j -> {
            var o = (com.fasterxml.jackson.databind.node.ArrayNode) j.get(tensor).get("data_offsets");
            long[] n = e.apply(o.get(0).asLong(), o.get(1).asLong());
            o.removeAll().add(n[0]).add(n[1]);
        });
    }

    private static Mutation json(String f, St st, ObjectNode h, String name, Fuzz.JsonEdit e) {
        return Mutation.bad(name, dir -> {
            ObjectNode j = h.deepCopy();
            e.apply(j);
            Files.write(dir.resolve(f), st.withHeader(compact(j)).bytes());
        });
    }

    private static long[] sizeOf(JsonNode t) {
        return new long[] {t.get("data_offsets").get(1).asLong() - t.get("data_offsets").get(0).asLong()};
    }

    /** The header with one key of one tensor set to raw JSON text. */
    private static String setRaw(String header, ObjectNode h, String tensor, String key, String raw) throws IOException {
        ObjectNode j = h.deepCopy();
        ((ObjectNode) j.get(tensor)).put(key, "@@RAW@@");
        return compact(j).replace("\"@@RAW@@\"", raw);
    }

    static String compact(JsonNode j) throws IOException {
        return OM.writeValueAsString(j);
    }

    private static String reversed(ObjectNode h) throws IOException {
        List<Map.Entry<String, JsonNode>> es = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) es.add(it.next());
        ObjectNode r = OM.createObjectNode();
        for (int i = es.size() - 1; i >= 0; i--) r.set(es.get(i).getKey(), es.get(i).getValue());
        return compact(r);
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        return b.toString();
    }

    // ---- the shard index ----

    static final String INDEX = "model.safetensors.index.json";
    static final String S1 = "model-00001-of-00002.safetensors";
    static final String S2 = "model-00002-of-00002.safetensors";

    static FuzzClass<float[][]> shardIndex() {
        return new FuzzClass<>("shard index", INDEX, dir -> {
            TinyModels.write(TinyModels.config("llama"), dir, DType.F32, 2);
            ObjectNode idx = (ObjectNode) OM.readTree(dir.resolve(INDEX).toFile());
            idx.putObject("metadata").put("total_size", 123456);
            OM.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(INDEX).toFile(), idx);
        }, ModelFuzz::logits, ModelFuzz::sameLogits, t -> t instanceof ModelFormatException, true, ModelFuzz::indexMutations);
    }

    static List<Mutation> indexMutations(byte[] original, Random rnd) throws IOException {
        String f = INDEX;
        ObjectNode idx = (ObjectNode) OM.readTree(original);
        ObjectNode wm = (ObjectNode) idx.get("weight_map");
        List<String> names = new ArrayList<>();
        wm.fieldNames().forEachRemaining(names::add);
        String t1 = names.get(rnd.nextInt(names.size() / 2));          // in shard 1
        String t2 = names.get(names.size() - 1 - rnd.nextInt(names.size() / 3)); // in shard 2
        List<Mutation> ms = new ArrayList<>();
        for (String v : new String[] {"/etc/passwd", "../" + S1, "../fixture/" + S1, "sub/../../" + S1, "", ".", "..",
            "nonexistent.safetensors", S1 + "\u0000x", "model.safetensors"}) {
            ms.add(index(f, idx, t2 + " -> \"" + printable(v) + "\"", j -> map(j).put(t2, v)));
        }
        ms.add(index(f, idx, t2 + " -> its shard by absolute path", null));
        ms.add(index(f, idx, t2 + " -> the other shard", j -> map(j).put(t2, S1)));
        ms.add(index(f, idx, t1 + " -> the other shard", j -> map(j).put(t1, S2)));
        ms.add(index(f, idx, t2 + " -> 7", j -> map(j).put(t2, 7)));
        ms.add(index(f, idx, t2 + " -> null", j -> map(j).putNull(t2)));
        ms.add(index(f, idx, t2 + " -> [file]", j -> map(j).putArray(t2).add(S2)));
        ms.add(index(f, idx, t1 + " not listed", j -> map(j).remove(t1)));
        ms.add(index(f, idx, "an extra tensor listed", j -> map(j).put("model.extra.weight", S1)));
        ms.add(index(f, idx, "weight_map missing", j -> j.remove("weight_map")));
        ms.add(index(f, idx, "weight_map empty", j -> j.putObject("weight_map")));
        ms.add(index(f, idx, "weight_map a list", j -> j.putArray("weight_map")));
        String text = new String(original, StandardCharsets.UTF_8);
        ms.add(Mutation.bad("a weight_map key twice", Fuzz.write(f, Fuzz.replaceFirst(text, "\"weight_map\" : {",
                "\"weight_map\" : {\n    \"" + t2 + "\" : \"" + S1 + "\","))));
        ms.add(Mutation.bad("index followed by x", Fuzz.write(f, text + "x")));
        ms.add(Mutation.bad("index followed by {}", Fuzz.write(f, text + "{}")));
        ms.add(Mutation.bad("index not UTF-8", Fuzz.write(f, Fuzz.insert(original, text.indexOf(S2) + 2, (byte) 0xFF))));
        ms.add(Mutation.bad("index empty", Fuzz.write(f, new byte[0])));
        ms.add(Mutation.bad("index a list", Fuzz.write(f, "[]")));
        for (int k = 0; k < 5; k++) {
            int cut = 1 + rnd.nextInt(original.length - 2);
            ms.add(Mutation.bad("index truncated at byte " + cut, Fuzz.write(f, Arrays.copyOf(original, cut))));
        }
        ms.add(Mutation.bad("shard 2 missing", dir -> Files.delete(dir.resolve(S2))));
        ms.add(Mutation.bad("shard 2 a link to a copy outside the directory", dir -> {
            Path out = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
            Files.move(dir.resolve(S2), out.resolve(S2));
            Files.createSymbolicLink(dir.resolve(S2), out.resolve(S2));
        }));
        ms.add(Mutation.bad("index a link to a copy outside the directory", dir -> {
            Path out = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
            Files.move(dir.resolve(f), out.resolve(f));
            Files.createSymbolicLink(dir.resolve(f), out.resolve(f));
        }));
        ms.add(Mutation.bad("shard 2 also holds " + t1, dir -> {
            Map<String, TensorData> s1 = SafeTensors.read(dir.resolve(S1));
            Map<String, TensorData> s2 = SafeTensors.read(dir.resolve(S2));
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Map<String, double[]> values = new LinkedHashMap<>();
            for (var e : s2.entrySet()) {
                shapes.put(e.getKey(), e.getValue().shape());
                values.put(e.getKey(), e.getValue().toDoubles());
            }
            shapes.put(t1, s1.get(t1).shape());
            values.put(t1, s1.get(t1).toDoubles());
            Path tmp = dir.resolve("tmp.safetensors");
            SafeTensors.write(tmp, shapes, values, DType.F32);
            Files.move(tmp, dir.resolve(S2), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }));
        for (int k = 0; k < 12; k++) {
            int at = text.indexOf("weight_map") + rnd.nextInt(text.length() - text.indexOf("weight_map") - 4);
            byte[] x = original.clone();
            byte v = (byte) (33 + rnd.nextInt(94));
            if (v == x[at] || Character.isWhitespace(x[at])) continue;
            x[at] = v;
            ms.add(Mutation.bad(String.format("index byte %d: '%s' -> '%s'", at, printable(String.valueOf((char) original[at])),
                    (char) v), Fuzz.write(f, x)));
        }
        List<Mutation> out = ms;
        out.add(Mutation.benign(t2 + " -> ./" + S2, index(f, idx, "", j -> map(j).put(t2, "./" + S2)).edit()));
        out.add(Mutation.benign("metadata total_size changed", index(f, idx, "", j -> ((ObjectNode) j.get("metadata")).put("total_size", 1)).edit()));
        out.add(Mutation.benign("metadata removed", index(f, idx, "", j -> j.remove("metadata")).edit()));
        out.add(Mutation.benign("weight_map in reverse order", index(f, idx, "", j -> {
            ObjectNode r = OM.createObjectNode();
            for (int i = names.size() - 1; i >= 0; i--) r.set(names.get(i), map(j).get(names.get(i)));
            j.set("weight_map", r);
        }).edit()));
        out.add(Mutation.benign("an unknown top-level key", index(f, idx, "", j -> j.put("format", "pt")).edit()));
        out.add(Mutation.benign("an unlisted extra .safetensors file", dir -> Files.copy(dir.resolve(S1), dir.resolve("extra.safetensors"))));
        return out;
    }

    private static ObjectNode map(ObjectNode idx) {
        return (ObjectNode) idx.get("weight_map");
    }

    private static Mutation index(String f, ObjectNode idx, String name, Fuzz.JsonEdit e) {
        return Mutation.bad(name, dir -> {
            ObjectNode j = idx.deepCopy();
            if (e == null) {
                String t = name.substring(0, name.indexOf(' '));
                map(j).put(t, dir.resolve(S2).toAbsolutePath().toString());
            } else {
                e.apply(j);
            }
            Files.writeString(dir.resolve(f), OM.writerWithDefaultPrettyPrinter().writeValueAsString(j));
        });
    }
}
