package org.greater4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Keeps what a model directory says inside it: a file name read from a file (a shard of
 * {@code model.safetensors.index.json}), and every file the loader opens there, must resolve to a
 * path inside the directory, also after following symbolic links. The one place links may lead is the
 * HuggingFace cache's own layout: a snapshot {@code models--ORG--NAME/snapshots/REV/} holds links into
 * {@code models--ORG--NAME/blobs/}, so for a snapshot the repository folder is the boundary.
 */
public final class ModelDir {
    private ModelDir() {}

    /**
     * The folder no file of {@code dir} may leave (after links): {@code dir} itself, or the cache
     * repository folder when {@code dir} is a HuggingFace cache snapshot.
     */
    public static Path boundary(Path dir) {
        Path real = real(dir);
        Path parent = real.getParent();
        Path repo = parent == null ? null : parent.getParent();
        if (repo != null && parent.getFileName().toString().equals("snapshots")
                && repo.getFileName().toString().startsWith("models--")) {
            return repo;
        }
        return real;
    }

    /**
     * Resolves a file name that {@code namedIn} gives, relative to {@code dir}, and requires it to stay
     * inside {@code dir} (by its name and, when it exists, after following links).
     *
     * @param dir     the model directory
     * @param name    the name as read from the file
     * @param namedIn the file the name was read from (for the message)
     * @param what    what the name is, e.g. {@code "weight_map entry \"lm_head.weight\""}
     * @return the normalized path
     * @throws ModelFormatException naming {@code namedIn}, the name and the fix
     */
    public static Path resolveInside(Path dir, String name, Path namedIn, String what) {
        Path base = dir.toAbsolutePath().normalize();
        Path p;
        try {
            if (name.isEmpty()) throw new InvalidPathException(name, "empty");
            Path given = Path.of(name);
            if (given.isAbsolute()) {
                throw new ModelFormatException(namedIn, what + " names the absolute path \"" + name + "\", outside the model "
                        + "directory " + base + "; a model directory's files must name files inside it (repair or re-download "
                        + "the file)");
            }
            p = base.resolve(given).normalize();
        } catch (InvalidPathException e) {
            throw new ModelFormatException(namedIn, what + " names \"" + name + "\", which is not a file name; repair or "
                    + "re-download the file");
        }
        if (!p.startsWith(base) || p.equals(base)) {
            throw new ModelFormatException(namedIn, what + " names \"" + name + "\", which resolves to " + p + ", outside the "
                    + "model directory " + base + "; a model directory's files must name files inside it (repair or "
                    + "re-download the file)");
        }
        requireInside(dir, p, namedIn);
        return p;
    }

    /**
     * Requires an existing file of {@code dir} to stay inside its {@link #boundary} after following
     * links; a file that does not exist passes (the caller reports it missing).
     *
     * @param dir     the model directory
     * @param file    a path inside it
     * @param namedIn the file that named it, or null when the loader chose the name
     * @return {@code file}
     * @throws ModelFormatException when a link leads outside
     */
    public static Path requireInside(Path dir, Path file, Path namedIn) {
        if (!Files.exists(file)) return file;
        Path bound = boundary(dir);
        Path real = real(file);
        if (!real.startsWith(bound)) {
            String msg = "is a link to " + real + ", outside the model directory " + bound + "; copy the file into the "
                    + "directory instead of linking to it";
            throw namedIn == null ? new ModelFormatException(file, msg)
                    : new ModelFormatException(namedIn, "names " + file.getFileName() + ", which " + msg);
        }
        return file;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
