package org.greater4j.sweep.spark;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A Hadoop filesystem of the scheme {@code testfs} for tests: {@code testfs:///a/b} is the file {@code a/b} under the local
 * folder named by the system property {@link #ROOT}, so that a file written through any other way than Hadoop's
 * {@code FileSystem} (the path {@code /a/b}, or a relative folder {@code testfs:}) lands elsewhere. It remembers the files
 * it renamed into place ({@link #RENAMED}, where a sweep's upload ends) and those it opened for reading ({@link #OPENED}).
 * Registered with {@code spark.hadoop.fs.testfs.impl}.
 */
public class TestFs extends RawLocalFileSystem {
    /** The system property naming the local folder that serves {@code testfs:///}. */
    public static final String ROOT = "greater4j.testfs.root";
    /** Paths ({@code /a/b}) that a rename wrote, in order. */
    public static final List<String> RENAMED = new CopyOnWriteArrayList<>();
    /** Paths ({@code /a/b}) opened for reading, in order. */
    public static final List<String> OPENED = new CopyOnWriteArrayList<>();

    @Override
    public URI getUri() {
        return URI.create("testfs:///");
    }

    @Override
    public String getScheme() {
        return "testfs";
    }

    @Override
    public File pathToFile(Path path) {
        checkPath(path);
        Path p = path.isAbsolute() ? path : new Path(getWorkingDirectory(), path);
        String root = System.getProperty(ROOT);
        if (root == null) throw new IllegalStateException("set the system property " + ROOT + " to the folder serving testfs:///");
        return new File(root, p.toUri().getPath());
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        boolean ok = super.rename(src, dst);
        if (ok) RENAMED.add(dst.toUri().getPath());
        return ok;
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        OPENED.add(f.toUri().getPath());
        return super.open(f, bufferSize);
    }
}
