package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.greater4j.task.EvaluationSummary.Interval;
import org.junit.jupiter.api.Test;

/** Wilson intervals against hand-computed values, summary counts, the JSON shapes and identity comparison. */
class EvaluationSummaryTest {

    @Test
    void wilsonIntervalMatchesAHandComputation() {
        // 8 of 10, z = 1.959964: p = 0.8, z^2 = 3.8414588, z^2/n = 0.38414588, denominator 1.38414588;
        // centre (0.8 + 0.19207294) / 1.38414588 = 0.7167402;
        // half 1.959964 * sqrt(0.16/10 + 3.8414588/400) / 1.38414588 = 1.959964 * 0.1600114 / 1.38414588 = 0.2265778;
        // so [0.4901624, 0.9433178] (the textbook Wilson interval for 8/10 is 0.490 to 0.943).
        Interval i = Interval.wilson95(8, 10);
        assertThat(i.low()).isCloseTo(0.4901625, within(1e-6));
        assertThat(i.high()).isCloseTo(0.9433178, within(1e-6));
        // 0 of 10: [0, z^2 / (n + z^2)] = [0, 3.8414588 / 13.8414588] = [0, 0.2775328]
        Interval zero = Interval.wilson95(0, 10);
        assertThat(zero.low()).isZero();
        assertThat(zero.high()).isCloseTo(0.2775328, within(1e-6));
        // all right: [n / (n + z^2), 1]
        Interval all = Interval.wilson95(40, 40);
        assertThat(all.low()).isCloseTo(40 / (40 + 1.959964 * 1.959964), within(1e-9));
        assertThat(all.high()).isEqualTo(1.0);
        assertThatThrownBy(() -> Interval.wilson95(3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.wilson95(11, 10)).hasMessageContaining("11 of 10");
    }

    private static EvaluationRecord rec(int i, String a, String b, String gold, String stop) {
        return new EvaluationRecord(i, "t#" + i, "q" + i, "r", "c", a, b, gold, gold.equals(a), gold.equals(b), 10 + i, stop);
    }

    @Test
    void summaryCountsBothMethods() {
        List<EvaluationRecord> rs = List.of(rec(0, "1", "1", "1", "EOS"), rec(1, null, "2", "2", "MAX_TOKENS"),
                rec(2, "3", null, "4", "CONTEXT"), rec(3, "4", "4", "4", "EOS"));
        EvaluationSummary s = EvaluationSummary.of("t", "test", "m", "p", "x", "none", 64, rs, 1);
        assertThat(s.n()).isEqualTo(4);
        assertThat(s.correct()).isEqualTo(2);
        assertThat(s.accuracy()).isEqualTo(0.5);
        assertThat(s.correctParsed()).isEqualTo(3);
        assertThat(s.accuracyParsed()).isEqualTo(0.75);
        assertThat(s.ci95()).isEqualTo(Interval.wilson95(2, 4));
        assertThat(s.ci95Parsed()).isEqualTo(Interval.wilson95(3, 4));
        assertThat(s.noAnswer()).isEqualTo(1);
        assertThat(s.noAnswerParsed()).isEqualTo(1);
        assertThat(s.truncated()).isEqualTo(2);
        assertThat(s.meanReasoningTokens()).isEqualTo(11.5);
        assertThat(s.resumed()).isEqualTo(1);
        assertThat(s.withoutResumed().resumed()).isZero();
        assertThatThrownBy(() -> EvaluationSummary.of("t", "test", "m", "p", "x", "none", 64, List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonShapes() throws Exception {
        ObjectMapper mapper = EvaluationStore.MAPPER;
        EvaluationSummary s = EvaluationSummary.of("t", "test", "m", "p", "x", "none", 64,
                List.of(rec(0, "1", "1", "1", "EOS"), rec(1, null, "1", "2", "EOS")), 0);
        JsonNode j = mapper.valueToTree(s);
        assertThat(j.get("accuracy").asDouble()).isEqualTo(0.5);
        assertThat(j.get("ci95").isArray()).isTrue();
        assertThat(j.get("ci95")).hasSize(2);
        assertThat(j.get("ci95").get(0).asDouble()).isEqualTo(s.ci95().low());
        assertThat(j.get("ci95Parsed").get(1).asDouble()).isEqualTo(s.ci95Parsed().high());
        EvaluationRecord r = rec(1, null, "1", "2", "EOS");
        String line = mapper.writeValueAsString(r);
        assertThat(line).doesNotContain("\n").contains("\"answerExtracted\":null").doesNotContain("truncated");
        assertThat(mapper.readValue(line, EvaluationRecord.class)).isEqualTo(r);
        assertThat(mapper.readValue(mapper.writeValueAsString(s), EvaluationSummary.class)).isEqualTo(s);
    }

    @Test
    void identityDifferenceNamesTheField() {
        EvaluationIdentity a = new EvaluationIdentity(EvaluationIdentity.FORMAT, "/m", "f", "/m/tokenizer.json", "t", "d",
                "test", 0, 10, "Think.", "none", null, "c", ". Use ", " ", "x", 1024, 16);
        EvaluationIdentity b = new EvaluationIdentity(EvaluationIdentity.FORMAT, "/m", "f", "/m/tokenizer.json", "t", "d",
                "test", 0, 10, "Think\nhard.", "none", null, "c", ". Use ", " ", "x", 1024, 16);
        assertThat(a.difference(a)).isEmpty();
        assertThat(a.difference(b)).contains("prompt: \"Think.\" (saved) vs \"Think\\nhard.\" (now)");
    }

    @Test
    void theContinuationEndsAtTheFirstNewlineAfterItsText() {
        assertThat(Evaluation.firstLine("42$\nThe answer")).isEqualTo("42$");
        assertThat(Evaluation.firstLine(" \n\n93\n\n")).isEqualTo(" \n\n93");
        assertThat(Evaluation.firstLine("\n\n")).isEqualTo("\n\n");
        assertThat(Evaluation.firstLine("")).isEmpty();
    }
}
