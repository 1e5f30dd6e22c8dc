package org.greater4j.notebook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.greater4j.optimize.BestPrompt;
import org.greater4j.optimize.Candidates;
import org.greater4j.optimize.Candidates.Intersection;
import org.greater4j.optimize.Checkpoint;
import org.greater4j.optimize.Cost;
import org.greater4j.optimize.Evaluated;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.PromptState;
import org.greater4j.optimize.Reasoning;
import org.greater4j.optimize.Reasoning.Trace;
import org.greater4j.optimize.Run;
import org.greater4j.optimize.Scores;
import org.greater4j.optimize.Step;
import org.greater4j.optimize.Swap;
import org.greater4j.task.EvaluationRecord;
import org.greater4j.task.EvaluationSummary;
import org.greater4j.task.Example;
import org.greater4j.text.Tokenizer;

/** Hand-made optimizer values over a word-level fake tokenizer, for rendering tests. */
final class Fixtures {
    private Fixtures() {}

    /** id -> token text; id 0 is BOS, 1 EOS. */
    static final String[] VOCAB = {"<s>", "</s>", " think", " about", " the", " story", ".", " step", " answer", " carefully",
        " <script>", " ball", " dog", "_"};

    static final class WordTokenizer implements Tokenizer {
        @Override public int[] encode(String text) {
            List<Integer> ids = new ArrayList<>();
            for (String w : text.split(" ")) {
                if (w.isEmpty()) continue;
                for (int i = 0; i < VOCAB.length; i++) if (VOCAB[i].equals(" " + w)) ids.add(i);
            }
            return ids.stream().mapToInt(Integer::intValue).toArray();
        }
        @Override public int[] encodeWithSpecials(String text) { return encode(text); }
        @Override public String decode(int[] ids, boolean skipSpecial) {
            StringBuilder b = new StringBuilder();
            for (int id : ids) if (!(skipSpecial && id < 2)) b.append(VOCAB[id]);
            return b.toString();
        }
        @Override public String tokenString(int id) { return id < VOCAB.length ? VOCAB[id] : null; }
        @Override public int tokenId(String token) { return Arrays.asList(VOCAB).indexOf(token); }
        @Override public int vocabSize() { return VOCAB.length; }
        @Override public int bosId() { return 0; }
        @Override public int eosId() { return 1; }
        @Override public Path source() { return Path.of("fake-words"); }
        @Override public void close() {}
    }

    static final List<Example> EXAMPLES = List.of(
            new Example("s0", 0, "Lily had a ball. What did Lily have", "ball", "ball"),
            new Example("s1", 1, "Tom had a dog. What did Tom have", "dog", "dog"),
            new Example("s2", 2, "Ben had a cat. What did Ben have", "cat", "cat"));

    /** " think about the story ." at position 2 (" the"). */
    static PromptState prompt() {
        return state(new int[] {2, 3, 4, 5, 6}, 2, 0);
    }

    static PromptState state(int[] ids, int position, int step) {
        List<String> texts = new ArrayList<>();
        for (int id : ids) texts.add(VOCAB[id]);
        return new PromptState(ids, texts, new WordTokenizer().decode(ids, true).strip(), position, 5, 0, step);
    }

