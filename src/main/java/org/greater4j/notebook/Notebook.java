package org.greater4j.notebook;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.greater4j.model.LanguageModel;
import org.greater4j.text.ChatFormat;
import org.greater4j.text.LayoutSettings;
import org.greater4j.text.LayoutTemplate;
import org.greater4j.text.TokenizerConfig;

/**
 * What a notebook calls besides the library: {@link #display(Object)} (rich output in any Java
 * kernel, text elsewhere), parameters from environment variables ({@link #env}), the prompt layout of a loaded model
 * ({@link #layout}) and {@link #check} for a notebook's closing assertions.
 *
 * <p>Kernels: in rapaio-jupyter-kernel a value that ends a cell already renders through the
 * {@code DisplayProvider} this jar registers; {@code display} publishes HTML and text through its
 * kernel. IJava and JJava kernels are reached through their public {@code getKernelInstance()} by
 * reflection (not exercised by this project's tests); anywhere else the value's text is printed.
 */
public final class Notebook {
    private Notebook() {}

    /** System property the greater4j kernel launcher sets; its value names the kernel. */
    public static final String KERNEL_PROPERTY = "greater4j.kernel";

    // ------------------------------------------------------------------ parameters

    /** An environment variable, or {@code fallback} when it is unset or blank (nbconvert has no parameters). */
    public static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    /** An integer environment variable, or {@code fallback}. */
    public static int env(String name, int fallback) {
        String v = env(name, (String) null);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("environment variable " + name + "=" + v + " is not an integer");
        }
    }

    /**
     * The shared data folder, found exactly as the command line and the tests find it
     * ({@link org.greater4j.io.SharedData}: {@code $GREATER_SHARED}, else a {@code shared/} beside the project),
     * else {@code shared} (which may not exist: a parameter's default can name a file in it without failing
     * when the parameter is set).
     */
    public static Path shared() {
        return org.greater4j.io.SharedData.locate().dir().orElse(Path.of("shared"));
    }

    /**
     * The dataset folder, chosen exactly as the command line chooses it without {@code --data}
     * ({@link org.greater4j.task.DataDir#resolve(Path)}: {@code $GREATER_DATA}, else the first of
     * {@code ./datasets}, the project's {@code datasets/} and the shared folder's that holds data); a missing
     * file's error names every place searched.
     */
    public static org.greater4j.task.DataDir data() {
        return org.greater4j.task.DataDir.resolve(null);
    }

    // ------------------------------------------------------------------ setup

    /**
     * The prompt layout of a loaded model with the paper's separator, exactly as the command line builds it
     * ({@link org.greater4j.task.Protocol#layout}): the chat format {@code chatFormat} for the model's tokenizer files.
     */
    public static LayoutTemplate layout(LanguageModel model, String chatFormat) {
        return layout(model, chatFormat, LayoutSettings.PAPER_SEPARATOR);
    }

    /** {@link #layout(LanguageModel, String)} with another question/prompt separator. */
    public static LayoutTemplate layout(LanguageModel model, String chatFormat, String separator) {
        return org.greater4j.task.Protocol.layout(model,
                org.greater4j.task.Protocol.Options.defaults().withChatFormat(chatFormat).withSeparator(separator));
    }

    // ------------------------------------------------------------------ output

    /** The value rendered as HTML and text; ends a cell as the HTML in any kernel that shows {@code text/html}. */
    public static Rendered show(Object value) {
        return Html.render(value);
    }

    /** HTML written by the notebook, with a text form. */
    public static Rendered html(String html, String text) {
        return Html.raw(html, text);
    }

    /** Which Java kernel runs this code: {@code rapaio}, {@code ijava}, {@code jjava} or {@code none}. */
    public static String kernel() {
        String k = System.getProperty(KERNEL_PROPERTY);
        if (k != null) return k;
        if (Thread.currentThread().getName().startsWith("Engine-thread-") && present("org.rapaio.jupyter.kernel.MainApp")) return "rapaio";
        if (instance("io.github.spencerpark.ijava.IJava") != null) return "ijava";
        if (instance("org.dflib.jjava.JJava") != null) return "jjava";
        return "none";
    }

    /**
     * Shows a value now, in the middle of a cell: as HTML and text in a Java kernel (rapaio through
     * its display API; IJava and JJava through theirs), as text on standard output elsewhere. Returns
     * nothing, so that a cell ending with it shows the value once.
     */
    public static void display(Object value) {
        show(value, kernel());
    }

    /** {@link #display} for a given kernel name; returns the kernel that showed it ({@code none}: printed as text). */
    static String show(Object value, String k) {
        Rendered r = Html.render(value);
        try {
            switch (k) {
                case "rapaio" -> {
                    RapaioHook.display(r);
                    return k;
                }
                case "ijava" -> {
                    if (displayReflective("io.github.spencerpark.ijava.IJava", "io.github.spencerpark.jupyter.kernel.display.DisplayData", r)) return k;
                }
                case "jjava" -> {
                    if (displayReflective("org.dflib.jjava.JJava", "org.dflib.jjava.jupyter.kernel.display.DisplayData", r)) return k;
                }
                default -> { }
            }
        } catch (LinkageError | RuntimeException e) {
            // fall through to text
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(r.text());
        return "none";
    }

    private static boolean present(String cls) {
        try {
            Class.forName(cls, false, Notebook.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Object instance(String kernelClass) {
        try {
            Class<?> c = Class.forName(kernelClass, true, Thread.currentThread().getContextClassLoader());
            return c.getMethod("getKernelInstance").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static boolean displayReflective(String kernelClass, String dataClass, Rendered r) {
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            Object kernel = Class.forName(kernelClass, true, cl).getMethod("getKernelInstance").invoke(null);
            if (kernel == null) return false;
            Class<?> dd = Class.forName(dataClass, true, cl);
            Object data = dd.getConstructor(String.class).newInstance(r.text());
            dd.getMethod("putHTML", String.class).invoke(data, r.html());
            Method m = kernel.getClass().getMethod("display", dd);
            m.invoke(kernel, data);
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** rapaio's display API; loaded only inside that kernel. */
    private static final class RapaioHook {
        static void display(Rendered r) {
            org.rapaio.jupyter.kernel.display.DisplayData dd = org.rapaio.jupyter.kernel.display.DisplayData.fromHtml(r.html());
            dd.putText(r.text());
            dd.setDisplayId(java.util.UUID.randomUUID().toString());
            org.rapaio.jupyter.kernel.MainApp.kernel.display(dd);
        }
    }

    /**
     * A run's progress in the notebook ({@link org.greater4j.optimize.RunOptions#withListener}): one line per finished
     * step (position, the token swapped out and in, the score, the prompt after it), shown as it finishes.
     *
     * @param label names the run in each line (a model's name when several run; empty: none)
     */
    public static org.greater4j.optimize.RunListener progress(String label) {
        return (step, total) -> {
            var w = step.swap();
            var before = step.state();
            String line = String.format(java.util.Locale.ROOT, "%sstep %d/%d  position %d  '%s' -> '%s'  score %.4f  | %s",
                    label == null || label.isEmpty() ? "" : label + ": ", step.index() + 1, total, w.position(),
                    before.tokens().get(before.position()), w.winnerText(), w.score(), w.next().text());
            display(Html.raw("<div class=\"g4j-note\" style=\"font-family:monospace\">" + Html.escape(line) + "</div>", line));
        };
    }

    // ------------------------------------------------------------------ checks

    /** A notebook's assertion: throws {@link AssertionError} with the message when {@code ok} is false (Java's {@code assert} is off in kernels). */
    public static void check(boolean ok, String message) {
        if (!ok) throw new AssertionError("notebook check failed: " + message);
    }

    /** The parameters a notebook runs with, for its parameter cell's output: name, value, name, value ... in order. */
    public static Table parameters(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("parameters: pairs of name and value, got " + namesAndValues.length + " items");
        Table t = Table.of("parameter", "value").caption("parameters (environment variables override them)");
        for (int i = 0; i < namesAndValues.length; i += 2) t.row(String.valueOf(namesAndValues[i]), String.valueOf(namesAndValues[i + 1]));
        return t;
    }
}
