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
        // run from the project root (Maven's working directory): the five notebooks of the issue
        CliTest.Result r = CliTest.run("notebooks");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out().lines().toList()).containsExactly("notebooks/01-step-by-step.ipynb", "notebooks/02-gsm8k.ipynb",
                "notebooks/03-bbh.ipynb", "notebooks/04-folio.ipynb", "notebooks/05-compare-models.ipynb");
    }
}
