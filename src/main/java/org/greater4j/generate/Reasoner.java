package org.greater4j.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.greater4j.model.KvCache;
import org.greater4j.model.LanguageModel;
import org.greater4j.text.ChatFamily;
import org.greater4j.text.Layout;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.Tokenizer;

/**
 * Greedy reasoning of a model for a list of questions under one prompt: the generation layout of
 * each question (chat prefix, question, separator, prompt, assistant header), batched greedy
 * decoding until EOS or the chat format's end-of-turn token, the decoded text stripped. Shared by the
 * optimizer and the evaluation. Stateless; safe to reuse.
 */
public final class Reasoner {
    /**
     * End-of-turn markers of the chat formats greater4j knows (each family's {@link ChatFamily#endOfTurn()},
     * Llama-3's {@code <|eom_id|>}, and the common EOS texts); those present in a vocabulary stop generation.
     */
    static final String[] END_OF_TURN = endOfTurnMarkers();

    private static String[] endOfTurnMarkers() {
        Set<String> markers = new LinkedHashSet<>();
        for (ChatFamily f : ChatFamily.values()) {
            if (f.endOfTurn() != null) markers.add(f.endOfTurn());
        }
        markers.addAll(List.of("<|eom_id|>", "<|endoftext|>", "</s>"));
        return markers.toArray(String[]::new);
    }

    private final LanguageModel model;
    private final LayoutTemplate template;
    private final int[] stopIds;

    private Reasoner(LanguageModel model, LayoutTemplate template) {
        this.model = model;
        this.template = template;
        this.stopIds = endOfTurnIds(template.tokenizer());
    }

