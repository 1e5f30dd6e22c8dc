package org.greater4j.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task registry. Built-in names:
 * <ul>
 *   <li>{@code gsm8k}: GReaTer's GSM8K splits, 100 / 100 / 1319;</li>
 *   <li>{@code gsm8k/raw}: the GSM8K release, 7473 / 0 / 1319;</li>
 *   <li>{@code folio}: GReaTer's FOLIO v2 splits, 100 / 100 / 203;</li>
 *   <li>{@code folio/v0.0}: the FOLIO v0.0 release, 1004 / 0 / 204;</li>
 *   <li>{@code bbh/<task>} for the 27 BBH tasks, rows 0-49 / 50-149 / 150+ (21 are in the paper, see
 *       {@link #paperBbhTasks()});</li>
 *   <li>{@code file:<path.jsonl>}: {@code {"question": ..., "answer": ...}} per line, split by
 *       {@link SplitSizes} (default {@link SplitSizes#FILE_DEFAULT}).</li>
 * </ul>
 * Other code adds names with {@link #register(String, Loader)}, or with a {@link Provider} listed in
 * {@code META-INF/services/org.greater4j.task.Tasks$Provider}, which the registry loads once when it
 * starts (so {@code toy} is always there when greater4j's toy package is on the class path). Loading reads
 * the files each time; {@link Task}s are immutable values and may be kept. The data's known defects
 * and how each is handled are listed in {@code docs/datasets.md} and in each task's
 * {@link Task#notes()}.
 */
public final class Tasks {

    /** Loads one registered task from a data directory (which it may ignore). */
    @FunctionalInterface
    public interface Loader {
        /**
         * @param data the data directory
         * @return the task
         */
        Task load(DataDir data);
    }

    /**
     * Registers tasks when the registry starts ({@link java.util.ServiceLoader}, from
     * {@code META-INF/services/org.greater4j.task.Tasks$Provider}).
     */
    public interface Provider {
        /** Registers this provider's tasks with {@link Tasks#register}. */
        void register();
    }

    /** Prefix of file tasks: {@code file:<path.jsonl>}. */
    public static final String FILE_PREFIX = "file:";

    private static final Map<String, Loader> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("gsm8k", Gsm8k::paper);
        REGISTRY.put("gsm8k/raw", Gsm8k::raw);
        REGISTRY.put("folio", Folio::paper);
        REGISTRY.put("folio/v0.0", Folio::v0);
        for (String t : Bbh.SPECS.keySet()) REGISTRY.put("bbh/" + t, data -> Bbh.load(data, t));
        for (Provider p : java.util.ServiceLoader.load(Provider.class, Tasks.class.getClassLoader())) p.register();
    }

    private Tasks() {}

    /**
     * Adds a task name. Thread-safe.
     *
     * @param name   the name, e.g. {@code toy}; not blank, not starting with {@code file:}
     * @param loader builds the task
     * @throws IllegalArgumentException when the name is taken or reserved
     */
    public static void register(String name, Loader loader) {
        if (name == null || name.isBlank() || name.startsWith(FILE_PREFIX)) {
            throw new IllegalArgumentException("cannot register task name '" + name
                    + "': use a non-blank name that does not start with " + FILE_PREFIX);
        }
        synchronized (REGISTRY) {
            if (REGISTRY.containsKey(name)) {
                throw new IllegalArgumentException("task '" + name + "' is already registered; choose another name");
            }
            REGISTRY.put(name, loader);
        }
    }

    /** Removes a registered name (tests only). */
    static void unregister(String name) {
        synchronized (REGISTRY) {
            REGISTRY.remove(name);
        }
    }

    /** @return every registered name (built-ins first, then in registration order); file tasks are not listed */
    public static List<String> names() {
        synchronized (REGISTRY) {
            return List.copyOf(REGISTRY.keySet());
        }
    }

    /**
     * @param name a registered name or {@code file:<path>}
     * @return true when {@link #load(String, DataDir)} knows the name
     */
    public static boolean exists(String name) {
        if (name.startsWith(FILE_PREFIX)) return true;
        synchronized (REGISTRY) {
            return REGISTRY.containsKey(name);
        }
    }

    /**
     * Loads a task from the default data directory ({@link DataDir#resolve(Path) DataDir.resolve(null)}).
     *
     * @param name a registered name or {@code file:<path>}
     * @return the task with its own splits
     */
    public static Task load(String name) {
        return load(name, DataDir.resolve(null));
    }

    /**
     * Loads a task with its own splits (file tasks: {@link SplitSizes#FILE_DEFAULT}).
     *
     * @param name a registered name or {@code file:<path>}
     * @param data the data directory
     * @return the task
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     * @throws DatasetMissingException  when a file is missing (naming the fetch command)
     * @throws DatasetFormatException   when a file is malformed (naming file and line)
     */
    public static Task load(String name, DataDir data) {
        return load(name, data, null);
    }

    /**
     * Loads a task and, when {@code sizes} is given, cuts it anew: for file tasks the first
     * {@code train} rows are train, the next {@code dev} dev, the rest test; for other tasks all
     * examples (train, dev, test in order) are re-cut the same way ({@link Task#resplit}).
     *
     * @param name  a registered name or {@code file:<path>}
     * @param data  the data directory
     * @param sizes {@code --train N --dev M}, or null for the task's own splits
     * @return the task
     */
    public static Task load(String name, DataDir data, SplitSizes sizes) {
        if (name.startsWith(FILE_PREFIX)) {
            return file(Path.of(name.substring(FILE_PREFIX.length())), sizes == null ? SplitSizes.FILE_DEFAULT : sizes);
        }
        Loader loader;
        synchronized (REGISTRY) {
            loader = REGISTRY.get(name);
        }
        if (loader == null) {
            throw new IllegalArgumentException("unknown task '" + name + "': use one of " + names()
                    + " or " + FILE_PREFIX + "<path.jsonl>");
        }
        Task task = loader.load(data);
        return sizes == null ? task : task.resplit(sizes);
    }

    /**
     * GSM8K with GReaTer's splits (100 / 100 / 1319): {@code train.tsv}, {@code dev.csv},
     * {@code test.csv} of {@code greater-splits/grade_school_math/}. Test row 706, broken upstream by a
     * quoting error, is repaired (question re-joined, gold 9 as in the GSM8K release); the malformed
     * {@code train.csv} is not read. See {@code docs/datasets.md}.
     *
     * @param data the data directory
     * @return the task {@code gsm8k}
     */
    public static Task gsm8k(DataDir data) {
        return Gsm8k.paper(data);
    }

    /**
     * GSM8K as released (7473 train, no dev, 1319 test).
     *
     * @param data the data directory
     * @return the task {@code gsm8k/raw}
     */
    public static Task gsm8kRaw(DataDir data) {
        return Gsm8k.raw(data);
    }

    /**
     * FOLIO v2 with GReaTer's splits (100 / 100 / 203).
     *
     * @param data the data directory
     * @return the task {@code folio}
     */
    public static Task folio(DataDir data) {
        return Folio.paper(data);
    }

    /**
     * FOLIO v0.0 as released (1004 train, no dev, 204 validation as test); Unknown = Uncertain.
     *
     * @param data the data directory
     * @return the task {@code folio/v0.0}
     */
    public static Task folioV0(DataDir data) {
        return Folio.v0(data);
    }

    /**
     * One BBH task from the default data directory.
     *
     * @param task e.g. {@code object_counting}
     * @return the task {@code bbh/<task>}, rows 0-49 / 50-149 / 150+
     */
    public static Task bbh(String task) {
        return bbh(task, DataDir.resolve(null));
    }

    /**
     * One BBH task.
     *
     * @param task e.g. {@code object_counting} (see {@link #bbhTasks()})
     * @param data the data directory
     * @return the task {@code bbh/<task>}, rows 0-49 / 50-149 / 150+
     */
    public static Task bbh(String task, DataDir data) {
        return Bbh.load(data, task);
    }

    /**
     * A {@code file:} task.
     *
     * @param file  a JSON Lines file of {@code {"question": ..., "answer": ...}}
     * @param sizes the first {@code train} rows are train, the next {@code dev} dev, the rest test
     * @return the task, with its answer type inferred from the answers ({@link AnswerType#infer})
     */
    public static Task file(Path file, SplitSizes sizes) {
        return FileTask.load(file, sizes, null);
    }

    /**
     * A {@code file:} task with a given answer type.
     *
     * @param file  a JSON Lines file of {@code {"question": ..., "answer": ...}}
     * @param sizes the first {@code train} rows are train, the next {@code dev} dev, the rest test
     * @param type  the answer type
     * @return the task
     */
    public static Task file(Path file, SplitSizes sizes, AnswerType type) {
        return FileTask.load(file, sizes, type);
    }

    /** @return the 27 BBH task names, alphabetical */
    public static List<String> bbhTasks() {
        return List.copyOf(Bbh.SPECS.keySet());
    }

    /** @return the 21 BBH tasks GReaTer optimizes (the keys of run_llama3_all.sh's extractor_texts), alphabetical */
    public static List<String> paperBbhTasks() {
        List<String> out = new ArrayList<>();
        for (Bbh.Spec s : Bbh.SPECS.values()) if (s.inPaper()) out.add(s.name());
        return List.copyOf(out);
    }
}
