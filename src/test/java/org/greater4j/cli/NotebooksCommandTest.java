package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code greater notebooks} without Jupyter: listing, filtering and the errors a user sees. */
class NotebooksCommandTest {
    @TempDir
    Path tmp;

    @Test
    void listsTheNotebooksInOrderAndFilters() throws Exception {
        Files.writeString(tmp.resolve("02-b.ipynb"), "{}");
        Files.writeString(tmp.resolve("01-a.ipynb"), "{}");
        Files.writeString(tmp.resolve("notes.txt"), "");
        CliTest.Result r = CliTest.run("notebooks", "--dir", tmp.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out().lines().toList()).containsExactly(tmp.resolve("01-a.ipynb").toString(), tmp.resolve("02-b.ipynb").toString());
        CliTest.Result only = CliTest.run("notebooks", "--dir", tmp.toString(), "--only", "02");
        assertThat(only.out().lines().toList()).containsExactly(tmp.resolve("02-b.ipynb").toString());
    }

    @Test
    void anEmptyFolderIsAnError() {
        CliTest.Result r = CliTest.run("notebooks", "--dir", tmp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no notebooks (*.ipynb) in " + tmp);
    }

    @Test
    void theProjectsNotebooksAreListed() {
        // run from the project root (Maven's working directory): the six notebooks
        CliTest.Result r = CliTest.run("notebooks");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out().lines().toList()).containsExactly("notebooks/01-step-by-step.ipynb", "notebooks/02-gsm8k.ipynb",
                "notebooks/03-bbh.ipynb", "notebooks/04-folio.ipynb", "notebooks/05-compare-models.ipynb", "notebooks/06-sweep.ipynb");
    }

    @Test
    void anExecutedNotebookIsSignedAsTrusted() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(!Jupyter.jupyterPython().equals("python3") || hasNbformat(),
                "jupyter (with nbformat) is not installed; test skipped");
        Path nb = tmp.resolve("x.ipynb"); // a new content every run: signatures outlive the file in Jupyter's database
        Files.writeString(nb, "{\"cells\": [{\"cell_type\": \"code\", \"id\": \"c1\", \"execution_count\": 1, \"metadata\": {}, \"source\": [\"" + System.nanoTime() + "\"],"
                + " \"outputs\": [{\"output_type\": \"execute_result\", \"execution_count\": 1, \"metadata\": {},"
                + " \"data\": {\"text/html\": \"<script>draw()</script>\"}}]}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        String check = "import sys, nbformat\nfrom nbformat.sign import NotebookNotary\n"
                + "sys.exit(0 if NotebookNotary().check_signature(nbformat.read(sys.argv[1], as_version=4)) else 3)\n";
        assertThat(Jupyter.runLogged(java.util.List.of(Jupyter.jupyterPython(), "-c", check, nb.toString()), tmp, tmp.resolve("before.log")))
                .as("not signed before").isEqualTo(3);
        assertThat(Jupyter.trust(nb, tmp.resolve("trust.log"))).isZero();
        assertThat(Jupyter.runLogged(java.util.List.of(Jupyter.jupyterPython(), "-c", check, nb.toString()), tmp, tmp.resolve("after.log")))
                .as("signed after").isZero();
    }

    private static boolean hasNbformat() {
        try {
            return new ProcessBuilder("python3", "-c", "import nbformat").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
