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

/**
 * A sweep's files: {@code grid.json}, {@code cells/<id>/} with {@code cell.json}, {@code results.json}, {@code results.csv},
 * {@code results-transfer.csv}. Paths given as strings are relative to the sweep's root ({@link SweepStore}).
 */
final class SweepFiles {
    static final String CELLS = "cells";
    static final String CELL_JSON = "cell.json";
    static final String GRID_JSON = "grid.json";
    static final String RESULTS_JSON = "results.json";
    static final String RESULTS_CSV = "results.csv";
    static final String RESULTS_TRANSFER_CSV = "results-transfer.csv";
    static final String SUMMARY_JSON = "summary.json";

    static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private SweepFiles() {}

    /** The folder of a cell. */
    static Path cellDir(Path out, Cell c) {
        return out.resolve(cellPath(c));
    }

    /** The folder of a cell, relative to the sweep's root. */
    static String cellPath(Cell c) {
        return CELLS + "/" + c.id();
    }

    /** The folder of the evaluation of a cell's final prompt on another model, relative to the sweep's root. */
    static String transferPath(Cell c, String model) {
        return cellPath(c) + "/transfer/" + Cell.fileName(model);
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
        return finished(SweepStore.folder(out), c);
    }

    /** A finished cell's result, or empty when its {@code cell.json} is not there yet. */
    static Optional<CellResult> finished(SweepStore store, Cell c) {
        String f = cellPath(c) + "/" + CELL_JSON;
        Optional<String> text = store.read(f);
        if (text.isEmpty()) return Optional.empty();
        CellResult r;
        try {
            r = MAPPER.readValue(text.get(), CellResult.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the cell result " + store.location(f) + ": " + e.getMessage()
                    + "; remove it to run the cell again", e);
        }
        if (!r.key().equals(c)) {
            throw new IllegalArgumentException(store.location(f) + " holds the cell " + r.key() + ", not " + c + "; remove the folder "
                    + store.location(cellPath(c)));
        }
        return Optional.of(r);
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