    static List<String> texts(int... ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) out.add(VOCAB[id]);
        return out;
    }

    /** Candidates " the"(4), " step"(7), " answer"(8), " <script>"(10): " step" in all three top-k lists. */
    static Candidates candidates() {
        int[][] topk = {{7, 8, 4}, {7, 10, 8}, {7, 4, 9}};
        return new Candidates(2, 4, 3, topk, List.of(new Intersection(new int[] {0, 1, 2}, new int[] {7})), new int[] {4, 7, 8, 10},
                texts(4, 7, 8, 10), false);
    }

    static Reasoning reasoning() {
        return new Reasoning(prompt().ids(), prompt().text(), List.of(
                new Trace(new int[] {1, 2, 3}, "Lily had a ball. So the answer is ball.", EXAMPLES.get(0).question(), "ball", "ball", true),
                new Trace(new int[] {1, 2}, "Tom went home. So the answer is cat.", EXAMPLES.get(1).question(), "dog", "cat", false),
                new Trace(new int[] {1}, "Once upon a time", EXAMPLES.get(2).question(), "cat", "", false)));
    }

    /** Gradient: " step" most negative, then " answer"; shortlist of 2. */
    static Scores scores() {
        return new Scores(2, new int[] {4, 7, 8, 10}, texts(4, 7, 8, 10), new double[] {1.5, 2.5, 0.5}, new double[] {0.1, -0.8, -0.5, 0.3},
                new int[] {7, 8});
    }

    static Evaluated evaluated(int token, double mistakes) {
        return new Evaluated(token, VOCAB[token], mistakes + 0.02 * 3.0, mistakes, 3.0, reasoning());
    }

    static Swap swap() {
        PromptState next = state(new int[] {2, 3, 7, 5, 6}, 3, 1);
        return new Swap(2, List.of(evaluated(7, 1.0 / 3), evaluated(8, 2.0 / 3)), 7, VOCAB[7], 1.0 / 3 + 0.06, false, next);
    }

    static Cost cost() {
        return new Cost(120, 300, 200, 9, 6, 3, 2, 1, 50, Map.of("propose", 0.5, "reason", 1.25));
    }

    static Step step() {
        return new Step(0, prompt(), candidates(), reasoning(), false, scores(), swap(), List.of(), cost());
    }

    /** A compact step of a run: index {@code index}, mean loss {@code loss}, winner " step" with the given mistake rate. */
    static Step runStep(int index, double loss, double mistakes) {
        PromptState before = state(new int[] {2, 3, 4, 5, 6}, 2, index);
        PromptState after = state(new int[] {2, 3, 7, 5, 6}, 3, index + 1);
        Scores s = new Scores(2, new int[] {4, 7, 8, 10}, texts(4, 7, 8, 10), new double[] {loss, loss}, new double[] {0.5, -0.5, -0.5, 0.5},
                new int[] {7, 8});
        Evaluated win = new Evaluated(7, VOCAB[7], mistakes + 0.06, mistakes, 3.0, null);
        Candidates c = new Candidates(2, 4, 3, new int[0][], List.of(), new int[] {4, 7, 8, 10}, texts(4, 7, 8, 10), false);
        return new Step(index, before, c, null, false, s, new Swap(2, List.of(win), 7, VOCAB[7], mistakes + 0.06, false, after), List.of(),
                cost());
    }

    static Run run() {
        List<Step> steps = new ArrayList<>();
        double[][] v = {{2.0, 2.0 / 3}, {1.5, 1.0 / 3}, {1.0, 0.0}};
        for (int i = 0; i < 3; i++) {
            Step s = runStep(i, v[i][0], v[i][1]);
            // each step starts from the previous one's prompt
            steps.add(i == 0 ? s : new Step(i, steps.get(i - 1).next(), s.candidates(), null, false, s.scores(), s.swap(), List.of(), s.cost()));
        }
        List<BestPrompt> best = List.of(new BestPrompt(new int[] {2, 3, 7, 5, 6}, "think about step story.", 0.06, 1.0, 2),
                new BestPrompt(new int[] {2, 3, 4, 5, 6}, "think about the story.", 0.4, 0.5, 0));
        Checkpoint cp = new Checkpoint(Checkpoint.FORMAT, Map.of("model", "m"), 3, steps.get(2).next(), null, steps, best);
        return Run.of(GreaterConfig.paper(), cp, best.get(0), Run.RULE_DEV, "think about step story.", best, null, null);
    }

    static EvaluationRecord record(int i, boolean ok) {
        return new EvaluationRecord(i, "s" + i, "Lily had a ball. What did Lily have", "She played. So the answer is ball.", " ball",
                ok ? "ball" : "dog", "ball", "ball", ok, true, 12, "EOS");
    }

    static EvaluationSummary summary(String model, String prompt, List<EvaluationRecord> records) {
        return EvaluationSummary.of("toy", "test", model, prompt, "So the answer is", "plain", 48, records, 0);
    }
}
