package org.greater4j.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.greater4j.io.AtomicFile;

/** A sweep folder's files: {@code grid.json}, {@code cells/<id>/} with {@code cell.json}, {@code results.json}, {@code results.csv}. */
final class SweepFiles {
    static final String CELLS = "cells";
    static final String CELL_JSON = "cell.json";
    static final String GRID_JSON = "grid.json";
    static final String RESULTS_JSON = "results.json";
    static final String RESULTS_CSV = "results.csv";

    static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private SweepFiles() {}

    /** The folder of a cell. */
    static Path cellDir(Path out, Cell c) {
        return out.resolve(CELLS).resolve(c.id());
    }

    /** Writes text so that a reader sees the old file or the whole new one, never a part (a temporary file, then a rename). */
    static void writeAtomically(Path file, String text) {
        try {
            AtomicFile.write(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a folder and everything in it (nothing when it is missing). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A finished cell's result, or empty when its {@code cell.json} is not there yet. */
    static Optional<CellResult> finished(Path out, Cell c) {
        Path f = cellDir(out, c).resolve(CELL_JSON);
        if (!Files.exists(f)) return Optional.empty();
        CellResult r = read(f);
        if (!r.key().equals(c)) {
            throw new IllegalArgumentException(f + " holds the cell " + r.key() + ", not " + c + "; remove the folder " + f.getParent());
        }
        return Optional.of(r);
    }

    static CellResult read(Path f) {
        try {
            return MAPPER.readValue(f.toFile(), CellResult.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the cell result " + f + ": " + e.getMessage() + "; remove it to run the cell "
                    + "again", e);
        }
    }

    static void write(Path f, CellResult r) {
        writeAtomically(f, json(r));
    }

    static String json(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
