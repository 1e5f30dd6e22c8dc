package org.greater4j.notebook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.greater4j.optimize.Candidates;
import org.greater4j.optimize.Diagnosis;
import org.greater4j.optimize.RunChart;
import org.greater4j.optimize.Evaluated;
import org.greater4j.optimize.Scores;
import org.greater4j.optimize.Step;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.components.Symbol;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.HeatmapTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * The optimizer's plots as Tablesaw (plotly) figures: candidate votes, the gradient over the
 * candidates as a heat map, loss and accuracy over steps, and a transfer heat map of a
 * {@link Comparison}. Each returns a {@link Plot}, which renders as a drawn chart in a notebook.
 * Pure functions of their inputs.
 */
public final class Plots {
    private Plots() {}

    /** Colour of ordinary bars. */
    static final String BLUE = "#4a7bd0";
    /** Colour of the current token. */
    static final String ORANGE = "#e8912d";

    /** A token's axis label: its visible text and id (ids keep equal texts apart). */
    static String label(String text, int id) {
        return Html.visible(text) + " #" + id;
    }

    /**
     * How many examples have each candidate in their top-k (the proposal's votes), one bar per candidate,
     * most votes first; the current token in orange.
     *
     * @param c the proposal (its current token is marked)
     */
    public static Plot candidates(Candidates c) {
        int current = c.current();
        int[] votes = c.votes();
        Integer[] order = new Integer[c.tokens().length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -votes[i]).thenComparingInt(i -> i));
        Object[] x = new Object[order.length];
        double[] y = new double[order.length];
        String[] colors = new String[order.length];
        StringBuilder sum = new StringBuilder();
        for (int j = 0; j < order.length; j++) {
            int t = c.tokens()[order[j]];
            x[j] = label(c.texts().get(order[j]), t);
            y[j] = votes[order[j]];
            colors[j] = t == current ? ORANGE : BLUE;
            if (j < 10) sum.append(String.format(Locale.ROOT, "  %-20s %d%n", x[j], votes[order[j]]));
        }
        BarTrace bars = BarTrace.builder(x, y).name("votes").marker(Marker.builder().color(colors).build()).build();
        Layout layout = Layout.builder()
                .title("Position " + c.position() + ": examples with the candidate in their top-" + c.k())
                .height(340).width(Math.max(640, Math.min(1100, 60 + 28 * x.length)))
                .margin(Margin.builder().bottom(110).top(50).left(50).right(20).build())
                .xAxis(Axis.builder().title("candidate token").build())
                .yAxis(Axis.builder().title("examples").build())
                .build();
        return new Plot("candidate votes at position " + c.position(), new Figure(layout, bars), sum.toString());
    }

    /**
     * The gradient over the candidates as a one-row heat map, most negative (most promising) first; the
     * shortlisted tokens are starred.
     */
    public static Plot gradient(Scores s) {
        int n = s.candidates().length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] g = s.gradient();
        Arrays.sort(order, (a, b) -> g[a] != g[b] ? Double.compare(g[a], g[b]) : Integer.compare(a, b));
        Object[] x = new Object[n];
        double[][] z = new double[1][n];
        StringBuilder sum = new StringBuilder();
        for (int j = 0; j < n; j++) {
            int t = s.candidates()[order[j]];
            boolean shortlisted = Arrays.stream(s.shortlist()).anyMatch(v -> v == t);
            x[j] = (shortlisted ? "★ " : "") + label(s.texts().get(order[j]), t);
            z[0][j] = g[order[j]];
            if (j < 10) sum.append(String.format(Locale.ROOT, "  %-22s %+.4f%n", x[j], z[0][j]));
        }
        HeatmapTrace trace = HeatmapTrace.builder(x, new Object[] {"gradient"}, z).build();
        Layout layout = Layout.builder()
                .title("Gradient at position " + s.position() + " (negative: the loss falls; ★ shortlisted)")
                .height(260).width(Math.max(640, Math.min(1100, 80 + 30 * n)))
                .margin(Margin.builder().bottom(110).top(50).left(80).right(20).build())
                .build();
        return new Plot("gradient heat map at position " + s.position(), new Figure(layout, trace), sum.toString());
    }

    /**
     * A run over its steps: the gradient step's mean loss and the winner's score (left axis), and the dev accuracy of
     * the prompts the final choice measured (right axis, 0-1; the chosen one marked).
     */
    public static Plot curves(RunChart c) {
        int n = c.steps().length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = c.steps()[i];
        double[] loss = c.meanLoss();
        double[] score = c.score();
        double[] dev = c.devAccuracy();
        StringBuilder sum = new StringBuilder(String.format(Locale.ROOT, "  %4s  %9s  %7s  %8s  %s%n", "step", "mean loss", "score", "dev acc", "prompt"));
        List<Double> dx = new ArrayList<>();
        List<Double> dy = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(dev[i])) {
                dx.add(x[i]);
                dy.add(dev[i]);
            }
            sum.append(String.format(Locale.ROOT, "  %4d  %9.4f  %7.4f  %8s  %s%s%n", c.steps()[i], loss[i], score[i],
                    Double.isFinite(dev[i]) ? String.format(Locale.ROOT, "%.3f", dev[i]) : "-", c.prompts().get(i),
                    c.steps()[i] == c.chosenStep() ? "  (chosen)" : ""));
        }
        List<ScatterTrace> traces = new ArrayList<>();
        traces.add(ScatterTrace.builder(x, loss).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name("mean loss (gradient step)").build());
        traces.add(ScatterTrace.builder(x, score).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name("score of the winner").build());
        if (!dx.isEmpty()) {
            traces.add(ScatterTrace.builder(dx.stream().mapToDouble(Double::doubleValue).toArray(), dy.stream().mapToDouble(Double::doubleValue).toArray())
                    .mode(ScatterTrace.Mode.MARKERS).name("dev accuracy (best prompts)").yAxis(ScatterTrace.YAxis.Y2)
                    .marker(Marker.builder().size(10).color(ORANGE).build()).build());
        }
        for (int i = 0; i < n; i++) {
            if (c.steps()[i] == c.chosenStep()) {
                double y = Double.isFinite(dev[i]) ? dev[i] : Double.NaN;
                if (Double.isFinite(y)) {
                    traces.add(ScatterTrace.builder(new double[] {x[i]}, new double[] {y}).mode(ScatterTrace.Mode.MARKERS)
                            .name("final prompt").yAxis(ScatterTrace.YAxis.Y2).marker(Marker.builder().size(16).color("#2a2").symbol(Symbol.STAR).build()).build());
                }
            }
        }
        Layout layout = Layout.builder()
                .title("Loss, score and dev accuracy over steps")
                .height(440).width(760)
                .margin(Margin.builder().bottom(150).top(50).left(60).right(60).build())
                .xAxis(Axis.builder().title("step").build())
                .yAxis(Axis.builder().title("loss / score").build())
                .yAxis2(Axis.builder().title("dev accuracy").overlaying(ScatterTrace.YAxis.Y).side(Axis.Side.right).range(0, 1).build())
                .build();
        return new Plot("loss, score and dev accuracy over " + n + " steps", new Figure(layout, traces.toArray(new ScatterTrace[0])), sum.toString());
    }

    /** A diagnosis: each candidate's gradient (x) against its real score (y); the shortlisted in orange. */
    public static Plot diagnosis(Diagnosis d) {
        int n = d.rows().size();
        double[] gx = new double[n];
        double[] ry = new double[n];
        String[] colors = new String[n];
        String[] names = new String[n];
        StringBuilder sum = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Diagnosis.Row r = d.rows().get(i);
            gx[i] = r.gradient();
            ry[i] = r.score();
            colors[i] = r.shortlisted() ? ORANGE : BLUE;
            names[i] = label(r.text(), r.token());
            if (i < 10) sum.append(String.format(Locale.ROOT, "  %-22s %+.4f  %.4f%n", names[i], gx[i], ry[i]));
        }
        ScatterTrace t = ScatterTrace.builder(gx, ry).mode(ScatterTrace.Mode.MARKERS).text(names).name("candidates")
                .marker(Marker.builder().size(9).color(colors).build()).build();
        Layout layout = Layout.builder()
                .title("Gradient against real score (lower is better; shortlisted in orange)")
                .height(360).width(760)
                .xAxis(Axis.builder().title("gradient (L2-normalized)").build())
                .yAxis(Axis.builder().title("real score").build())
                .build();
        return new Plot("gradient against real score at step " + d.step().index(), new Figure(layout, t), sum.toString());
    }

    /** The winner's training accuracy in a step summary: 1 - its mistake rate (NaN when it was not among the evaluated). */
    static double winnerAccuracy(Step s) {
        for (Evaluated e : s.swap().evaluated()) if (e.token() == s.swap().winner()) return 1 - e.mistakeRate();
        return Double.NaN;
    }

    /** Accuracy of every prompt (rows) on every model (columns) as a heat map, in percent. */
    public static Plot transfer(Comparison c) {
        int rows = c.prompts().size();
        int cols = c.models().size();
        Object[] x = c.models().toArray();
        Object[] y = new Object[rows];
        double[][] z = new double[rows][cols];
        StringBuilder sum = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            y[i] = c.prompts().get(i).label();
            for (int j = 0; j < cols; j++) z[i][j] = 100 * c.accuracy(i, j);
            sum.append("  ").append(y[i]).append(": ");
            List<String> cells = new ArrayList<>();
            for (int j = 0; j < cols; j++) cells.add(String.format(Locale.ROOT, "%.1f", z[i][j]));
            sum.append(String.join(" ", cells)).append('\n');
        }
        HeatmapTrace trace = HeatmapTrace.builder(x, y, z).build();
        Layout layout = Layout.builder()
                .title("Accuracy (%): prompt (row) evaluated on model (column)")
                .height(Math.max(260, 90 + 50 * rows)).width(Math.max(520, 220 + 160 * cols))
                .margin(Margin.builder().left(200).bottom(80).top(50).right(20).build())
                .xAxis(Axis.builder().title("evaluated on").build())
                .build();
        return new Plot("transfer heat map", new Figure(layout, trace), sum.toString());
    }
}