    /** The ids that end an assistant turn for a tokenizer: its EOS and the known end-of-turn markers it has. */
    public static int[] endOfTurnIds(Tokenizer tok) {
        Set<Integer> stops = new LinkedHashSet<>();
        for (String s : END_OF_TURN) {
            int id = tok.tokenId(s);
            if (id >= 0) stops.add(id);
        }
        if (tok.eosId() >= 0) stops.add(tok.eosId());
        return stops.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A reasoner for a model and the layout its prompts are built with. */
    public static Reasoner of(LanguageModel model, LayoutTemplate template) {
        return new Reasoner(model, template);
    }

    /** Token ids that end a reasoning (the model's EOS ids are added by the generator). */
    public int[] stopIds() {
        return stopIds.clone();
    }

    /**
     * One question's reasoning.
     *
     * @param question the question as fed to the model
     * @param input    the generation layout the model read
     * @param tokens   the generated ids (the stop token excluded)
     * @param text     the decoded text, special tokens skipped, stripped of surrounding white space
     * @param stop     why generation ended
     */
    public record Result(String question, Layout input, int[] tokens, String text, Generation.StopReason stop) {}

    /**
     * Greedy reasoning for every question under {@code promptIds}, {@code batchSize} questions per
     * batch, at most {@code maxNewTokens} new tokens each (also capped by the context length).
     * {@code listener} gets (question index, token) for every token.
     */
    public List<Result> reason(List<String> questions, int[] promptIds, int maxNewTokens, int batchSize, TokenListener listener) {
        return reason(questions, promptIds, maxNewTokens, batchSize, null, listener, DecodeCount.Sink.NONE);
    }

    /**
     * {@link #reason(List, int[], int, int, TokenListener)} with drafts: {@code drafts.get(i)} (null: none) is a guess
     * of question i's reasoning tokens, usually its reasoning under a prompt one token away, verified by
     * {@link DraftedGenerator}; the results are the same. {@code drafts} null: plain decoding. {@code counts} gets
     * each batch's decode work.
     */
    public List<Result> reason(List<String> questions, int[] promptIds, int maxNewTokens, int batchSize, List<int[]> drafts,
                               TokenListener listener, DecodeCount.Sink counts) {
        requireDrafts(drafts, questions.size());
        List<Layout> inputs = new ArrayList<>();
        for (String q : questions) inputs.add(template.generation(q, promptIds));
        Generator gen = Generator.of(model, template.tokenizer());
        GenerationConfig cfg = GenerationConfig.greedy(maxNewTokens).withStopIds(stopIds);
        List<Result> out = new ArrayList<>();
        for (int start = 0; start < inputs.size(); start += batchSize) {
            int end = Math.min(inputs.size(), start + batchSize);
            int[][] ids = new int[end - start][];
            for (int i = start; i < end; i++) ids[i - start] = inputs.get(i).ids();
            int offset = start;
            List<Generation> g;
            try (KvCache cache = model.newCache(ids.length)) {
                g = decode(gen, cache, ids, draftRows(drafts, start, end, 1), cfg, (row, t) -> listener.onToken(offset + row, t), counts);
            }
            for (int i = start; i < end; i++) out.add(result(questions.get(i), inputs.get(i), g.get(i - start)));
        }
        return out;
    }

    private Result result(String question, Layout input, Generation g) {
        String text = template.tokenizer().decode(g.tokens(), true).strip();
        return new Result(question, input, g.tokens(), text, g.stopReason());
    }

    /**
     * Greedy reasoning for every question under each of several prompts that share a prefix (prompts
     * that differ in one position, as the candidates of a swap): each question's longest common
     * prefix of the generation inputs is run once and its keys and values copied to one row per prompt
     * ({@link KvCache#select}), then all rows are generated together. The same results as
     * {@link #reason} per prompt, with the shared prefix computed once instead of once per prompt.
     * {@code questionsPerBatch} questions go together, so a batch holds up to
     * {@code questionsPerBatch x prompts.size()} rows. {@code listener} gets (prompt index x questions + question index, token).
     *
     * @return {@code [prompt][question]} results
     */
    public List<List<Result>> reasonShared(List<String> questions, List<int[]> prompts, int maxNewTokens, int questionsPerBatch,
                                           TokenListener listener) {
        return reasonShared(questions, prompts, maxNewTokens, questionsPerBatch, null, listener, DecodeCount.Sink.NONE);
    }

    /**
     * {@link #reasonShared(List, List, int, int, TokenListener)} with drafts ({@code drafts.get(i)} serves question i
     * under every prompt; null: plain decoding), as {@link #reason(List, int[], int, int, List, TokenListener, DecodeCount.Sink)}.
     */
    public List<List<Result>> reasonShared(List<String> questions, List<int[]> prompts, int maxNewTokens, int questionsPerBatch,
                                           List<int[]> drafts, TokenListener listener, DecodeCount.Sink counts) {
        requireDrafts(drafts, questions.size());
        int c = prompts.size();
        int n = questions.size();
        List<List<Result>> out = new ArrayList<>();
        for (int j = 0; j < c; j++) out.add(new ArrayList<>());
        if (c == 0) return out;
        Layout[][] inputs = new Layout[n][c];
        int[] shared = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) inputs[i][j] = template.generation(questions.get(i), prompts.get(j));
            shared[i] = sharedPrefix(inputs[i]);
        }
        if (Arrays.stream(shared).anyMatch(k -> k == 0)) { // nothing shared (no BOS and no common first token): one prompt at a time
            for (int j = 0; j < c; j++) {
                int base = j * n;
                out.set(j, reason(questions, prompts.get(j), maxNewTokens, questionsPerBatch, drafts, (row, t) -> listener.onToken(base + row, t),
                        counts));
            }
            return out;
        }
        Generator gen = Generator.of(model, template.tokenizer());
        GenerationConfig cfg = GenerationConfig.greedy(maxNewTokens).withStopIds(stopIds);
        for (int start = 0; start < n; start += questionsPerBatch) {
            int end = Math.min(n, start + questionsPerBatch);
            int[][] prefixes = new int[end - start][];
            int[] rows = new int[(end - start) * c];
            int[][] tails = new int[rows.length][];
            for (int i = start; i < end; i++) {
                prefixes[i - start] = Arrays.copyOf(inputs[i][0].ids(), shared[i]);
                for (int j = 0; j < c; j++) {
                    int r = (i - start) * c + j;
                    rows[r] = i - start;
                    int[] all = inputs[i][j].ids();
                    tails[r] = Arrays.copyOfRange(all, shared[i], all.length);
                }
            }
            int offset = start;
            List<Generation> g;
            try (KvCache prefix = gen.prefill(prefixes)) {
                KvCache rowsCache = prefix.select(rows);
                try {
                    g = decode(gen, rowsCache, tails, draftRows(drafts, start, end, c), cfg,
                            (row, t) -> listener.onToken((row % c) * n + offset + row / c, t), counts);
                } finally {
                    rowsCache.close();
                }
            }
            for (int i = start; i < end; i++) {
                for (int j = 0; j < c; j++) out.get(j).add(result(questions.get(i), inputs[i][j], g.get((i - start) * c + j)));
            }
        }
        return out;
    }

    /** Plain or drafted greedy decoding after what {@code cache} holds (drafts null: plain). */
    private List<Generation> decode(Generator gen, KvCache cache, int[][] tails, int[][] drafts, GenerationConfig cfg,
                                    TokenListener listener, DecodeCount.Sink counts) {
        if (drafts == null) return gen.generate(cache, tails, cfg, listener, counts);
        return DraftedGenerator.of(model, template.tokenizer()).generate(cache, tails, drafts, cfg, listener, counts);
    }

    /** The drafts of questions {@code start..end-1}, each repeated for {@code copies} consecutive rows; null for none. */
    private static int[][] draftRows(List<int[]> drafts, int start, int end, int copies) {
        if (drafts == null) return null;
        int[][] rows = new int[(end - start) * copies][];
        for (int i = start; i < end; i++) for (int j = 0; j < copies; j++) rows[(i - start) * copies + j] = drafts.get(i);
        return rows;
    }

    private static void requireDrafts(List<int[]> drafts, int questions) {
        if (drafts != null && drafts.size() != questions) {
            throw new IllegalArgumentException(drafts.size() + " drafts for " + questions + " questions; give one per question (null: none)");
        }
    }

    /** The length of the longest common prefix of the layouts' ids, leaving at least one token of each to feed (may be 0). */
    public static int sharedPrefix(Layout[] layouts) {
        int[] first = layouts[0].ids();
        int k = first.length - 1;
        for (Layout l : layouts) {
            int[] ids = l.ids();
            k = Math.min(k, ids.length - 1);
            int j = 0;
            while (j < k && ids[j] == first[j]) j++;
            k = j;
        }
        return k;
    }
}
