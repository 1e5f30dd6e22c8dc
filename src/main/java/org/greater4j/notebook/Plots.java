package org.greater4j.notebook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.greater4j.optimize.Candidates;
import org.greater4j.optimize.Evaluated;
import org.greater4j.optimize.Scores;
import org.greater4j.optimize.Step;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;
import tech.tablesaw.plotly.components.Marker;
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
    static String label(RenderContext ctx, int id) {
        return Html.visible(ctx.token(id)) + " #" + id;
    }

    /**
     * How many examples have each candidate in their top-k (the proposal's votes), one bar per candidate,
     * most votes first; the current token in orange.
     *
     * @param c       the proposal
     * @param current the current token at the position (-1: none marked)
     */
    public static Plot candidates(Candidates c, int current, RenderContext ctx) {
        int[] votes = votes(c);
        Integer[] order = new Integer[c.tokens().length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -votes[i]).thenComparingInt(i -> i));
        Object[] x = new Object[order.length];
        double[] y = new double[order.length];
        String[] colors = new String[order.length];
        StringBuilder sum = new StringBuilder();
        for (int j = 0; j < order.length; j++) {
            int t = c.tokens()[order[j]];
            x[j] = label(ctx, t);
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

    /** Votes per candidate: how many examples' top-k lists hold it. */
    static int[] votes(Candidates c) {
        int[] v = new int[c.tokens().length];
        for (int j = 0; j < v.length; j++) {
            int t = c.tokens()[j];
            for (int[] row : c.topk()) for (int x : row) if (x == t) { v[j]++; break; }
        }
        return v;
    }

    /**
     * The gradient over the candidates as a one-row heat map, most negative (most promising) first; the
     * shortlisted tokens are starred.
     */
    public static Plot gradient(Scores s, RenderContext ctx) {
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
            x[j] = (shortlisted ? "★ " : "") + label(ctx, t);
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
     * Loss and accuracy over steps: the gradient step's mean loss and the winner's score (left axis), and
     * the winner's training accuracy, 1 - mistake rate (right axis, 0-1).
     */
    public static Plot curves(List<Step> steps) {
        int n = steps.size();
        double[] x = new double[n];
        double[] loss = new double[n];
        double[] score = new double[n];
        double[] acc = new double[n];
        StringBuilder sum = new StringBuilder(String.format(Locale.ROOT, "  %4s  %9s  %7s  %8s%n", "step", "mean loss", "score", "accuracy"));
        for (int i = 0; i < n; i++) {
            Step s = steps.get(i);
            x[i] = s.index();
            loss[i] = s.scores().meanLoss();
            score[i] = s.swap().score();
            acc[i] = winnerAccuracy(s);
            sum.append(String.format(Locale.ROOT, "  %4d  %9.4f  %7.4f  %8.3f%n", s.index(), loss[i], score[i], acc[i]));
        }
        ScatterTrace lossT = ScatterTrace.builder(x, loss).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name("mean loss (gradient step)").build();
        ScatterTrace scoreT = ScatterTrace.builder(x, score).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name("score of the winner").build();
        ScatterTrace accT = ScatterTrace.builder(x, acc).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name("train accuracy of the winner")
                .yAxis(ScatterTrace.YAxis.Y2).build();
        Layout layout = Layout.builder()
                .title("Loss and accuracy over steps")
                .height(360).width(760)
                .xAxis(Axis.builder().title("step").build())
                .yAxis(Axis.builder().title("loss / score").build())
                .yAxis2(Axis.builder().title("accuracy").overlaying(ScatterTrace.YAxis.Y).side(Axis.Side.right).range(0, 1).build())
                .build();
        return new Plot("loss and accuracy over " + n + " steps", new Figure(layout, lossT, scoreT, accT), sum.toString());
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
