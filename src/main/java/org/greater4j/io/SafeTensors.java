package org.greater4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads HuggingFace safetensors files: one {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json}. Files are memory-mapped; every header is validated against
 * the file size before any byte is touched, so a corrupt file is an exception naming it, never a
 * JVM crash.
 */
public final class SafeTensors {
    /** Largest header accepted (the format's own limit is 100 MB). */
    static final long MAX_HEADER = 100L * 1024 * 1024;
    /** Bytes per mapped chunk: under the 2 GiB limit of a MappedByteBuffer, a multiple of every element size. */
    static final long MAX_MAP = ((Integer.MAX_VALUE - 4096L) / 8) * 8;

    private SafeTensors() {}

    /**
     * Every tensor of the model in {@code dir}: {@code model.safetensors}, or the shards named in
     * {@code model.safetensors.index.json}. Returns tensors in file order, by name.
     */
    public static Map<String, TensorData> readDirectory(Path dir) {
        Path single = dir.resolve("model.safetensors");
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.exists(index)) {
            return readSharded(index);
        }
        if (Files.exists(single)) {
            return read(single);
        }
        try (var s = Files.list(dir)) {
            List<Path> any = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            if (any.size() == 1) return read(any.get(0));
            if (any.size() > 1) {
                throw new ModelFormatException(dir, "has " + any.size() + " .safetensors files but no "
                        + "model.safetensors.index.json to say how they fit together; add the index file "
                        + "from the model's repository");
            }
        } catch (IOException e) {
            throw new ModelFormatException(dir, "cannot list directory: " + e.getMessage(), e);
        }
        throw new ModelFormatException(dir, "no model.safetensors (or model.safetensors.index.json) found; "
                + "point --model at a HuggingFace model directory or a llama2.c .bin checkpoint");
    }

    /** The shards named by an index file, merged; each tensor must be in the shard the index names. */
    public static Map<String, TensorData> readSharded(Path indexFile) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(indexFile.toFile());
        } catch (IOException e) {
            throw new ModelFormatException(indexFile, "is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode map = root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new ModelFormatException(indexFile, "has no \"weight_map\" object");
        }
        TreeSet<String> shards = new TreeSet<>();
        Map<String, String> where = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            var e = it.next();
            shards.add(e.getValue().asText());
            where.put(e.getKey(), e.getValue().asText());
        }
        Map<String, TensorData> all = new LinkedHashMap<>();
        for (String shard : shards) {
            Path p = indexFile.resolveSibling(shard);
            Map<String, TensorData> part = read(p);
            for (var e : part.entrySet()) {
                String expected = where.get(e.getKey());
                if (expected != null && !expected.equals(shard)) {
                    throw new ModelFormatException(p, "holds tensor " + e.getKey() + " which the index puts in " + expected);
                }
                all.put(e.getKey(), e.getValue());
            }
        }
        for (String name : where.keySet()) {
            if (!all.containsKey(name)) {
                throw new ModelFormatException(indexFile, "names tensor " + name + " in " + where.get(name)
                        + " but that shard does not contain it");
            }
        }
        return all;
    }

    /** The tensors of one safetensors file, memory-mapped, with its header validated. */
    public static Map<String, TensorData> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new ModelFormatException(file, "is " + size + " bytes, too short for a safetensors header "
                        + "(truncated download?); fetch the file again");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 0 || headerLen > MAX_HEADER) {
                throw new ModelFormatException(file, "declares a header of " + headerLen + " bytes (allowed 1.."
                        + MAX_HEADER + "): not a safetensors file, or corrupt");
            }
            if (8 + headerLen > size) {
                throw new ModelFormatException(file, "declares a header of " + headerLen + " bytes but the file has only "
                        + size + " bytes (truncated); fetch the file again");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            String headerJson = new String(hb.array(), StandardCharsets.UTF_8);
            JsonNode header;
            try {
                header = new ObjectMapper().readTree(headerJson);
            } catch (IOException e) {
                throw new ModelFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
            }
            if (header == null || !header.isObject()) {
                throw new ModelFormatException(file, "header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataLen = size - dataStart;
            Map<String, TensorData> out = new LinkedHashMap<>();
            List<long[]> ranges = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                var e = it.next();
                String name = e.getKey();
                if (name.equals("__metadata__")) continue;
                JsonNode t = e.getValue();
                String dt = t.path("dtype").asText("");
                DType dtype = DType.fromSafetensors(dt);
                if (dtype == null) {
                    throw new ModelFormatException(file, "tensor " + name + " has dtype \"" + dt
                            + "\", which greater4j cannot read (supported: F32, F16, BF16, F64); convert the "
                            + "checkpoint to one of those");
                }
                JsonNode shapeNode = t.get("shape");
                JsonNode offs = t.get("data_offsets");
                if (shapeNode == null || !shapeNode.isArray() || offs == null || !offs.isArray() || offs.size() != 2) {
                    throw new ModelFormatException(file, "tensor " + name + " lacks a valid \"shape\" or \"data_offsets\"");
                }
                long[] shape = new long[shapeNode.size()];
                long numel = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeNode.get(i).asLong(-1);
                    if (shape[i] < 0) throw new ModelFormatException(file, "tensor " + name + " has a negative dimension");
                    numel = Math.multiplyExact(numel, shape[i]);
                }
                long begin = offs.get(0).asLong(-1), end = offs.get(1).asLong(-1);
                if (begin < 0 || end < begin) {
                    throw new ModelFormatException(file, "tensor " + name + " has invalid data_offsets [" + begin + ", " + end + "]");
                }
                if (end > dataLen) {
                    throw new ModelFormatException(file, "tensor " + name + " ends at byte " + end + " of the data section, "
                            + "past the end of the file (data section has " + dataLen + " bytes): the file is truncated "
                            + "or corrupt; fetch it again");
                }
                if (end - begin != numel * dtype.bytes) {
                    throw new ModelFormatException(file, "tensor " + name + " has shape " + java.util.Arrays.toString(shape)
                            + " (" + numel * dtype.bytes + " bytes as " + dt + ") but its data_offsets span "
                            + (end - begin) + " bytes");
                }
                ranges.add(new long[] {begin, end});
                out.put(name, new TensorData(name, shape, dtype, map(ch, dataStart + begin, end - begin)));
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file, "does not exist");
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer[] map(FileChannel ch, long start, long len) throws IOException {
        if (len == 0) return new ByteBuffer[] {ByteBuffer.allocate(0)};
        int n = (int) ((len + MAX_MAP - 1) / MAX_MAP);
        ByteBuffer[] out = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            long off = start + (long) i * MAX_MAP;
            long l = Math.min(MAX_MAP, len - (long) i * MAX_MAP);
            out[i] = ch.map(FileChannel.MapMode.READ_ONLY, off, l).order(ByteOrder.LITTLE_ENDIAN);
        }
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new IOException("unexpected end of file");
        }
    }

    /**
     * Writes tensors as one safetensors file (F32 or F64 values given as doubles), in the order given.
     * Used by tests and by the toy-model trainer.
     */
    public static void write(Path file, Map<String, long[]> shapes, Map<String, double[]> values, DType dtype) {
        if (dtype != DType.F32 && dtype != DType.F64) throw new IllegalArgumentException("write supports F32 and F64");
        StringBuilder h = new StringBuilder("{");
        long off = 0;
        boolean first = true;
        for (var e : shapes.entrySet()) {
            long numel = 1;
            for (long s : e.getValue()) numel *= s;
            if (values.get(e.getKey()).length != numel) {
                throw new IllegalArgumentException(e.getKey() + ": " + values.get(e.getKey()).length + " values for " + numel + " elements");
            }
            if (!first) h.append(',');
            first = false;
            h.append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(dtype.name()).append("\",\"shape\":[");
            long[] s = e.getValue();
            for (int i = 0; i < s.length; i++) h.append(i > 0 ? "," : "").append(s[i]);
            long len = numel * dtype.bytes;
            h.append("],\"data_offsets\":[").append(off).append(',').append(off + len).append("]}");
            off += len;
        }
        h.append('}');
        byte[] hdr = h.toString().getBytes(StandardCharsets.UTF_8);
        int pad = (8 - hdr.length % 8) % 8;
        ByteBuffer b = ByteBuffer.allocate((int) (8 + hdr.length + pad + off)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(hdr.length + pad);
        b.put(hdr);
        for (int i = 0; i < pad; i++) b.put((byte) ' ');
        for (var e : shapes.keySet()) {
            for (double v : values.get(e)) {
                if (dtype == DType.F32) b.putFloat((float) v); else b.putDouble(v);
            }
        }
        try {
            Files.write(file, b.array());
        } catch (IOException ex) {
            throw new ModelFormatException(file, "cannot be written: " + ex.getMessage(), ex);
        }
    }
}
