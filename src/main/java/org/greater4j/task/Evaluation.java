package org.greater4j.task;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.greater4j.generate.Generation;
import org.greater4j.generate.GenerationConfig;
import org.greater4j.generate.Generator;
import org.greater4j.generate.DecodeCount;
import org.greater4j.generate.Reasoner;
import org.greater4j.generate.TokenListener;
import org.greater4j.model.LanguageModel;
import org.greater4j.text.ExtractorCut;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.Tokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accuracy of a prompt on a task with one model: greedy reasoning under the prompt for every
 * example, then the answer read in two ways, both reported.
 *
 * <ul>
 *   <li><b>(a) extractor + greedy answer tokens</b>, as the optimizer scores: after the generation
 *       layout's ids (chat prefix, question, separator, prompt, assistant header) come the ids of
 *       {@code reasoning + reasoningSeparator + extractor}, encoded as one string exactly as
 *       {@link LayoutTemplate#tail} encodes them for training, only without an answer. The model then
 *       decodes at most {@link EvaluationConfig#maxAnswerTokens()} tokens greedily, stopping at EOS or
 *       an end-of-turn id ({@link Reasoner#stopIds()}); the decoded text is cut at the first newline
 *       after its first non-blank character, and {@link AnswerType#parseContinuation} reads the answer
 *       from it. The reasoning is the decoded, stripped text (what the optimizer uses too); when it
 *       already wrote the extractor phrase verbatim it is cut before the phrase's last occurrence
 *       ({@link ExtractorCut}, as the optimizer's default), so the phrase is not said twice; an answer
 *       stated in other words stays (the model may copy it after the extractor). With an empty extractor (raw mode) the continuation of the reasoning is parsed the
 *       same way. When reasoning and extractor leave no room in the context, the continuation is empty
 *       and the example has no answer by (a).</li>
 *   <li><b>(b) string parsing</b> of the reasoning: {@link AnswerType#parse} (the last
 *       {@code So the answer is X} sentence, else the last option {@code (X)} / integer with commas
 *       removed / answer word, by answer type).</li>
 * </ul>
 * An answer is right when {@link AnswerType#isCorrect} says so against {@link Example#gold()}.
 *
 * <p>Generation is batched ({@link EvaluationConfig#batchSize()}); results do not depend on the batch
 * size. {@link #run(String, Path, EvaluationListener)} saves every record as it is made and resumes an
 * interrupted run (see {@link EvaluationIdentity}). Progress goes to an {@link EvaluationListener};
 * nothing is printed. The model, template and task are not closed or changed; an evaluation can run
 * any number of prompts, one at a time.
 */
public final class Evaluation {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

    private final LanguageModel model;
    private final LayoutTemplate template;
    private final Task task;
    private final EvaluationConfig config;
    private final String extractor;
    private final List<Example> examples;
    private final Reasoner reasoner;
    private final int contextLimit;
    /** Drafting: each example's last reasoning tokens (under any prompt), the draft of its next reasoning. */
    private final Map<Integer, int[]> lastReasoning = new HashMap<>();
    private boolean drafting = true;
    private DecodeCount work = DecodeCount.ZERO;

    private Evaluation(LanguageModel model, LayoutTemplate template, Task task, EvaluationConfig config) {
        this.model = model;
        this.template = template;
        this.task = task;
        this.config = config;
        this.extractor = config.extractor() != null ? config.extractor()
                : task.extractor(Protocol.style(model));
        List<Example> rows = task.split(config.split());
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("task " + task.name() + " has no " + config.split().id() + " examples ("
                    + task + "); choose another split (--split) or re-cut the task (--train N --dev M)");
        }
        this.examples = config.limit() > 0 && config.limit() < rows.size() ? List.copyOf(rows.subList(0, config.limit()))
                : rows;
        this.reasoner = Reasoner.of(model, template);
        this.contextLimit = Math.min(template.contextLength(), model.config().maxPositions());
    }

    /**
     * An evaluation of prompts for one model on one task.
     *
     * @param model    the model (not closed here)
     * @param template the model's layout (chat format, tokenizer, separator)
     * @param task     the task
     * @param config   split, limit, token limits, extractor
     * @return the evaluation; nothing is generated yet
     * @throws IllegalArgumentException when the chosen split has no examples
     */
    public static Evaluation of(LanguageModel model, LayoutTemplate template, Task task, EvaluationConfig config) {
        return new Evaluation(model, template, task, config);
    }

    /**
     * An evaluation of prompts on one task under a protocol: its model, layout and (unless the config names
     * one) its extractor.
     *
     * @throws IllegalArgumentException when the chosen split has no examples
     */
    public static Evaluation of(Protocol protocol, Task task, EvaluationConfig config) {
        EvaluationConfig c = config.extractor() != null ? config : config.withExtractor(protocol.extractor());
        return new Evaluation(protocol.model(), protocol.layout(), task, c);
    }

    /** @return the task */
    public Task task() {
        return task;
    }

    /** @return the config */
    public EvaluationConfig config() {
        return config;
    }

    /** @return the model */
    public LanguageModel model() {
        return model;
    }

    /** @return the layout template */
    public LayoutTemplate template() {
        return template;
    }

    /** @return the extractor text appended after the reasoning (the config's, else the task's for the model) */
    public String extractor() {
        return extractor;
    }

    /**
     * The same evaluation with drafted reasoning on or off (on by default): an example evaluated before under another
     * prompt has its reasoning drafted from that one and verified ({@link org.greater4j.generate.DraftedGenerator});
     * the records are the same either way. The new evaluation remembers nothing yet.
     */
    public Evaluation withDrafting(boolean on) {
        Evaluation e = new Evaluation(model, template, task, config);
        e.drafting = on;
        return e;
    }

    /** @return the decode work of every reasoning generated so far (forward calls, confirmed draft tokens, ...) */
    public synchronized DecodeCount decodeWork() {
        return work;
    }

    /** @return the evaluated rows: the split, cut to the limit */
    public List<Example> examples() {
        return examples;
    }

    /**
     * Evaluates a prompt in memory (nothing is saved).
     *
     * @param prompt   the prompt text (after the separator; may be empty)
     * @param listener progress
     * @return summary and records
     */
    public EvaluationResult run(String prompt, EvaluationListener listener) {
        return run(prompt, null, listener);
    }

    /**
     * Evaluates a prompt, saving into {@code outDir} ({@code evaluation.json}, {@code records.jsonl}
     * flushed per example, {@code summary.json} at the end). When the directory already holds this
     * evaluation (same {@link #identity}), the examples recorded there are read back instead of being
     * generated again (a partial last line is ignored) and only the others are evaluated.
     *
     * @param prompt   the prompt text (after the separator; may be empty)
     * @param outDir   the directory, created when missing; null saves nothing
     * @param listener progress (called for the examples evaluated now, not the ones read back)
     * @return summary and records
     * @throws IllegalArgumentException when {@code outDir} holds another evaluation (naming the field that
     *                                  differs) or unreadable records
     */
    public EvaluationResult run(String prompt, Path outDir, EvaluationListener listener) {
        int[] promptIds = template.encodePrompt(prompt);
        EvaluationIdentity identity = identity(prompt);
        EvaluationStore store = outDir == null ? null : EvaluationStore.open(outDir, identity, examples);
        try {
            TreeMap<Integer, EvaluationRecord> done = store == null ? new TreeMap<>() : store.records();
            int resumed = done.size();
            if (resumed > 0) LOG.info("{}: {} of {} examples read back from an earlier run", outDir, resumed, examples.size());
            List<Integer> todo = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) if (!done.containsKey(i)) todo.add(i);
            for (int start = 0; start < todo.size(); start += config.batchSize()) {
                List<Integer> batch = todo.subList(start, Math.min(todo.size(), start + config.batchSize()));
                for (EvaluationRecord r : evaluate(batch, promptIds, listener)) {
                    if (store != null) store.append(r);
                    done.put(r.index(), r);
                    listener.onRecord(r, done.size(), examples.size());
                }
            }
            List<EvaluationRecord> all = List.copyOf(done.values());
            EvaluationSummary summary = EvaluationSummary.of(task.name(), config.split().id(), identity.model(), prompt,
                    extractor, template.format().name(), config.maxNewTokens(), all, resumed);
            if (store != null) store.writeSummary(summary);
            return new EvaluationResult(summary, all);
        } finally {
            if (store != null) store.close();
        }
    }

    /**
     * Evaluates some of the rows under a prompt (one batch, not saved, no listener calls but tokens).
     *
     * @param indices   positions in {@link #examples()}
     * @param promptIds the prompt's ids ({@link LayoutTemplate#encodePrompt})
     * @param listener  gets every reasoning token
     * @return one record per index, in the given order
     */
    public List<EvaluationRecord> evaluate(List<Integer> indices, int[] promptIds, EvaluationListener listener) {
        if (indices.isEmpty()) return List.of();
        List<String> questions = new ArrayList<>();
        for (int i : indices) questions.add(examples.get(i).question());
        List<Reasoner.Result> reasoning = reasoner.reason(questions, promptIds, config.maxNewTokens(), indices.size(), drafts(indices),
                (row, id) -> listener.onToken(indices.get(row), id), this::count);
        if (drafting) {
            synchronized (this) {
                for (int k = 0; k < indices.size(); k++) lastReasoning.put(indices.get(k), reasoning.get(k).tokens());
            }
        }
        String[] continuation = continuations(reasoning);
        AnswerType type = task.answerType();
        List<EvaluationRecord> out = new ArrayList<>();
        for (int k = 0; k < indices.size(); k++) {
            Example ex = examples.get(indices.get(k));
            Reasoner.Result r = reasoning.get(k);
            Optional<String> a = type.parseContinuation(continuation[k]);
            Optional<String> b = type.parse(r.text());
            out.add(new EvaluationRecord(indices.get(k), ex.id(), ex.question(), r.text(), continuation[k], a.orElse(null),
                    b.orElse(null), ex.gold(), type.isCorrect(a, ex.gold()), type.isCorrect(b, ex.gold()),
                    r.tokens().length, r.stop() == null ? null : r.stop().name()));
        }
        return out;
    }

    /** The drafts of these examples (null entries: none), or null when drafting is off or none is known. */
    private synchronized List<int[]> drafts(List<Integer> indices) {
        if (!drafting) return null;
        List<int[]> d = new ArrayList<>();
        for (int i : indices) d.add(lastReasoning.get(i));
        return d.stream().allMatch(java.util.Objects::isNull) ? null : d;
    }

    private synchronized void count(DecodeCount c) {
        work = work.plus(c);
    }

    /** Method (a): greedy answer tokens after reasoning + reasoning separator + extractor, for a batch. */
    private String[] continuations(List<Reasoner.Result> reasoning) {
        Tokenizer tok = template.tokenizer();
        String[] out = new String[reasoning.size()];
        Arrays.fill(out, "");
        List<int[]> inputs = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int k = 0; k < reasoning.size(); k++) {
            Reasoner.Result r = reasoning.get(k);
            int[] head = r.input().ids(); // the generation layout
            String reasoningText = ExtractorCut.text(tok, r.tokens(), r.text(), extractor);
            int[] tail = tok.encode(reasoningText + template.reasoningSeparator() + extractor);
            int[] ids = Arrays.copyOf(head, head.length + tail.length);
            System.arraycopy(tail, 0, ids, head.length, tail.length);
            if (ids.length >= contextLimit) {
                LOG.debug("example {}: reasoning and extractor fill the context ({} of {} tokens); no answer by (a)",
                        r.question(), ids.length, contextLimit);
                continue;
            }
            inputs.add(ids);
            rows.add(k);
        }
        if (inputs.isEmpty()) return out;
        GenerationConfig cfg = GenerationConfig.greedy(config.maxAnswerTokens()).withStopIds(reasoner.stopIds());
        List<Generation> g = Generator.of(model, tok).generate(inputs.toArray(new int[0][]), cfg,
                TokenListener.NONE);
        for (int j = 0; j < rows.size(); j++) out[rows.get(j)] = firstLine(tok.decode(g.get(j).tokens(), true));
        return out;
    }

    /** The text up to the first newline after its first non-blank character (all of it when it has none). */
    static String firstLine(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        int nl = text.indexOf('\n', i);
        return nl < 0 ? text : text.substring(0, nl);
    }

    /**
     * What decides this evaluation's records for a prompt (see {@link EvaluationIdentity}).
     *
     * @param prompt the prompt text
     * @return the identity
     */
    public EvaluationIdentity identity(String prompt) {
        StringBuilder data = new StringBuilder();
        for (Example e : examples) data.append(e.id()).append('\0').append(e.question()).append('\0').append(e.answer()).append('\0');
        String date = template.format().usesDate() && template.format().date() != null ? template.format().date().toString()
                : null;
        Path tokSource = template.tokenizer().source();
        return new EvaluationIdentity(EvaluationIdentity.FORMAT, model.source().toAbsolutePath().normalize().toString(),
                modelFingerprint(model.source()), tokSource == null ? null : tokSource.toAbsolutePath().normalize().toString(),
                task.name(), sha256(data.toString().getBytes(StandardCharsets.UTF_8)), config.split().id(), config.limit(),
                examples.size(), prompt, template.format().name(), date,
                sha256((template.prefixText() + "\0" + template.suffixText()).getBytes(StandardCharsets.UTF_8)),
                template.settings().separator(), template.reasoningSeparator(), extractor, config.maxNewTokens(),
                config.maxAnswerTokens());
    }

    /**
     * The identity saved in an evaluation directory, e.g. to reuse its chat date when resuming.
     *
     * @param outDir an evaluation directory
     * @return its identity, or empty when it has none
     */
    public static Optional<EvaluationIdentity> savedIdentity(Path outDir) {
        return EvaluationStore.readIdentity(outDir);
    }

    /**
     * A cheap fingerprint of a model's files: for a directory, SHA-256 of {@code config.json} and the
     * names and sizes of its {@code *.safetensors} files; for a file, of its first 4 KiB and its size.
     */
    static String modelFingerprint(Path source) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(source)) {
                Path cfg = source.resolve("config.json");
                if (Files.isRegularFile(cfg)) md.update(Files.readAllBytes(cfg));
                try (Stream<Path> files = Files.list(source)) {
                    for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList()) {
                        md.update((p.getFileName() + ":" + Files.size(p) + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            } else if (Files.isRegularFile(source)) {
                try (InputStream in = Files.newInputStream(source)) {
                    md.update(in.readNBytes(4096));
                }
                md.update(Long.toString(Files.size(source)).getBytes(StandardCharsets.UTF_8));
            } else {
                md.update(source.toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model files at " + source + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
