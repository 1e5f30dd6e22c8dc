package org.greater4j.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.greater4j.io.AtomicFile;

/**
 * The files of a saved evaluation in one directory: {@code evaluation.json} (the identity, written at
 * the start), {@code records.jsonl} (one record per line, appended and flushed per example) and
 * {@code summary.json} (written at the end, removed when a run starts). Opening it on a directory that
 * holds the same evaluation reads the records back, ignoring and cutting off a partial last line.
 */
final class EvaluationStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationStore.class);

    static final String IDENTITY = "evaluation.json";
    static final String RECORDS = "records.jsonl";
    static final String SUMMARY = "summary.json";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final TreeMap<Integer, EvaluationRecord> records;
    private final Writer out;

    private EvaluationStore(Path dir, TreeMap<Integer, EvaluationRecord> records, Writer out) {
        this.dir = dir;
        this.records = records;
        this.out = out;
    }

    /**
     * Requires {@code dir} to be a directory or not to exist yet.
     *
     * @throws IllegalArgumentException naming the path when it is a file
     */
    static void checkDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output directory " + dir + " is a file, not a directory; give a directory "
                    + "(--out; it is created when missing) or move the file away");
        }
    }

    /** What an I/O failure means, in words (some exceptions carry only the path as their message). */
    static String reason(IOException e) {
        String what = e instanceof java.nio.file.FileAlreadyExistsException ? "a file of that name is in the way"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                : e instanceof java.nio.file.NotDirectoryException ? "a part of the path is a file, not a directory"
                : e.getMessage();
        return e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? what + " (" + f.getFile() + ")" : what;
    }

    /** The identity saved in {@code dir}, if it holds one. */
    static Optional<EvaluationIdentity> readIdentity(Path dir) {
        checkDirectory(dir);
        Path f = dir.resolve(IDENTITY);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(MAPPER.readValue(f.toFile(), EvaluationIdentity.class));
        } catch (IOException e) {
            throw new IllegalArgumentException(f + " is not a greater4j evaluation identity (" + e.getMessage()
                    + "); choose another output directory or delete it", e);
        }
    }

    /**
     * Opens (creating it when needed) the evaluation directory for {@code identity}.
     *
     * @param dir      the directory
     * @param identity what is evaluated
     * @param examples the evaluated rows (records read back must match their ids)
     * @throws IllegalArgumentException when the directory holds another evaluation (naming the differing
     *                                  field), records without an identity, or a corrupt record
     */
    static EvaluationStore open(Path dir, EvaluationIdentity identity, List<Example> examples) {
        checkDirectory(dir);
        try {
            Files.createDirectories(dir);
            Path idFile = dir.resolve(IDENTITY);
            Path recFile = dir.resolve(RECORDS);
            Optional<EvaluationIdentity> saved = readIdentity(dir);
            if (saved.isPresent()) {
                Optional<String> diff = saved.get().difference(identity);
                if (diff.isPresent()) {
                    throw new IllegalArgumentException("output directory " + dir + " holds another evaluation (" + diff.get()
                            + "); choose another output directory (--out) or delete this one");
                }
            } else {
                if (Files.exists(recFile)) {
                    throw new IllegalArgumentException("output directory " + dir + " has " + RECORDS + " but no " + IDENTITY
                            + ", so its records cannot be matched to this evaluation; choose another output directory "
                            + "(--out) or delete this one");
                }
                writeAtomically(idFile, PRETTY.writeValueAsString(identity) + "\n");
            }
            Files.deleteIfExists(dir.resolve(SUMMARY));
            TreeMap<Integer, EvaluationRecord> records = Files.exists(recFile) ? read(recFile, examples) : new TreeMap<>();
            Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(recFile, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
            return new EvaluationStore(dir, records, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use evaluation directory " + dir + ": " + reason(e)
                    + "; choose another output directory (--out)", e);
        }
    }

    /** Reads the complete lines of records.jsonl; a partial last line is cut off the file. */
    private static TreeMap<Integer, EvaluationRecord> read(Path file, List<Example> examples) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int complete = bytes.length;
        while (complete > 0 && bytes[complete - 1] != '\n') complete--;
        if (complete < bytes.length) {
            LOG.info("{}: ignoring a partial last line ({} bytes) left by an interrupted run", file,
                    bytes.length - complete);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(complete);
            }
        }
        String text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
        TreeMap<Integer, EvaluationRecord> out = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            EvaluationRecord r;
            try {
                r = MAPPER.readValue(line, EvaluationRecord.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not an evaluation record ("
                        + e.getOriginalMessage() + "); delete that line (or the directory) and run again", e);
            }
            if (r.index() >= examples.size() || !examples.get(r.index()).id().equals(r.id())) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is example " + r.index() + " " + r.id()
                        + ", which is not that example of this evaluation; the data changed: choose another output "
                        + "directory (--out) or delete this one");
            }
            out.put(r.index(), r);
        }
        return out;
    }

    /** The records read back, by index. */
    TreeMap<Integer, EvaluationRecord> records() {
        return new TreeMap<>(records);
    }

    /** Appends one record as a line and flushes it. */
    void append(EvaluationRecord r) {
        try {
            out.write(MAPPER.writeValueAsString(r));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(RECORDS) + ": " + e.getMessage(), e);
        }
    }

    /** Writes summary.json (atomically). */
    void writeSummary(EvaluationSummary s) {
        try {
            writeAtomically(dir.resolve(SUMMARY), PRETTY.writeValueAsString(s) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(SUMMARY) + ": " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        AtomicFile.write(file, text);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + dir.resolve(RECORDS) + ": " + e.getMessage(), e);
        }
    }
}
