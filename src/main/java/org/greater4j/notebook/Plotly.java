package org.greater4j.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tech.tablesaw.plotly.components.Figure;

/**
 * plotly.js for notebooks with no network: the bundle ships in the jar (the WebJar
 * {@code org.webjars.npm:plotly.js-dist:2.35.3}) and the first figure of a session carries it inline;
 * later figures only draw. The bundle is wrapped as {@code (function(define, module, exports){ ... })()}
 * so that it sets {@code window.Plotly} also under the classic Notebook's RequireJS. A figure's script
 * waits (up to 20 s) for {@code window.Plotly}, so a figure drawn before the bundle's cell ran again
 * still appears. "Session" means this JVM: a notebook's kernel. {@link #reset()} makes the next
 * figure carry the bundle again (after clearing the outputs that held it).
 *
 * <p>The bundle is about 10.8 MB: the classic Notebook drops outputs above its IOPub data rate limit
 * (1 MB/s by default), so {@code greater notebook} starts it with
 * {@code --NotebookApp.iopub_data_rate_limit=1e10}; nbconvert has no such limit.
 */
public final class Plotly {
    private Plotly() {}

    /** The bundled plotly.js version (2.x: Tablesaw 0.44.4's titles vanish with 3.x). */
    public static final String VERSION = "2.35.3";
    /** Where the bundle lies on the class path. */
    public static final String RESOURCE = "/META-INF/resources/webjars/plotly.js-dist/" + VERSION + "/plotly.js";

    private static final AtomicBoolean INLINED = new AtomicBoolean();
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final ThreadLocal<Boolean> SUPPRESS = ThreadLocal.withInitial(() -> false);
    private static volatile String bundle;

    /** The plotly.js source from the jar. */
    public static String bundle() {
        String b = bundle;
        if (b == null) {
            try (InputStream in = Plotly.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("plotly.js is not on the class path (" + RESOURCE + "); add the dependency "
                            + "org.webjars.npm:plotly.js-dist:" + VERSION);
                }
                b = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            bundle = b;
        }
        return b;
    }

    /** The bundle as one {@code <script>} element, wrapped so that RequireJS does not capture it. */
    public static String bundleScript() {
        return "<script type=\"text/javascript\">/* plotly.js " + VERSION + " (greater4j, inlined once per session) */\n"
                + "(function(define, module, exports){\n" + bundle().replace("</script", "<\\/script") + "\n})();\n</script>";
    }

    /** True when this session has already emitted the bundle. */
    public static boolean inlined() {
        return INLINED.get();
    }

    /** The next figure carries the bundle again. */
    public static void reset() {
        INLINED.set(false);
    }

    /** Runs {@code r} with figures emitted without the bundle and without marking it inlined (for standalone pages). */
    static void withoutBundle(Runnable r) {
        boolean before = SUPPRESS.get();
        SUPPRESS.set(true);
        try {
            r.run();
        } finally {
            SUPPRESS.set(before);
        }
    }

    /**
     * A figure as HTML: its {@code <div>} and drawing script (Tablesaw's {@code divString} and
     * {@code asJavascript}), preceded by the bundle when this is the session's first figure.
     */
    public static String embed(Figure figure) {
        // Tablesaw names a JavaScript variable after the id (target_<id>): letters, digits and underscores only
        String id = "g4j_plot_" + Long.toHexString(System.nanoTime() & 0xffffffffL) + "_" + IDS.incrementAndGet();
        String js = figure.asJavascript(id);
        int open = js.indexOf("<script>");
        int close = js.lastIndexOf("</script>");
        String body = open >= 0 && close > open ? js.substring(open + "<script>".length(), close) : js;
        // the title to the left, clear of the tool bar (shown on hover) at the right; a legend under the plot, clear of a
        // right-hand axis
        body = body.replace("Plotly.newPlot(target_" + id + ", data, layout);",
                "if (typeof layout.title === 'string') { layout.title = {text: layout.title, x: 0.01, xanchor: 'left'}; }\n"
                + "layout.legend = {orientation: 'h', x: 0, y: -0.3, yanchor: 'top'};\n"
                + "Plotly.newPlot(target_" + id + ", data, layout, {displayModeBar: 'hover', displaylogo: false});");
        String draw = "<script type=\"text/javascript\">(function(){\n"
                + "var draw = function(){\n" + body + "\n};\n"
                + "if (window.Plotly) { draw(); } else { var n = 0; var t = setInterval(function(){\n"
                + "  if (window.Plotly) { clearInterval(t); draw(); }\n"
                + "  else if (++n > 200) { clearInterval(t); var d = document.getElementById('" + id + "');\n"
                + "    if (d) d.textContent = 'plotly.js is not loaded on this page: run org.greater4j.notebook.Plotly.reset() and the cell again'; }\n"
                + "}, 100); }\n})();</script>";
        String prefix = "";
        if (!SUPPRESS.get() && INLINED.compareAndSet(false, true)) prefix = bundleScript() + "\n";
        return prefix + figure.divString(id) + draw;
    }
}
