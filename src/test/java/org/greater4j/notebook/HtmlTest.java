package org.greater4j.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.greater4j.optimize.Diagnosis;
import org.greater4j.optimize.GradientQuality;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.Run;
import org.greater4j.optimize.Evaluated;
import org.greater4j.task.EvaluationResult;
import org.greater4j.task.EvaluationSummary;
import org.greater4j.task.PaperResults;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every result value as HTML and text, checked for its key content (not just non-empty output). */
class HtmlTest {
    @BeforeEach
    void session() {
        Plotly.reset();
    }

    /** The rows of the first table whose header row contains {@code headerCell}. */
    static List<String> rows(String html, String headerCell) {
        Matcher m = Pattern.compile("<table class=\"g4j-table\">(.*?)</table>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            String t = m.group(1);
            String head = t.substring(0, t.indexOf("</thead>"));
            if (!head.contains("<th>" + headerCell + "</th>")) continue;
            String body = t.substring(t.indexOf("<tbody>") + 7, t.indexOf("</tbody>"));
            return List.of(body.split("(?=<tr)"));
        }
        throw new AssertionError("no table with column " + headerCell + " in " + html);
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    @Test
    void promptHighlightsTheOptimizedToken() {
        String h = Html.of(Fixtures.prompt());
        assertThat(count(h, "class=\"g4j-tok")).isEqualTo(5);
        assertThat(h).contains("<span class=\"g4j-tok g4j-pos\" title=\"id 4\">·the</span>");
        assertThat(h).contains("think about the story.");
        assertThat(Html.text(Fixtures.prompt())).contains("|·think|·about|>>·the<<|·story|.|");
    }

    @Test
    void candidatesHaveOneRowEachWithVotesAndABarChart() {
        String h = Html.of(Fixtures.candidates());
        List<String> rows = rows(h, "votes");
        assertThat(rows).hasSize(4);
        // " step" is in all three top-k lists and comes first, best rank 1
        assertThat(rows.get(0)).contains("·step").contains("3/3").contains("<td>1</td>");
        assertThat(h).contains("g4j_plot_").contains("type: 'bar'");
        assertThat(Html.text(Fixtures.candidates())).contains("' step'").contains("3/3");
    }

    @Test
    void tokensAreEscaped() {
        String h = Html.of(Fixtures.candidates());
        assertThat(h).contains("·&lt;script&gt;").doesNotContain("<span class=\"g4j-tok\" title=\"id 10\">·<script>");
    }

    @Test
    void reasoningMarksTheExtractedAnswerAndJudgesIt() {
        String h = Html.of(Fixtures.reasoning());
        List<String> rows = rows(h, "reasoning (answer marked)");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).contains("So the answer is <mark class=\"g4j-answer\">ball</mark>.").contains("g4j-ok");
        assertThat(rows.get(1)).contains("<mark class=\"g4j-answer\">cat</mark>").contains("g4j-bad");
        assertThat(rows.get(2)).doesNotContain("<mark");
        assertThat(h).contains("right on 1 of 3");
        assertThat(Html.text(Fixtures.reasoning())).contains("So the answer is [[ball]].").contains("wrong");
    }

