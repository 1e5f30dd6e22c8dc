package org.greater4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Candidates;
import org.greater4j.optimize.Evaluated;
import org.greater4j.optimize.Greater;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.PromptState;
import org.greater4j.optimize.Reasoning;
import org.greater4j.optimize.Scores;
import org.greater4j.optimize.Swap;
import org.greater4j.task.Protocol;
import org.greater4j.task.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code greater step}: one GReaTer step from a given state, printed as one JSON object (candidates, gradient,
 * shortlist, every real score, winner, next ids and position), to check a step against another implementation.
 */
@Command(name = "step", description = "One GReaTer step from a given prompt state, printed as JSON.")
final class StepCommand implements Runnable {
    @Mixin
    ModelOptions model;

    @Mixin
    ChatFormatOptions chat;

    @Mixin
    TaskOptions tasks = new TaskOptions();

    @Option(names = "--preset", defaultValue = "paper", description = "paper, clean or keep-best")
    String preset;

    @Option(names = "--cut-at-extractor", arity = "1", description = "score the reasoning up to an extractor it already wrote (true/false; "
            + "default: the preset's, true)")
    Boolean cut;

    @Option(names = "--prompt-ids", required = true, split = ",", description = "the prompt's token ids, e.g. 33,43,19,77,19")
    int[] promptIds;

    @Option(names = "--position", required = true, description = "the position the step optimizes")
    int position;

    @Option(names = "--candidates", split = ",", description = "the candidate set (default: proposed; the current token is added)")
    int[] candidates;

    @Option(names = "--samples", description = "the intersections' example samples, e.g. 24,26,2,16,32;31,25,19,30,22 (default: drawn)")
    String samples;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the random choices")
    long seed;

    @Option(names = "--step", defaultValue = "0", description = "the step index (random choices come from seed and step)")
    int step;

    @Option(names = "--max-new-tokens", description = "reasoning length cap (paper: 1024)")
    Integer maxNewTokens;

    @Option(names = "--json", description = "print JSON (the only output format)")
    boolean json;

    @Override
    public void run() {
        String taskName = model.task(tasks.task);
        GreaterConfig.Builder b = GreaterConfig.preset(preset).toBuilder().seed(seed);
        if (cut != null) b.cutAtExtractor(cut);
        if (maxNewTokens != null) b.maxNewTokens(maxNewTokens);
        GreaterConfig cfg = b.build();
        Task t = tasks.load(taskName);
        if (t.train().isEmpty()) throw new IllegalArgumentException("task " + taskName + " has no training rows");
        if (position < 0 || position >= promptIds.length) {
            throw new IllegalArgumentException("--position " + position + " is outside the prompt's " + promptIds.length + " ids");
        }
        try (LanguageModel m = model.load()) {
            Greater g = Greater.of(Protocol.of(m, t, chat.protocolOptions(cfg.separator(), null)), t, cfg);
            PromptState p = g.state(promptIds, position, step);
            Candidates c = candidates != null ? g.candidates(p, candidates) : samples != null ? g.propose(p, samples(samples)) : g.propose(p);
            Reasoning r = g.reason(p);
            Scores s = g.score(p, r, c);
            Swap w = g.swap(p, s);
            ObjectMapper om = new ObjectMapper();
            ObjectNode o = om.createObjectNode();
            o.set("candidates", om.valueToTree(c.tokens()));
            o.set("gradient", om.valueToTree(s.gradient()));
            o.set("shortlist", om.valueToTree(s.shortlist()));
            ArrayNode scores = o.putArray("scores");
            for (Evaluated e : w.evaluated()) {
                scores.addObject().put("token", e.token()).put("score", e.score()).put("mistakeRate", e.mistakeRate())
                        .put("promptNll", e.promptNll());
            }
            o.put("winner", w.winner());
            o.set("nextIds", om.valueToTree(w.next().ids()));
            o.put("nextPosition", w.next().position());
            new PrintStream(System.out, true, StandardCharsets.UTF_8).println(o);
        }
    }

    static List<int[]> samples(String text) {
        List<int[]> out = new ArrayList<>();
        for (String part : text.split(";")) {
            try {
                out.add(Arrays.stream(part.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--samples \"" + text + "\": \"" + part + "\" is not a comma-separated list of example "
                        + "indices (intersections are separated by ;)");
            }
        }
        return out;
    }
}
