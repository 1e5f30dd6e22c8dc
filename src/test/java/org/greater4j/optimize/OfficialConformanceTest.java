package org.greater4j.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.greater4j.model.LanguageModel;
import org.greater4j.task.Task;
import org.greater4j.toy.ToyModels;
import org.greater4j.toy.ToyTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * greater4j's {@code paper} preset against the official code's own numbers on the toy model
 * ({@code ../shared/official-trace}): from each recorded state (prompt, position) and the official run's recorded
 * intersection samples, greater4j must give the same banned tokens, per-example top-k, intersections and candidate
 * set, the same greedy reasoning, per-example losses within 1e-4, the normalized gradient within 1e-3 of its
 * largest entry, the same shortlist, each shortlisted token's mistake rate, prompt NLL and score within 1e-4, the
 * same winner and the same next prompt and position (a new pass at 0 after a loss below 0.12). Both variants: the official layout (extractor appended after
 * the reasoning) and greater4j's extractor cut; positions 0 and 2.
 */
class OfficialConformanceTest {
    static final double TOL = 1e-4;
    static LanguageModel model;
    static Task task;
    static JsonNode golden;

    @BeforeAll
    static void load() {
        golden = OfficialTrace.read().get("golden");
        model = LanguageModel.load(ToyModels.path("toy"));
        task = ToyTask.task();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Stream<Arguments> states() {
        return Stream.of(Arguments.of("official", "pos0"), Arguments.of("official", "pos2"), Arguments.of("cut", "pos0"),
                Arguments.of("cut", "pos2"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("states")
    void stepMatchesTheOfficialCode(String variant, String state) {
        JsonNode v = golden.get(variant);
        JsonNode g = v.get(state);
        boolean cut = v.get("settings").get("extractor_cut_variant").asBoolean();
        GreaterConfig cfg = GreaterConfig.paper().withInitialPrompt(g.get("prompt").asText()).withCutAtExtractor(cut);
        Greater opt = Greater.of(model, task, cfg);
        int[] ids = OfficialTrace.ints(g.get("prompt_ids"));
        assertThat(opt.encode(g.get("prompt").asText())).as("the prompt's ids").containsExactly(ids);
        PromptState p = opt.state(ids, g.get("position").asInt(), 0);
        SoftAssertions soft = new SoftAssertions();

        TreeSet<Integer> banned = new TreeSet<>();
        for (int id = 0; id < model.config().vocabSize(); id++) if (!opt.isAllowed(id)) banned.add(id);
        TreeSet<Integer> officialBanned = new TreeSet<>();
        for (int id : OfficialTrace.ints(g.get("banned_tokens"))) officialBanned.add(id);
        soft.assertThat(banned).as("banned tokens").isEqualTo(officialBanned);

        Candidates c = opt.propose(p, OfficialTrace.rows(g.get("intersection_samples")));
        List<int[]> officialTopk = OfficialTrace.rows(g.get("topk_per_example"));
        int[][] topk = c.topk();
        for (int i = 0; i < topk.length; i++) soft.assertThat(topk[i]).as("top-k of example " + i).containsExactly(officialTopk.get(i));
        List<int[]> inters = OfficialTrace.rows(g.get("candidate_check").get("intersections"));
        for (int q = 0; q < inters.size(); q++) {
            soft.assertThat(c.intersections().get(q).tokens()).as("intersection " + q).containsExactly(inters.get(q));
        }
        soft.assertThat(c.k()).as("k used").isEqualTo(g.get("topk_used").asInt());
        soft.assertThat(c.tokens()).as("candidate set").containsExactly(OfficialTrace.ints(g.get("candidate_set")));

        Reasoning r = opt.reason(p);
        Gradient grad = new Gradient(contextOf(opt));
        JsonNode examples = g.get("examples");
        for (int i = 0; i < examples.size(); i++) {
            soft.assertThat(grad.scoredText(r.traces().get(i))).as("reasoning of example " + i).isEqualTo(examples.get(i).get("reasoning").asText());
        }

        Scores s = opt.score(p, r, c);
        double[] loss = OfficialTrace.doubles(g.get("per_example_loss"));
        double[] ours = s.exampleLoss();
        double worstLoss = 0;
        for (int i = 0; i < loss.length; i++) worstLoss = Math.max(worstLoss, Math.abs(ours[i] - loss[i]));
        soft.assertThat(worstLoss).as("largest per-example loss difference").isLessThan(TOL);
        double[] officialGrad = OfficialTrace.doubles(g.get("grad_normalized"));
        double[] gradient = s.gradient();
        double largest = Arrays.stream(officialGrad).map(Math::abs).max().orElseThrow();
        double worstGrad = 0;
        for (int j = 0; j < gradient.length; j++) worstGrad = Math.max(worstGrad, Math.abs(gradient[j] - officialGrad[j]));
        soft.assertThat(worstGrad).as("largest gradient difference").isLessThan(1e-3 * largest);
        List<Integer> shortlist = new ArrayList<>();
        for (JsonNode e : g.get("shortlist")) shortlist.add(e.get("id").asInt());
        soft.assertThat(s.shortlist()).as("shortlist").containsExactly(shortlist.stream().mapToInt(Integer::intValue).toArray());

        Swap w = opt.swap(p, s);
        JsonNode scores = g.get("scores");
        soft.assertThat(w.evaluated()).as("tokens scored").hasSize(scores.size());
        for (int j = 0; j < Math.min(scores.size(), w.evaluated().size()); j++) {
            JsonNode o = scores.get(j);
            Evaluated e = w.evaluated().get(j);
            soft.assertThat(e.token()).as("scored token " + j).isEqualTo(o.get("id").asInt());
            soft.assertThat(e.mistakeRate()).as("mistake rate of " + o.get("token")).isCloseTo(o.get("mistake_rate").asDouble(),
                    org.assertj.core.data.Offset.offset(TOL));
            soft.assertThat(e.promptNll()).as("prompt NLL of " + o.get("token")).isCloseTo(o.get("prompt_nll").asDouble(),
                    org.assertj.core.data.Offset.offset(TOL));
            soft.assertThat(e.score()).as("score of " + o.get("token")).isCloseTo(o.get("score").asDouble(),
                    org.assertj.core.data.Offset.offset(TOL));
        }
        soft.assertThat(w.winner()).as("winner").isEqualTo(g.get("chosen").get("id").asInt());
        soft.assertThat(w.forced()).as("period forced").isEqualTo(g.get("period_forced").asBoolean());
        soft.assertThat(opt.text(w.next().ids())).as("prompt after").isEqualTo(g.get("prompt_after").asText());
        // the trace records the step's own position; the official run then starts a new pass at 0 when the step's
        // loss is below 0.12 and the training set is not exactly the group size of 100 (attack_manager.py L1426, L1749)
        boolean restart = g.get("returned_loss").asDouble() < 0.12 && task.train().size() != 100;
        soft.assertThat(w.next().position()).as("position after").isEqualTo(restart ? 0 : g.get("pos_after").asInt());
        soft.assertThat(w.next().initialLength()).as("initial length of the next pass").isEqualTo(w.next().length());
        soft.assertAll();
    }

    private static Context contextOf(Greater g) {
        return new Context(g.protocol(), g.task(), g.config());
    }
}