    @Test
    void scoresShowTheGradientSortedWithTheShortlistAndAHeatMap() {
        String h = Html.of(Fixtures.scores());
        List<String> rows = rows(h, "gradient");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).contains("g4j-win").contains("·step").contains("-0.8000");
        assertThat(rows.get(1)).contains("g4j-win").contains("·answer");
        assertThat(rows.get(3)).doesNotContain("g4j-win").contains("+0.3000");
        assertThat(h).contains("type: 'heatmap'").contains("★ ·step #7");
        assertThat(rows(h, "loss")).hasSize(3);
    }

    @Test
    void swapMarksTheWinnerAndTheChangedToken() {
        String h = Html.of(Fixtures.swap());
        List<String> rows = rows(h, "mistake rate");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("g4j-win").contains("66.7%");
        assertThat(rows.get(1)).doesNotContain("g4j-win");
        assertThat(h).contains("<span class=\"g4j-tok g4j-new\" title=\"id 7\">·step</span>").contains("think about step story.");
        assertThat(Html.text(Fixtures.swap())).contains("winner ' step'").contains(">>·step<<");
    }

    @Test
    void stepShowsBeforeAfterGradientAndCost() {
        String h = Html.of(Fixtures.step());
        assertThat(h).contains("Step 0: position 2, &#39;·the&#39; → &#39;·step&#39;")
                .contains("g4j-pos").contains("g4j-new").contains("type: 'heatmap'").contains("reason (s)").contains("1.25");
        assertThat(Html.text(Fixtures.step())).contains("Step 0").contains("shortlist ' step', ' answer'");
    }

    @Test
    void runShowsTheFinalPromptTheBestPromptsAndCurves() {
        String h = Html.of(Fixtures.run());
        assertThat(h).contains("final prompt: <b>think about step story.</b>");
        assertThat(rows(h, "dev accuracy")).hasSize(2);
        List<String> steps = rows(h, "train accuracy");
        assertThat(steps).hasSize(3);
        assertThat(steps.get(2)).contains("100.0%");
        assertThat(h).contains("type: 'scatter'").contains("Loss, score and dev accuracy over steps").contains("dev accuracy (best prompts)");
        assertThat(Html.text(Fixtures.run())).contains("final prompt: think about step story.");
        assertThat(Plots.curves(Fixtures.run().plot()).summary()).contains("1.0000").contains("(chosen)");
    }

    @Test
    void evaluationShowsAccuracyWithIntervalAndMarkedRecords() {
        var recs = List.of(Fixtures.record(0, true), Fixtures.record(1, false), Fixtures.record(2, true), Fixtures.record(3, true));
        EvaluationSummary s = Fixtures.summary("models/stories260K.bin", "think.", recs);
        String h = Html.of(new EvaluationResult(s, recs));
        assertThat(h).contains("75.0%").contains("(3/4)").contains(ci(s));
        List<String> rows = rows(h, "gold");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1)).contains("g4j-bad").contains("<mark class=\"g4j-answer\">ball</mark>");
        assertThat(Html.text(s)).contains("75.0%");
    }

    static String ci(EvaluationSummary s) {
        return String.format(java.util.Locale.ROOT, "[%.1f, %.1f]", 100 * s.ci95().low(), 100 * s.ci95().high());
    }

    @Test
    void paperTablesCarryThePublishedNumbers() {
        PaperResults p = PaperResults.load();
        String h = Html.of(p);
        double g = p.accuracy("GReaTer", PaperResults.LLAMA3_8B, "gsm8k").orElseThrow();
        List<String> rows = rows(h, "method");
        assertThat(rows.stream().filter(r -> r.contains("<td>GReaTer</td>")).findFirst().orElseThrow())
                .contains(String.format(java.util.Locale.ROOT, "%.1f", g)).contains("g4j-win");
        assertThat(Html.text(p)).contains("Table 3");
    }

    @Test
    void paperComparisonPutsOurRowsBesideThePaper() {
        var recs = List.of(Fixtures.record(0, true), Fixtures.record(1, false));
        PaperComparison pc = PaperComparison.of("gsm8k").with("GReaTer prompt, toy task", Fixtures.summary("m/stories260K.bin", "p", recs));
        String h = Html.of(pc);
        List<String> rows = rows(h, "method / run");
        assertThat(rows.stream().filter(r -> r.contains("<td>paper</td>")).count()).isGreaterThanOrEqualTo(5);
        assertThat(rows.get(rows.size() - 1)).contains("<td>here</td>").contains("stories260K.bin: 50.0");
    }

    @Test
    void comparisonShowsTheGridAndATransferHeatMap() {
        var ok = List.of(Fixtures.record(0, true), Fixtures.record(1, true));
        var half = List.of(Fixtures.record(0, true), Fixtures.record(1, false));
        Comparison c = Comparison.builder("toy", List.of("A", "B"))
                .add(new Comparison.Source("GReaTer on A", "p1", "A"), List.of(Fixtures.summary("A", "p1", ok), Fixtures.summary("B", "p1", half)))
                .add(new Comparison.Source("initial", "p0", ""), List.of(Fixtures.summary("A", "p0", half), Fixtures.summary("B", "p0", half)))
                .build();
        String h = Html.of(c);
        List<String> rows = rows(h, "on A");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("<b>100.0 (2/2)</b>").contains("50.0 (1/2)");
        assertThat(h).contains("type: 'heatmap'").contains("Table 3");
        assertThat(c.ownAccuracy(0)).isEqualTo(1.0);
        assertThat(Html.text(c)).contains("100.0 (2/2) *own");
    }

    @Test
    void configAndEvaluatedRender() {
        assertThat(Html.of(GreaterConfig.paper())).contains("<td>topk</td><td>40</td>");
        Evaluated e = Fixtures.evaluated(7, 0.0);
        assertThat(Html.of(e)).contains("100.0%").contains("·step");
    }

    @Test
    void plotlyIsInlinedOncePerSession() {
        String marker = "plotly.js " + Plotly.VERSION + " (greater4j";
        String first = Html.of(Fixtures.scores());
        String second = Html.of(Fixtures.candidates());
        assertThat(count(first, marker)).isEqualTo(1);
        assertThat(first).contains("(function(define, module, exports){").contains("plotly.js v2.35.3");
        assertThat(count(second, marker)).isZero();
        assertThat(second).contains("window.Plotly"); // draws once the bundle is there
        assertThat(Plotly.inlined()).isTrue();
        // a standalone page always carries it once, and does not consume the session's
        Plotly.reset();
        String page = Html.page("report", Fixtures.scores(), Fixtures.candidates());
        assertThat(count(page, marker)).isEqualTo(1);
        assertThat(Plotly.inlined()).isFalse();
        assertThat(count(Html.of(Fixtures.scores()), marker)).isEqualTo(1);
    }

    @Test
    void figureScriptsNameValidJavaScriptVariables() {
        String h = Html.of(Fixtures.candidates()) + Html.of(Fixtures.run());
        Matcher m = Pattern.compile("var (target_[^ =]+) =").matcher(h);
        int n = 0;
        while (m.find()) {
            n++;
            assertThat(m.group(1)).matches("[A-Za-z_][A-Za-z0-9_]*");
        }
        assertThat(n).isEqualTo(2);
        // every figure draws with the title left of the tool bar and the legend under the plot
        assertThat(count(h, "{displayModeBar: 'hover', displaylogo: false}")).isEqualTo(2);
        assertThat(count(h, "layout.legend = {orientation: 'h'")).isEqualTo(2);
    }

    @Test
    void textFallbackAndDisplayOutsideAKernel() {
        assertThat(Html.text(42)).isEqualTo("42");
        assertThat(Html.of("a<b")).contains("a&lt;b");
        assertThat(Notebook.kernel()).isEqualTo("none");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            Notebook.display(Fixtures.prompt());
            // a kernel that is not there falls back to text
            assertThat(Notebook.show(Fixtures.prompt(), "ijava")).isEqualTo("none");
        } finally {
            System.setOut(old);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains(">>·the<<").doesNotContain("<span");
        assertThat(printed.split(">>·the<<", -1)).hasSize(3); // printed twice: display, then the fallback
        assertThat(Notebook.parameters("model", "m", "steps", 2).text()).contains("model").contains("steps");
    }

    @Test
    void diagnosisShowsEveryCandidateInGradientOrderWithItsRealRank() {
        List<Diagnosis.Row> rs = List.of(new Diagnosis.Row(7, " step", -0.8, true, 0.1, 0.0, 1),
                new Diagnosis.Row(8, " answer", -0.5, true, 0.5, 0.4, 2), new Diagnosis.Row(10, " <script>", 0.3, false, 0.9, 0.9, 3));
        Diagnosis d = new Diagnosis(Fixtures.step(), rs, GradientQuality.of(new double[] {-0.8, -0.5, 0.3}, new double[] {0.1, 0.5, 0.9}, 2));
        String h = Html.of(d);
        List<String> rows = rows(h, "real rank");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).contains("g4j-win").contains("·step").contains("-0.8000");
        assertThat(rows.get(2)).contains("·&lt;script&gt;").doesNotContain("<script>");
        assertThat(h).contains("type: 'scatter'").contains("Gradient against real score");
        assertThat(Html.text(d)).contains("the gradient's").contains("yes");
    }

    @Test
    void testAccuracyShowsBothPromptsAndTheGain() {
        var before = Fixtures.summary("m", "think about the story.", List.of(Fixtures.record(0, false), Fixtures.record(1, false)));
        var after = Fixtures.summary("m", "think about step story.", List.of(Fixtures.record(0, true), Fixtures.record(1, false)));
        String t = Html.text(new Run.TestAccuracy(before, after));
        assertThat(t).contains("+50.0 points").contains("initial: think about the story.").contains("final: think about step story.");
        assertThat(rows(Html.of(new Run.TestAccuracy(before, after)), "test accuracy (a)").get(1)).contains("50.0%").contains("g4j-win");
    }
}
