package org.greater4j.sweep;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a sweep keeps its files ({@code grid.json}, {@code cells/<id>/}, {@code results.json} ...): a folder of this
 * machine or a shared filesystem ({@link #folder(String)}), or, for the Spark executor, a Hadoop filesystem URI
 * ({@code spark.SparkSweep.store}). Files are named by {@code /}-separated paths relative to the sweep's root. A worker
 * runs its cells in a local folder; when the sweep's files are not in a local folder ({@link #localFolder()} is empty)
 * it copies each cell's folder down before running it and up after every checkpoint ({@link CellRunner}).
 */
public interface SweepStore {

    /** The sweep's root, as the user gave it (a path or a URI), for messages. */
    String location();

    /** A file or folder of the sweep, as {@link #location()} + {@code /path}, for messages. */
    default String location(String path) {
        return location().replaceAll("/+$", "") + "/" + path;
    }

    /** The local folder holding the sweep's files when they are on a filesystem path (no copying needed), else empty. */
    Optional<Path> localFolder();

    /** True when the file exists (a file, not a folder). */
    boolean exists(String path);

    /** The file's text (UTF-8), or empty when it does not exist. */
    Optional<String> read(String path);

    /** Writes text so that a reader sees the old file or the whole new one (a temporary file, then a rename). */
    void write(String path, String text);

    /** The files under a folder, recursively, as paths relative to the sweep's root (sorted; empty when it is missing). */
    List<String> list(String dir);

    /** Copies a file of the sweep to a local file (its folder created). */
    void download(String path, Path local);

    /** Copies a local file into the sweep, as {@link #write} does: readers never see a part of it. */
    void upload(Path local, String path);

    /** Deletes a file or a folder and everything in it (nothing when it is missing). */
    void delete(String path);

    /**
     * The sweep's files in a folder: a plain path or a {@code file:} URI.
     *
     * @throws IllegalArgumentException for a URI of another scheme ({@code hdfs://}, {@code s3a://} ...), which only the
     *                                  Spark executor writes to
     */
    static SweepStore folder(String out) {
        Optional<String> scheme = scheme(out);
        if (scheme.isPresent() && !scheme.get().equals("file")) {
            throw new IllegalArgumentException("--out " + out + " is a " + scheme.get() + ":// URI, which only the Spark executor writes to; "
                    + "use --executor spark, or give --out as a local or shared path (e.g. /shared/sweeps/run1)");
        }
        if (scheme.isEmpty()) return new LocalStore(Path.of(out));
        try {
            return new LocalStore(Path.of(URI.create(out)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--out " + out + " is not a file URI of an absolute path (" + e.getMessage()
                    + "); write it as file:///abs/path or as a plain path", e);
        }
    }

    /** The sweep's files in a local or shared folder. */
    static SweepStore folder(Path out) {
        return new LocalStore(out);
    }

    /**
     * The URI scheme of {@code out} ({@code hdfs}, {@code s3a}, {@code file} ...), or empty for a plain path. A scheme is
     * letters, digits, {@code + - .} before {@code :} of two letters or more, so {@code C:\x} is a path.
     */
    static Optional<String> scheme(String out) {
        var m = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):").matcher(out);
        return m.find() ? Optional.of(m.group(1).toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
    }
}
