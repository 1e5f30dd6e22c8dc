package org.greater4j.sweep.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.greater4j.sweep.SweepStore;

/**
 * A sweep's files on a Hadoop filesystem ({@code hdfs://}, {@code s3a://} ... any scheme whose {@link FileSystem} is on
 * the class path), through {@link FileSystem} only. A file is written to a hidden temporary name beside it and renamed
 * into place (an existing file is deleted first: Hadoop's rename does not replace), so a reader never sees a part of it.
 */
final class HadoopStore implements SweepStore {
    private final String uri;
    private final Map<String, String> settings;
    private final FileSystem fs;
    private final Path root;

    private HadoopStore(String uri, Map<String, String> settings, FileSystem fs, Path root) {
        this.uri = uri;
        this.settings = Map.copyOf(settings);
        this.fs = fs;
        this.root = root;
    }

    /**
     * Opens the filesystem of {@code uri}.
     *
     * @param uri      the sweep's root, e.g. {@code hdfs://namenode/greater/sweep1}
     * @param settings Hadoop settings on top of the class path's {@code core-site.xml} (Spark's {@code spark.hadoop.*}
     *                 without the prefix)
     * @throws IllegalArgumentException when no filesystem serves the URI's scheme, naming what to put on the class path
     */
    static HadoopStore open(String uri, Map<String, String> settings) {
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        Path root = new Path(uri);
        try {
            return new HadoopStore(uri, settings, root.getFileSystem(conf), root);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open --out " + uri + ": " + e.getMessage() + "; the filesystem of its scheme must be "
                    + "on the class path (for s3a://: hadoop-aws and its AWS SDK, as the cluster supplies them, e.g. spark-submit "
                    + "--packages org.apache.hadoop:hadoop-aws:<the cluster's Hadoop version>) and configured (--conf "
                    + "spark.hadoop.fs.<scheme>.*)", e);
        }
    }

    /** The Hadoop settings this store was opened with (what a Spark task opens it with again). */
    Map<String, String> settings() {
        return settings;
    }

    @Override
    public String location() {
        return uri;
    }

    @Override
    public Optional<java.nio.file.Path> localFolder() {
        return Optional.empty();
    }

    private Path path(String p) {
        return new Path(root, p);
    }

    @Override
    public boolean exists(String p) {
        try {
            return fs.getFileStatus(path(p)).isFile();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw failed("look at", p, e);
        }
    }

    @Override
    public Optional<String> read(String p) {
        try (InputStream in = fs.open(path(p))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failed("read", p, e);
        }
    }

    @Override
    public void write(String p, String text) {
        put(p, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public List<String> list(String dir) {
        List<String> out = new ArrayList<>();
        try {
            if (!fs.getFileStatus(path(dir)).isDirectory()) return List.of();
            walk(path(dir), dir, out);
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw failed("list", dir, e);
        }
        out.sort(null);
        return out;
    }

    /** Adds the files under {@code d} (relative name {@code rel}), building children's paths from their names only. */
    private void walk(Path d, String rel, List<String> out) throws IOException {
        for (FileStatus s : fs.listStatus(d)) {
            String name = s.getPath().getName();
            if (s.isDirectory()) walk(new Path(d, name), rel + "/" + name, out);
            else if (s.isFile()) out.add(rel + "/" + name);
        }
    }

    @Override
    public void download(String p, java.nio.file.Path local) {
        try (InputStream in = fs.open(path(p))) {
            java.nio.file.Path parent = local.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failed("copy to " + local + " the file", p, e);
        }
    }

    @Override
    public void upload(java.nio.file.Path local, String p) {
        put(p, out -> Files.copy(local, out));
    }

    @Override
    public void delete(String p) {
        try {
            fs.delete(path(p), true);
        } catch (IOException e) {
            throw failed("delete", p, e);
        }
    }

    /** What {@link #put} writes. */
    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a hidden temporary file beside {@code p}, then renames it to {@code p}. */
    private void put(String p, Body body) {
        Path target = path(p);
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                body.writeTo(out);
            }
            if (fs.exists(target)) fs.delete(target, false);
            if (!fs.rename(tmp, target)) throw new IOException("rename of " + tmp + " to " + target + " failed");
        } catch (IOException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException ignored) {
                // already failing
            }
            throw failed("write", p, e);
        }
    }

    private UncheckedIOException failed(String what, String p, IOException e) {
        return new UncheckedIOException("cannot " + what + " " + location(p) + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return uri;
    }
}
