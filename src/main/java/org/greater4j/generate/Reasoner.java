package org.greater4j.generate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.greater4j.model.LanguageModel;
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
    /** End-of-turn markers of the chat formats greater4j knows; those present in a vocabulary stop generation. */
    static final String[] END_OF_TURN = {"<|eot_id|>", "<|eom_id|>", "<end_of_turn>", "<|im_end|>", "<|endoftext|>", "<|end|>", "</s>"};

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
            List<Generation> g = gen.generate(ids, cfg, (row, t) -> listener.onToken(offset + row, t));
            for (int i = start; i < end; i++) {
                Generation gi = g.get(i - start);
                String text = template.tokenizer().decode(gi.tokens(), true).strip();
                out.add(new Result(questions.get(i), inputs.get(i), gi.tokens(), text, gi.stopReason()));
            }
        }
        return out;
    }
}
