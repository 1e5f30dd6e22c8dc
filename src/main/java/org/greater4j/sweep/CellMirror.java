package org.greater4j.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A worker's local copy of some folders of a sweep kept elsewhere ({@link SweepStore} without a local folder): {@link #pull}
 * copies a folder down before a cell runs, {@link #push} copies what changed since the last push back up, the marker files
 * (a cell's {@code cell.json}, an evaluation's {@code summary.json}) last, so that a reader of the sweep never sees a
 * marker beside half-copied files. The run's lock ({@code .lock}) and temporary files ({@code *.tmp}) stay local.
 */
final class CellMirror {
    private final SweepStore shared;
    private final Path work;
    /** A checksum of each file at its last push or pull. */
    private final Map<Path, String> stamps = new HashMap<>();

    /**
     * @param shared where the sweep's files are
     * @param work   the local folder standing for the sweep's root
     */
    CellMirror(SweepStore shared, Path work) {
        this.shared = shared;
        this.work = work;
    }

    /** Copies a file or the files of a folder of the sweep into the local folder (nothing when missing). */
    void pull(String path) {
        List<String> files = shared.list(path);
        if (files.isEmpty() && shared.exists(path)) files = List.of(path);
        for (String f : files) {
            if (skipped(f.substring(f.lastIndexOf('/') + 1))) continue;
            Path local = work.resolve(f);
            shared.download(f, local);
            stamps.put(local, stamp(local));
        }
    }

    /** Copies the files of a local folder that changed since they were last copied into the sweep, {@code last} after the others. */
    void push(String dir, List<String> last) {
        Path d = work.resolve(dir);
        if (!Files.isDirectory(d)) return;
        List<Path> files;
        try (Stream<Path> s = Files.walk(d)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).filter(f -> !skipped(f.getFileName().toString())).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + d + ": " + e.getMessage(), e);
        }
        List<Path> markers = files.stream().filter(f -> last.contains(d.relativize(f).toString().replace('\\', '/'))).toList();
        files.removeAll(markers);
        files.addAll(markers);
        for (Path f : files) {
            String st = stamp(f);
            if (st.equals(stamps.get(f))) continue;
            shared.upload(f, work.relativize(f).toString().replace('\\', '/'));
            stamps.put(f, st);
        }
    }

    private static boolean skipped(String name) {
        return name.equals(".lock") || name.endsWith(".tmp");
    }

    /** The file's length and CRC-32 (a checkpoint is rewritten within a second, so a modification time would not do). */
    private static String stamp(Path f) {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            long n = 0;
            for (int r; (r = in.read(buf)) > 0; n += r) crc.update(buf, 0, r);
            return n + ":" + Long.toHexString(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
