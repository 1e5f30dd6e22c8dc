package org.greater4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors rules of issue 14, one case each: the header is JSON without duplicate keys and
 * without trailing bytes, the data offsets tile the data section exactly, each tensor's size is its
 * shape times its dtype size, shapes fit in a long; the shard index names files inside the model
 * directory and every tensor is in exactly one shard.
 */
class SafeTensorsRulesTest {
    @TempDir
    Path tmp;

    /** Two tensors: a = F32[2] (8 bytes), b = F32[2, 2] (16 bytes). */
    static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%d,%d]}";
    static final String B = "\"b\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[%d,%d]}";

    private Path file(long declaredLen, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLen).put(h);
        for (int i = 0; i < dataBytes; i++) b.put((byte) (i + 1)); // no data byte is a space
        Path f = tmp.resolve("model.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private Path file(String json, int dataBytes) throws IOException {
        return file(json.getBytes(StandardCharsets.UTF_8).length, json, dataBytes);
    }

    private static String header(String... entries) {
        return "{" + String.join(",", entries) + "}";
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> fails(Path f) {
        return assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(f.toString() + ": ");
    }

    @Test
    void aWellFormedFileReadsAndReorderedEntriesAreFine() throws IOException {
        Path f = file(header(String.format(B, 8, 24), String.format(A, 0, 8), "\"__metadata__\":{\"format\":\"pt\"}"), 24);
        Map<String, TensorData> t = SafeTensors.read(f);
        assertThat(t.keySet()).containsExactly("b", "a");
        assertThat(t.get("a").toFloats()).containsExactly(Float.intBitsToFloat(0x04030201), Float.intBitsToFloat(0x08070605));
    }

    @Test
    void overlappingOffsets() throws IOException {
        Path f = file(header(String.format(A, 0, 8), String.format(B, 4, 20)), 20);
        fails(f).hasMessageContaining("tensor b").hasMessageContaining("[4, 20]").hasMessageContaining("overlaps");
    }

    @Test
    void duplicatedOffsets() throws IOException {
        String c = "\"c\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        Path f = file(header(String.format(A, 0, 8), c, String.format(B, 8, 24)), 24);
        fails(f).hasMessageContaining("overlaps");
    }

    @Test
    void shiftedOffsetsLeaveAGap() throws IOException {
        Path f = file(header(String.format(A, 4, 12), String.format(B, 12, 28)), 28);
        fails(f).hasMessageContaining("tensor a").hasMessageContaining("gap");
        Path g = file(header(String.format(A, 0, 8), String.format(B, 8, 24)), 28);
        fails(g).hasMessageContaining("data section").hasMessageContaining("28 bytes").hasMessageContaining("24");
    }

    @Test
    void duplicateKeyIsAnErrorNotTheLaterOne() throws IOException {
        Path f = file(header(String.format(A, 0, 8), String.format(A, 8, 16)), 16);
        fails(f).hasMessageContaining("duplicate").hasMessageContaining("\"a\"");
    }

    @Test
    void headerLengthOffByOne() throws IOException {
        String json = header(String.format(A, 0, 8), String.format(B, 8, 24)) + " "; // padded like a real writer
        int len = json.length();
        // one short: the pad byte becomes the first data byte, so every tensor is read one byte off
        fails(file(len - 1, json, 24)).hasMessageContaining("data section");
        // one long: the first data byte becomes part of the header
        fails(file(len + 1, json, 24)).hasMessageContaining("header");
        assertThat(SafeTensors.read(file(len, json, 24))).hasSize(2);
    }

    @Test
    void trailingBytesAfterTheHeaderJson() throws IOException {
        fails(file(header(String.format(A, 0, 8), String.format(B, 8, 24)) + "xy", 24))
                .hasMessageContaining("after its JSON value");
        fails(file(header(String.format(A, 0, 8), String.format(B, 8, 24)) + "{}", 24))
                .hasMessageContaining("after its JSON value");
    }

    @Test
    void shapeOverflowingALong() throws IOException {
        String big = "\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}";
        fails(file(header(big), 8)).hasMessageContaining("tensor a").hasMessageContaining("[4611686018427387904, 4]")
                .hasMessageContaining("does not fit");
        String huge = "\"a\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,8]}";
        fails(file(header(huge), 8)).hasMessageContaining("99999999999999999999");
        String flt = "\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}";
        fails(file(header(flt), 8)).hasMessageContaining("2.5");
        String str = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[\"0\",8]}";
        fails(file(header(str), 8)).hasMessageContaining("data_offsets");
    }

    @Test
    void headerThatIsNotUtf8() throws IOException {
        byte[] h = header(String.format(A, 0, 8)).getBytes(StandardCharsets.UTF_8);
        h[2] = (byte) 0xC3; // a lone lead byte inside the name
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = tmp.resolve("model.safetensors");
        Files.write(f, b.array());
        fails(f).hasMessageContaining("UTF-8");
    }

    // ---- the shard index ----

    private Path shard(Path dir, String name, Map<String, long[]> shapes) {
        Map<String, double[]> v = new LinkedHashMap<>();
        shapes.forEach((k, s) -> v.put(k, new double[(int) (s[0])]));
        SafeTensors.write(dir.resolve(name), shapes, v, DType.F32);
        return dir.resolve(name);
    }

    private Path sharded(String weightMap) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        shard(dir, "s1.safetensors", Map.of("x", new long[] {2}));
        shard(dir, "s2.safetensors", Map.of("y", new long[] {3}));
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\":{},\"weight_map\":" + weightMap + "}");
        return dir;
    }

    @Test
    void aConsistentIndexReads() throws IOException {
        Path dir = sharded("{\"x\":\"s1.safetensors\",\"y\":\"./s2.safetensors\"}");
        assertThat(SafeTensors.readDirectory(dir).keySet()).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void indexNamingAFileOutsideTheDirectory() throws IOException {
        Path dir = sharded("{\"x\":\"s1.safetensors\",\"y\":\"/etc/passwd\"}");
        Path index = dir.resolve("model.safetensors.index.json");
        assertThatThrownBy(() -> SafeTensors.readDirectory(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(index + ": ").hasMessageContaining("/etc/passwd").hasMessageContaining("outside");
        Path dir2 = sharded("{\"x\":\"s1.safetensors\",\"y\":\"../m/../../etc/passwd\"}");
        assertThatThrownBy(() -> SafeTensors.readDirectory(dir2)).hasMessageContaining("outside");
    }

    @Test
    void shardThatIsASymlinkOutOfTheDirectory() throws IOException {
        Path dir = sharded("{\"x\":\"s1.safetensors\",\"y\":\"s2.safetensors\"}");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.move(dir.resolve("s2.safetensors"), elsewhere.resolve("s2.safetensors"));
        Files.createSymbolicLink(dir.resolve("s2.safetensors"), elsewhere.resolve("s2.safetensors"));
        assertThatThrownBy(() -> SafeTensors.readDirectory(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("s2.safetensors").hasMessageContaining("outside");
    }

    @Test
    void aSymlinkIntoTheHuggingFaceCacheBlobsIsFine() throws IOException {
        // models--org--name/snapshots/<rev>/s1.safetensors -> ../../blobs/<hash>, as the HF cache lays files out
        Path repo = tmp.resolve("hub/models--org--name");
        Path snap = Files.createDirectories(repo.resolve("snapshots/abc123"));
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        shard(blobs, "h1", Map.of("x", new long[] {2}));
        Files.createSymbolicLink(snap.resolve("model.safetensors"), Path.of("../../blobs/h1"));
        assertThat(SafeTensors.readDirectory(snap).keySet()).containsExactly("x");
    }

    @Test
    void aTensorInTwoShards() throws IOException {
        Path dir = sharded("{\"x\":\"s1.safetensors\",\"y\":\"s2.safetensors\"}");
        shard(dir, "s2.safetensors", Map.of("y", new long[] {3}, "x", new long[] {2}));
        assertThatThrownBy(() -> SafeTensors.readDirectory(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor x").hasMessageContaining("s1.safetensors").hasMessageContaining("s2.safetensors");
    }

    @Test
    void indexWithADuplicateKeyOrANonStringFile() throws IOException {
        Path dir = sharded("{\"x\":\"s1.safetensors\",\"y\":\"s2.safetensors\",\"x\":\"s2.safetensors\"}");
        assertThatThrownBy(() -> SafeTensors.readDirectory(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("duplicate");
        Path dir2 = sharded("{\"x\":\"s1.safetensors\",\"y\":7}");
        assertThatThrownBy(() -> SafeTensors.readDirectory(dir2)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("\"y\"").hasMessageContaining("7");
    }

    @Test
    void shardTensorMissingFromTheIndex() throws IOException {
        Path dir = sharded("{\"x\":\"s1.safetensors\"}");
        // s2 is never named, so it is not read at all
        assertThat(SafeTensors.readDirectory(dir).keySet()).containsExactly("x");
        shard(dir, "s1.safetensors", Map.of("x", new long[] {2}, "z", new long[] {1}));
        assertThatThrownBy(() -> SafeTensors.readDirectory(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor z").hasMessageContaining("not list");
    }
}
