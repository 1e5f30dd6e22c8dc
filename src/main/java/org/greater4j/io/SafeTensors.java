package org.greater4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads HuggingFace safetensors files: one {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json}. Files are memory-mapped; every header is validated against
 * the file size and the format's rules before any byte is touched ({@link SafeTensorsHeader}), so a
 * corrupt file is an exception naming it, never wrong weights or a JVM crash.
 */
public final class SafeTensors {
    /** Largest header accepted (the format's own limit is 100 MB). */
    static final long MAX_HEADER = SafeTensorsHeader.MAX_HEADER;
    /** Bytes per mapped chunk: under the 2 GiB limit of a MappedByteBuffer, a multiple of every element size. */
    static final long MAX_MAP = ((Integer.MAX_VALUE - 4096L) / 8) * 8;

    private SafeTensors() {}

    /**
     * Every tensor of the model in {@code dir}: {@code model.safetensors}, or the shards named in
     * {@code model.safetensors.index.json}. Returns tensors in file order, by name. Every file read
     * must lie inside {@code dir}, also after following links ({@link ModelDir}).
     */
    public static Map<String, TensorData> readDirectory(Path dir) {
        Path single = dir.resolve("model.safetensors");
        Path index = dir.resolve(ShardIndex.FILE_NAME);
        if (Files.exists(index)) {
            return readSharded(ModelDir.requireInside(dir, index, null));
        }
        if (Files.exists(single)) {
            return read(ModelDir.requireInside(dir, single, null));
        }
        try (var s = Files.list(dir)) {
            List<Path> any = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            if (any.size() == 1) return read(ModelDir.requireInside(dir, any.get(0), null));
            if (any.size() > 1) {
                throw new ModelFormatException(dir, "has " + any.size() + " .safetensors files but no "
                        + ShardIndex.FILE_NAME + " to say how they fit together; add the index file "
                        + "from the model's repository");
            }
        } catch (IOException e) {
            throw new ModelFormatException(dir, "cannot list directory: " + e.getMessage(), e);
        }
        throw new ModelFormatException(dir, "no model.safetensors (or " + ShardIndex.FILE_NAME + ") found; "
                + "point --model at a HuggingFace model directory or a llama2.c .bin checkpoint");
    }

    /**
     * The shards named by an index file, merged. The index's {@code weight_map} must name files inside
     * the index's directory; each shard must hold exactly the tensors the index puts in it, so a tensor
     * is in one shard only.
     */
    public static Map<String, TensorData> readSharded(Path indexFile) {
        ShardIndex index = ShardIndex.read(indexFile);
        Map<String, TensorData> all = new LinkedHashMap<>();
        for (Path shard : index.shards()) {
            Map<String, TensorData> part = read(shard);
            for (var e : part.entrySet()) {
                Path expected = index.shardOf(e.getKey());
                if (expected == null) {
                    throw new ModelFormatException(shard, "holds tensor " + e.getKey() + ", which " + indexFile.getFileName()
                            + " does not list; the index and the shards do not belong together: fetch them again");
                }
                if (!expected.equals(shard)) {
                    throw new ModelFormatException(shard, "holds tensor " + e.getKey() + " which the index puts in "
                            + expected.getFileName() + " (a tensor must be in one shard only); fetch the shards again");
                }
                all.put(e.getKey(), e.getValue());
            }
        }
        for (String name : index.tensors()) {
            if (!all.containsKey(name)) {
                throw new ModelFormatException(indexFile, "names tensor " + name + " in " + index.shardOf(name).getFileName()
                        + " but that shard does not contain it; the index and the shards do not belong together: fetch "
                        + "them again");
            }
        }
        return all;
    }

    /** The tensors of one safetensors file, memory-mapped, with its header validated ({@link SafeTensorsHeader}). */
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
            SafeTensorsHeader.checkLength(file, headerLen, size);
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            long dataStart = 8 + headerLen;
            List<SafeTensorsHeader.Entry> entries = SafeTensorsHeader.parse(file, hb.array(), size - dataStart);
            Map<String, TensorData> out = new LinkedHashMap<>();
            for (SafeTensorsHeader.Entry e : entries) {
                out.put(e.name(), new TensorData(e.name(), e.shape(), e.dtype(), map(ch, dataStart + e.begin(), e.end() - e.begin())));
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
