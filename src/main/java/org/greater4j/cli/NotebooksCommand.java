package org.greater4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code greater notebooks --execute}: every notebook run headlessly with nbconvert on the greater4j
 * kernel (installed first when missing), the executed copies and their HTML exports written to
 * {@code --out}; stops at the first notebook that fails (exit 1, naming it and its log).
 */
@Command(name = "notebooks", description = {"List the notebooks, or with --execute run each one headlessly (jupyter nbconvert",
    "--execute on the greater4j kernel) and export it to HTML; stops at the first failure (exit 1)."})
final class NotebooksCommand implements Callable<Integer> {
    @Option(names = "--execute", description = "run the notebooks (without it they are only listed)")
    boolean execute;

    @Option(names = "--dir", description = "notebook folder (default: notebooks/ of the project)")
    Path dir;

    @Option(names = "--out", description = "where executed notebooks, HTML exports and logs go (default: target/notebooks)")
    Path out;

    @Option(names = "--only", description = "run only notebooks whose file name contains this text")
    String only;

    @Option(names = "--timeout", defaultValue = "1800", description = "seconds a cell may run (default ${DEFAULT-VALUE}; a real model's run needs more)")
    int timeout;

    @Option(names = "--startup-timeout", defaultValue = "60", description = "seconds the kernel may take to start (default ${DEFAULT-VALUE})")
    int startupTimeout;

    @Override
    public Integer call() {
        Path home = Jupyter.home();
        Path nbDir = dir != null ? dir.toAbsolutePath() : home.resolve("notebooks");
        Path outDir = (out != null ? out : home.resolve("target/notebooks")).toAbsolutePath();
        List<Path> all = Jupyter.notebooks(nbDir);
        if (only != null) all = all.stream().filter(p -> p.getFileName().toString().contains(only)).toList();
        PrintStream o = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (!execute) {
            for (Path p : all) o.println(p.startsWith(home) ? home.relativize(p) : p);
            return 0;
        }
        if (all.isEmpty()) throw new IllegalArgumentException("no notebook name contains \"" + only + "\"");
        Jupyter.ensureKernel(home);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>();
        long total = System.nanoTime();
        for (Path nb : all) {
            String name = nb.getFileName().toString();
            String stem = name.substring(0, name.length() - ".ipynb".length());
            System.err.println("greater: executing " + name + " ...");
            long t0 = System.nanoTime();
            Path log = outDir.resolve(stem + ".log");
            int rc = execute(nb, outDir, log);
            if (rc != 0 && startupHang(log)) {
                System.err.println("greater: " + name + ": the kernel did not start in " + startupTimeout + " s; trying once more");
                rc = execute(nb, outDir, log);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            if (rc != 0) {
                System.err.println(tail(log, 40));
                System.err.println("greater: notebook " + name + " FAILED after " + String.format(Locale.ROOT, "%.0f", secs)
                        + " s (exit " + rc + "); log: " + log + " (nbconvert writes no executed copy of a failed notebook; "
                        + "the log holds the failing cell and its error)");
                return 1;
            }
            Path executed = outDir.resolve(name);
            // outputs this command made are trusted (signed), so the Notebook shows the executed copy's charts and styles
            // instead of "Not Trusted" with 0 charts drawn
            if (Jupyter.trust(executed, outDir.resolve(stem + ".trust.log")) != 0) {
                System.err.println("greater: could not sign " + executed + " (nbformat's notary); opened in the Notebook it shows as "
                        + "Not Trusted: File > Trust Notebook draws its charts");
            }
            int hrc = Jupyter.runLogged(List.of("jupyter", "nbconvert", "--to", "html", "--output-dir", outDir.toString(), executed.toString()),
                    outDir, outDir.resolve(stem + ".html.log"));
            if (hrc != 0) {
                System.err.println("greater: HTML export of " + name + " failed (exit " + hrc + "); log: " + outDir.resolve(stem + ".html.log"));
                return 1;
            }
            Path html = outDir.resolve(stem + ".html");
            String line = String.format(Locale.ROOT, "%-28s ok  %6.1f s  %s", name, secs, html.startsWith(home) ? home.relativize(html) : html);
            lines.add(line);
            System.err.println("greater: " + line);
        }
        o.printf(Locale.ROOT, "%d notebooks executed in %.1f s:%n", lines.size(), (System.nanoTime() - total) / 1e9);
        for (String l : lines) o.println("  " + l);
        return 0;
    }

    private int execute(Path nb, Path outDir, Path log) {
        List<String> cmd = List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + Jupyter.KERNEL,
                "--ExecutePreprocessor.timeout=" + timeout,
                "--ExecutePreprocessor.startup_timeout=" + startupTimeout,
                "--output-dir", outDir.toString(), nb.toString());
        return Jupyter.runLogged(cmd, nb.getParent(), log);
    }

    private static boolean startupHang(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.contains("Kernel didn't respond") || s.contains("Kernel died before replying to kernel_info");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log, int n) {
        try {
            List<String> l = Files.readAllLines(log, StandardCharsets.UTF_8);
            // the kernel's own INFO lines drown the error: keep the rest
            List<String> keep = l.stream().filter(x -> !x.contains("[INFO   ]") && !x.contains("Debugger warning") && !x.contains("frozen modules")
                    && !x.contains("PYDEVD_DISABLE") && !x.contains("-Xfrozen_modules")).toList();
            return String.join("\n", keep.subList(Math.max(0, keep.size() - n), keep.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
