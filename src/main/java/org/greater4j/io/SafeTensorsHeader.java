package org.greater4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The header of one safetensors file, validated by the format's rules before any tensor byte is
 * touched: strict UTF-8 JSON, one object, no repeated key, nothing after it but space padding; every
 * entry but {@code __metadata__} a tensor with a known dtype, a shape of non-negative integers whose
 * product fits in a long, and {@code data_offsets} whose span is exactly shape x dtype size; and
 * the offsets of all tensors tiling the data section: sorted, they start at 0, each begins where
 * the previous ends, and the last ends at the file's end.
 */
final class SafeTensorsHeader {
    /** Largest header accepted (the format's own limit is 100 MB). */
    static final long MAX_HEADER = 100L * 1024 * 1024;

    /** One tensor's entry; offsets are relative to the data section, which follows the header. */
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    private SafeTensorsHeader() {}

    /**
     * Checks the declared header length against the file size.
     *
     * @throws ModelFormatException when it is out of bounds
     */
    static void checkLength(Path file, long headerLen, long fileSize) {
        if (headerLen < 2 || headerLen > MAX_HEADER) {
            throw new ModelFormatException(file, "declares a header of " + headerLen + " bytes (allowed 2.." + MAX_HEADER
                    + "): not a safetensors file, or corrupt; fetch the file again");
        }
        if (8 + headerLen > fileSize) {
            throw new ModelFormatException(file, "declares a header of " + headerLen + " bytes, which with the 8-byte length "
                    + "field is more than the file's " + fileSize + " bytes (truncated); fetch the file again");
        }
    }

