package org.greater4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Jupyter side of {@code greater notebook(s)}: where the project is, whether the greater4j kernel
 * is installed for this checkout's build, and running {@code jupyter} commands.
 */
final class Jupyter {
    private Jupyter() {}

    /** The kernelspec name environment/install.sh writes. */
    static final String KERNEL = "greater4j";

    /** The project root: {@code -Dgreater4j.home} (set by the {@code greater} script), else the working directory. */
    static Path home() {
        String h = System.getProperty("greater4j.home");
        return (h != null ? Path.of(h) : Path.of("")).toAbsolutePath().normalize();
    }

    /** Signs a notebook with the Jupyter notary (what {@code jupyter trust} does), run by the Python that runs {@code jupyter}. */
    private static final String SIGN = "import sys, nbformat\nfrom nbformat.sign import NotebookNotary\n"
            + "nb = nbformat.read(sys.argv[1], as_version=4)\nNotebookNotary().sign(nb)\n";

    /**
     * Marks a notebook this project executed as trusted, so that the Notebook shows its outputs (charts, styles) instead
     * of "Not Trusted". Returns the exit code (not 0: it stays untrusted; File > Trust Notebook does the same by hand).
     */
    static int trust(Path notebook, Path log) {
        return runLogged(List.of(jupyterPython(), "-c", SIGN, notebook.toString()), notebook.getParent(), log);
    }

    /** The interpreter of the {@code jupyter} script on the PATH (its {@code #!} line), else {@code python3}. */
    static String jupyterPython() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path j = Path.of(dir, "jupyter");
            if (!Files.isRegularFile(j)) continue;
            try (var r = Files.newBufferedReader(j, StandardCharsets.ISO_8859_1)) {
                String first = r.readLine();
                if (first != null && first.startsWith("#!")) {
                    String[] parts = first.substring(2).strip().split("\\s+");
                    return parts[0].endsWith("/env") && parts.length > 1 ? parts[1] : parts[0];
                }
            } catch (IOException e) {
                // not readable: the default
            }
            break;
        }
        return "python3";
    }

    /** Fails with the install command when {@code jupyter} is not on the PATH. */
    static void requireJupyter(Path home) {
        try {
            Process p = new ProcessBuilder("jupyter", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) return;
        } catch (IOException e) {
            // not found
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("jupyter is not installed; run " + home.resolve("environment/install.sh")
                + " (Debian/Ubuntu: installs jupyter-nbconvert, jupyter-client, jupyter-notebook and the Java kernel)");
    }

    /**
     * True when the greater4j kernel is installed and starts this checkout's build (its classpath holds
     * {@code <home>/target/classes}).
     */
    static boolean kernelInstalled(Path home) {
        try {
            Process p = new ProcessBuilder("jupyter", "kernelspec", "list", "--json").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) return false;
            JsonNode spec = new ObjectMapper().readTree(out).path("kernelspecs").path(KERNEL);
            if (spec.isMissingNode()) return false;
            String argv = spec.path("spec").path("argv").toString();
            Path kernelJarDir = home.resolve("target/kernel");
            return argv.contains(home.resolve("target/classes").toString()) && argv.contains(kernelJarDir.toString())
                    && Files.isDirectory(kernelJarDir);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Installs the kernel for this checkout when it is missing (environment/install.sh --kernel-only). */
    static void ensureKernel(Path home) {
        requireJupyter(home);
        if (kernelInstalled(home)) return;
        System.err.println("greater: installing the Java kernel '" + KERNEL + "' (environment/install.sh --kernel-only) ...");
        int rc = run(List.of("bash", home.resolve("environment/install.sh").toString(), "--kernel-only"), home);
        if (rc != 0 || !kernelInstalled(home)) {
            throw new IllegalStateException("installing the kernel failed (exit " + rc + "); run environment/install.sh and read its output");
        }
    }

    /** Runs a command with inherited output (stdout to our stderr, keeping stdout for results) and returns its exit code. */
    static int run(List<String> cmd, Path dir) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Runs a command, its output captured to {@code log} (and copied to stderr), and returns its exit code. */
    static int runLogged(List<String> cmd, Path dir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int rc = p.waitFor();
            return rc;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The notebooks in a folder, by name. */
    static List<Path> notebooks(Path dir) {
        try (var s = Files.list(dir)) {
            List<Path> out = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList());
            if (out.isEmpty()) throw new IllegalArgumentException("no notebooks (*.ipynb) in " + dir);
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list notebooks in " + dir + ": " + e.getMessage(), e);
        }
    }
}
