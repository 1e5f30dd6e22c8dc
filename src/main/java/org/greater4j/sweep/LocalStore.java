package org.greater4j.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link SweepStore#folder}: a sweep's files in a folder of this machine or a shared filesystem. */
record LocalStore(Path root) implements SweepStore {

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public Optional<Path> localFolder() {
        return Optional.of(root);
    }

    private Path file(String path) {
        return root.resolve(path);
    }

    @Override
    public boolean exists(String path) {
        return Files.isRegularFile(file(path));
    }

    @Override
    public Optional<String> read(String path) {
        Path f = file(path);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String path, String text) {
        SweepFiles.writeAtomically(file(path), text);
    }

    @Override
    public List<String> list(String dir) {
        Path d = file(dir);
        if (!Files.isDirectory(d)) return List.of();
        try (Stream<Path> files = Files.walk(d)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + d + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void download(String path, Path local) {
        copy(file(path), local);
    }

    @Override
    public void upload(Path local, String path) {
        copy(local, file(path));
    }

    private static void copy(Path from, Path to) {
        try {
            Path parent = to.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String path) {
        SweepFiles.deleteTree(file(path));
    }
}
