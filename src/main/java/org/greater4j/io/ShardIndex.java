package org.greater4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code model.safetensors.index.json}: which shard holds each tensor ({@code weight_map}). Read as
 * strict JSON (no repeated key); every shard name must be a string naming a file inside the index's
 * directory ({@link ModelDir#resolveInside}); {@code metadata} is ignored.
 */
final class ShardIndex {
    /** The index's file name in a model directory. */
    static final String FILE_NAME = "model.safetensors.index.json";
    /** Largest index accepted: a 400-billion-parameter model's index is a few hundred KB. */
    static final long MAX_BYTES = 100L * 1024 * 1024;

    private final Map<String, Path> shardOf;

    private ShardIndex(Map<String, Path> shardOf) {
        this.shardOf = shardOf;
    }

    /** The tensor names, in index order. */
    Set<String> tensors() {
        return shardOf.keySet();
    }

    /** The shard the index puts {@code tensor} in (normalized), or null when it does not list it. */
    Path shardOf(String tensor) {
        return shardOf.get(tensor);
    }

    /** The distinct shards, sorted by file name. */
    Set<Path> shards() {
        return new TreeSet<>(shardOf.values());
    }

    /**
     * Reads and validates an index.
     *
     * @throws ModelFormatException naming the index, the entry, the value and the fix
     */
    static ShardIndex read(Path indexFile) {
        Path dir = indexFile.toAbsolutePath().normalize().getParent();
        JsonNode root;
        try {
            long size = Files.size(indexFile);
            if (size > MAX_BYTES) {
                throw new ModelFormatException(indexFile, "is " + size + " bytes, more than an index can be (" + MAX_BYTES
                        + "); fetch the model's " + FILE_NAME + " again");
            }
            root = StrictJson.parse(StrictJson.utf8(Files.readAllBytes(indexFile)));
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(indexFile, "does not exist");
        } catch (IOException e) {
            throw new ModelFormatException(indexFile, "cannot be read: " + e.getMessage(), e);
        } catch (StrictJson.Invalid e) {
            throw new ModelFormatException(indexFile, e.getMessage() + "; fetch the model's " + FILE_NAME + " again", e);
        }
        JsonNode map = root.get("weight_map");
        if (!root.isObject() || map == null || !map.isObject()) {
            throw new ModelFormatException(indexFile, "has no \"weight_map\" object (" + (map == null ? "missing"
                    : StrictJson.abbreviate(map.toString(), 60)) + "); fetch the model's " + FILE_NAME + " again");
        }
        if (map.isEmpty()) {
            throw new ModelFormatException(indexFile, "has an empty \"weight_map\": no tensor in any shard; fetch the model's "
                    + FILE_NAME + " again");
        }
        Map<String, Path> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (!v.isTextual()) {
                throw new ModelFormatException(indexFile, "weight_map entry \"" + e.getKey() + "\" is not a file name ("
                        + StrictJson.abbreviate(v.toString(), 60) + "); each entry names the shard holding the tensor: "
                        + "fetch the model's " + FILE_NAME + " again");
            }
            Path shard = ModelDir.resolveInside(dir, v.asText(), indexFile, "weight_map entry \"" + e.getKey() + "\"");
            if (!out.containsValue(shard) && !Files.isRegularFile(shard)) {
                throw new ModelFormatException(indexFile, "weight_map entry \"" + e.getKey() + "\" names the shard " + v.asText()
                        + ", which is not in the model directory; fetch the missing shard, or the index that belongs to "
                        + "the shards you have");
            }
            out.put(e.getKey(), shard);
        }
        return new ShardIndex(out);
    }
}