    /**
     * Parses and validates a header.
     *
     * @param file    the file (for messages)
     * @param bytes   the header's bytes (after the 8-byte length)
     * @param dataLen bytes after the header, which the tensors must tile exactly
     * @return the tensors in header order
     * @throws ModelFormatException naming the file, the tensor, the value and the fix
     */
    static List<Entry> parse(Path file, byte[] bytes, long dataLen) {
        JsonNode header;
        try {
            header = StrictJson.parse(StrictJson.utf8(bytes));
        } catch (StrictJson.Invalid e) {
            throw new ModelFormatException(file, "header " + e.getMessage()
                    + "; the header length or the header is corrupt: fetch the file again", e);
        }
        if (!header.isObject()) {
            throw new ModelFormatException(file, "header is not a JSON object (" + header.getNodeType() + "); not a "
                    + "safetensors file: fetch it again");
        }
        List<Entry> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) {
                checkMetadata(file, e.getValue());
            } else {
                out.add(entry(file, e.getKey(), e.getValue(), dataLen));
            }
        }
        checkTiling(file, out, dataLen);
        return out;
    }

    private static void checkMetadata(Path file, JsonNode m) {
        if (m.isNull()) return;
        if (!m.isObject()) {
            throw new ModelFormatException(file, "\"__metadata__\" is not an object of strings (" + abbreviate(m)
                    + "); fetch the file again");
        }
        m.fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual()) {
                throw new ModelFormatException(file, "\"__metadata__\" entry \"" + f.getKey() + "\" is not a string ("
                        + abbreviate(f.getValue()) + "); the format allows only strings there: fetch the file again");
            }
        });
    }

    private static Entry entry(Path file, String name, JsonNode t, long dataLen) {
        if (!t.isObject()) {
            throw new ModelFormatException(file, "tensor " + name + " is not an object with dtype, shape and data_offsets ("
                    + abbreviate(t) + "); fetch the file again");
        }
        JsonNode dt = t.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw new ModelFormatException(file, "tensor " + name + " has no \"dtype\" string (" + abbreviate(dt)
                    + "); fetch the file again");
        }
        DType dtype = DType.fromSafetensors(dt.asText());
        if (dtype == null) {
            throw new ModelFormatException(file, "tensor " + name + " has dtype \"" + dt.asText()
                    + "\", which greater4j cannot read (supported: F32, F16, BF16, F64); convert the "
                    + "checkpoint to one of those");
        }
        long[] shape = longs(file, name, "shape", t.get("shape"), -1);
        long[] offs = longs(file, name, "data_offsets", t.get("data_offsets"), 2);
        long numel = 1;
        long bytes;
        try {
            for (long s : shape) numel = Math.multiplyExact(numel, s);
            bytes = Math.multiplyExact(numel, (long) dtype.bytes);
        } catch (ArithmeticException e) {
            throw new ModelFormatException(file, "tensor " + name + " has shape " + Arrays.toString(shape) + ", whose size in "
                    + dtype + " does not fit in a 64-bit byte count; the header is corrupt: fetch the file again");
        }
        long begin = offs[0];
        long end = offs[1];
        if (end < begin) {
            throw new ModelFormatException(file, "tensor " + name + " has invalid data_offsets [" + begin + ", " + end
                    + "] (end before begin); the header is corrupt: fetch the file again");
        }
        if (end > dataLen) {
            throw new ModelFormatException(file, "tensor " + name + " ends at byte " + end + " of the data section, "
                    + "past the end of the file (data section has " + dataLen + " bytes): the file is truncated "
                    + "or corrupt; fetch it again");
        }
        if (end - begin != bytes) {
            throw new ModelFormatException(file, "tensor " + name + " has shape " + Arrays.toString(shape) + " (" + bytes
                    + " bytes as " + dtype + ") but its data_offsets span " + (end - begin) + " bytes; the header is "
                    + "corrupt: fetch the file again");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** An array of non-negative integers that fit in a long ({@code size} of them, or any number when negative). */
    private static long[] longs(Path file, String tensor, String key, JsonNode a, int size) {
        if (a == null || !a.isArray() || (size >= 0 && a.size() != size)) {
            throw new ModelFormatException(file, "tensor " + tensor + " has no valid \"" + key + "\" (" + abbreviate(a)
                    + "; expected " + (size >= 0 ? size + " integers" : "a list of integers") + "); fetch the file again");
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = a.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new ModelFormatException(file, "tensor " + tensor + " has \"" + key + "\" " + abbreviate(a) + ", whose "
                        + "entry " + v + " is not a non-negative integer that fits in a long; fetch the file again");
            }
            out[i] = v.asLong();
        }
        return out;
    }

    /** The tensors, sorted by offset, must cover [0, dataLen) exactly once. */
    private static void checkTiling(Path file, List<Entry> entries, long dataLen) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry prev = null;
        for (Entry e : sorted) {
            if (e.begin() < expected) {
                throw new ModelFormatException(file, "tensor " + e.name() + " at data_offsets [" + e.begin() + ", " + e.end()
                        + "] overlaps tensor " + prev.name() + " at [" + prev.begin() + ", " + prev.end() + "]; each byte "
                        + "belongs to one tensor: the header is corrupt, fetch the file again");
            }
            if (e.begin() > expected) {
                throw new ModelFormatException(file, "tensor " + e.name() + " starts at byte " + e.begin() + " of the data "
                        + "section but " + (prev == null ? "no tensor precedes it" : "tensor " + prev.name() + " ends at "
                        + expected) + ": a gap of " + (e.begin() - expected) + " byte(s); the tensors must tile the data "
                        + "section: the header is corrupt, fetch the file again");
            }
            expected = e.end();
            prev = e;
        }
        if (expected != dataLen) {
            throw new ModelFormatException(file, "the tensors' data ends at byte " + expected + " but the data section has "
                    + dataLen + " bytes (" + (dataLen - expected) + " byte(s) belong to no tensor): the header length or "
                    + "the data_offsets are wrong; fetch the file again");
        }
    }

    private static String abbreviate(JsonNode n) {
        return n == null ? "missing" : StrictJson.abbreviate(n.toString(), 80);
    }
}
