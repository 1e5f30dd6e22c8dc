package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.greater4j.TestData;
import org.junit.jupiter.api.Test;

/**
 * {@code greater step} replays a step the official code recorded on the toy model ({@code ../shared/official-trace},
 * extractor cut, position 2): from its prompt ids, position and intersection samples it prints the official
 * candidate set, shortlist, real scores (within 1e-4) and winner.
 */
class StepCommandTest {
    @Test
    void replaysARecordedOfficialStep() throws Exception {
        JsonNode g = new ObjectMapper().readTree(TestData.shared("official-trace/golden-steps.json").toFile()).get("golden").get("cut").get("pos2");
        List<String> samples = new ArrayList<>();
        for (JsonNode s : g.get("intersection_samples")) {
            List<String> ids = new ArrayList<>();
            s.forEach(i -> ids.add(i.asText()));
            samples.add(String.join(",", ids));
        }
        List<String> prompt = new ArrayList<>();
        g.get("prompt_ids").forEach(i -> prompt.add(i.asText()));
        CliTest.Result r = CliTest.run("step", "--preset", "paper", "--cut-at-extractor=true", "--prompt-ids", String.join(",", prompt),
                "--position", g.get("position").asText(), "--samples", String.join(";", samples), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("candidates")).isEqualTo(g.get("candidate_set"));
        List<Integer> shortlist = new ArrayList<>();
        g.get("shortlist").forEach(e -> shortlist.add(e.get("id").asInt()));
        List<Integer> ours = new ArrayList<>();
        o.get("shortlist").forEach(e -> ours.add(e.asInt()));
        assertThat(ours).isEqualTo(shortlist);
        for (int j = 0; j < g.get("scores").size(); j++) {
            JsonNode want = g.get("scores").get(j);
            JsonNode got = o.get("scores").get(j);
            assertThat(got.get("token").asInt()).isEqualTo(want.get("id").asInt());
            assertThat(got.get("score").asDouble()).isCloseTo(want.get("score").asDouble(), within(1e-4));
            assertThat(got.get("mistakeRate").asDouble()).isCloseTo(want.get("mistake_rate").asDouble(), within(1e-4));
        }
        assertThat(o.get("winner").asInt()).isEqualTo(g.get("chosen").get("id").asInt());
        assertThat(o.get("gradient")).hasSize(g.get("candidate_set").size());
    }
}
