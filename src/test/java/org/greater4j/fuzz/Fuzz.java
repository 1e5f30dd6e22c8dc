package org.greater4j.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A small fuzzing harness for untrusted input files. A {@link FuzzClass} writes a valid fixture
 * into a directory, names the file it mutates and the loader that reads the directory; its
 * {@link Mutation}s each edit a fresh copy of the fixture. Each case is run with a time limit and
 * classified against the unmutated result:
 * <ul>
 *   <li>{@link Outcome#SAME_RESULT}: the loader returned exactly the original result;</li>
 *   <li>{@link Outcome#PROJECT_ERROR}: a project exception whose message names the mutated file (or,
 *       when the class allows it, its directory), with no Java exception name in it;</li>
 *   <li>anything else is bad: a different result ({@link Outcome#SILENT_CHANGE}), another exception
 *       ({@link Outcome#RAW_EXCEPTION}), a project exception that does not name the file or reads like a
 *       stack trace ({@link Outcome#UNCLEAR_ERROR}), no answer in time ({@link Outcome#HANG}), or an error
 *       for a mutation marked benign (a change the format allows, e.g. whitespace: {@link Outcome#BENIGN_REJECTED}).</li>
 * </ul>
 * Adding a class (a config.json, a chat template, a checkpoint) takes a fixture writer, a loader, a
 * list of mutations and, when the loader's exception type is not yet known here, a predicate.
 */
final class Fuzz {
    private Fuzz() {}

    /** How one case ended. */
    enum Outcome {
        SAME_RESULT(true), PROJECT_ERROR(true), SILENT_CHANGE(false), RAW_EXCEPTION(false), UNCLEAR_ERROR(false),
        HANG(false), BENIGN_REJECTED(false);

        final boolean clean;

        Outcome(boolean clean) {
            this.clean = clean;
        }
    }

    /** An edit of a fixture directory. */
    @FunctionalInterface
    interface Edit {
        /** Edits the files of {@code dir} (a fresh copy of the fixture). */
        void apply(Path dir) throws IOException;
    }

    /**
     * One case.
     *
     * @param name   what it does, e.g. {@code "data_offsets of b shifted by +4"}
     * @param benign true when the format allows the change, so the result must be the same
     * @param edit   the edit
     */
    record Mutation(String name, boolean benign, Edit edit) {
        static Mutation bad(String name, Edit edit) {
            return new Mutation(name, false, edit);
        }

        static Mutation benign(String name, Edit edit) {
            return new Mutation(name, true, edit);
        }
    }

    /** Reads a fixture directory into a comparable result. */
    @FunctionalInterface
    interface Loader<R> {
        R load(Path dir) throws Exception;
    }

    /**
     * A kind of input file under test.
     *
     * @param name            e.g. {@code "safetensors header"}
     * @param file            the mutated file, relative to the fixture directory
     * @param fixture         writes the valid fixture into an empty directory
     * @param loader          reads the directory as the library does
     * @param same            whether two results are the same
     * @param projectError    which exceptions are the project's own for this input
     * @param dirNameSuffices true when an error naming the fixture directory (a model directory) counts
     *                        as naming the file
     * @param mutations       the cases, given the fixture's file bytes and a seeded random source
     */
    record FuzzClass<R>(String name, String file, Edit fixture, Loader<R> loader, BiPredicate<R, R> same,
                        Predicate<Throwable> projectError, boolean dirNameSuffices,
                        MutationSource mutations) {}

    /** The cases of a class, from the fixture's bytes of the mutated file. */
    @FunctionalInterface
    interface MutationSource {
        List<Mutation> of(byte[] original, Random rnd) throws IOException;
    }

    /** One classified case. */
    record Case(String mutation, Outcome outcome, String detail) {}

    /** The cases of one class and their counts. */
    record Report(String name, List<Case> cases) {
        Map<Outcome, Integer> counts() {
            Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
            for (Case c : cases) m.merge(c.outcome(), 1, Integer::sum);
            return m;
        }

        List<Case> bad() {
            return cases.stream().filter(c -> !c.outcome().clean).toList();
        }

        String summary() {
            Map<Outcome, Integer> c = counts();
            return String.format("%-22s %4d cases: %3d same result, %3d project error, %d bad%s", name, cases.size(),
                    c.getOrDefault(Outcome.SAME_RESULT, 0), c.getOrDefault(Outcome.PROJECT_ERROR, 0), bad().size(),
                    bad().isEmpty() ? "" : " " + c);
        }
    }

    /**
     * Runs every mutation of a class.
     *
     * @param work    an empty directory for the fixture and the cases
     * @param seed    the random seed of the mutations
     * @param timeout seconds one load may take
     */
    static <R> Report run(FuzzClass<R> c, Path work, long seed, double timeout) throws Exception {
        Path base = Files.createDirectories(work.resolve("fixture"));
        c.fixture().apply(base);
        R expected = c.loader().load(base);
        List<Mutation> ms = c.mutations().of(Files.readAllBytes(base.resolve(c.file())), new Random(seed));
        List<Case> out = new ArrayList<>();
        ExecutorService ex = daemonExecutor();
        try {
            for (int i = 0; i < ms.size(); i++) {
                Mutation m = ms.get(i);
                Path dir = work.resolve("case-" + i);
                copy(base, dir);
                m.edit().apply(dir);
                Future<R> f = ex.submit(() -> c.loader().load(dir));
                Case result;
                try {
                    R got = f.get((long) (timeout * 1000), TimeUnit.MILLISECONDS);
                    result = c.same().test(expected, got) ? new Case(m.name(), Outcome.SAME_RESULT, "")
                            : new Case(m.name(), Outcome.SILENT_CHANGE, String.valueOf(got));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    ex.shutdownNow();
                    ex = daemonExecutor();
                    result = new Case(m.name(), Outcome.HANG, "no result in " + timeout + " s");
                } catch (ExecutionException e) {
                    result = classify(c, m, dir, e.getCause());
                }
                if (m.benign() && result.outcome() == Outcome.PROJECT_ERROR) {
                    result = new Case(m.name(), Outcome.BENIGN_REJECTED, result.detail());
                }
                out.add(result);
            }
        } finally {
            ex.shutdownNow();
        }
        return new Report(c.name(), out);
    }

    private static <R> Case classify(FuzzClass<R> c, Mutation m, Path dir, Throwable t) {
        String msg = String.valueOf(t.getMessage());
        if (!c.projectError().test(t)) return new Case(m.name(), Outcome.RAW_EXCEPTION, t.toString());
        boolean names = msg.contains(dir.resolve(c.file()).toString()) || (c.dirNameSuffices() && msg.contains(dir.toString()));
        boolean raw = msg.contains("java.") || msg.matches("(?s).*\\b\\w+Exception\\b.*") || msg.contains("\tat ");
        return new Case(m.name(), names && !raw ? Outcome.PROJECT_ERROR : Outcome.UNCLEAR_ERROR, msg);
    }

    private static ExecutorService daemonExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    /** Copies a directory tree (regular files and directories). */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(q);
                else Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    // ---- edits used by several classes ----

    /** Replaces the mutated file's bytes. */
    static Edit write(String file, byte[] bytes) {
        return dir -> Files.write(dir.resolve(file), bytes);
    }

    /** Replaces the mutated file's text. */
    static Edit write(String file, String text) {
        return dir -> Files.writeString(dir.resolve(file), text);
    }

    /** The bytes with {@code insert} put at {@code at}. */
    static byte[] insert(byte[] b, int at, byte... insert) {
        byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }

    /** {@code s} with its first occurrence of {@code from} replaced, failing the test when there is none. */
    static String replaceFirst(String s, String from, String to) {
        int i = s.indexOf(from);
        if (i < 0) throw new IllegalStateException("fixture has no '" + from + "'");
        return s.substring(0, i) + to + s.substring(i + from.length());
    }

    /** An edit of a parsed JSON object (a fresh copy of the fixture's). */
    @FunctionalInterface
    interface JsonEdit {
        void apply(com.fasterxml.jackson.databind.node.ObjectNode root) throws IOException;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A mutation that edits a copy of {@code root} and writes it, pretty-printed, as {@code file}. */
    static Mutation json(String file, com.fasterxml.jackson.databind.node.ObjectNode root, String name, boolean benign, JsonEdit e) {
        return new Mutation(name, benign, dir -> {
            com.fasterxml.jackson.databind.node.ObjectNode j = root.deepCopy();
            e.apply(j);
            write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(j)).apply(dir);
        });
    }
}
