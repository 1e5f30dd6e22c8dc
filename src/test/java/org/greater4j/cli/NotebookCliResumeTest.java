package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.greater4j.model.LanguageModel;
import org.greater4j.optimize.Greater;
import org.greater4j.optimize.GreaterConfig;
import org.greater4j.optimize.Run;
import org.greater4j.optimize.Step;
import org.greater4j.task.Task;
import org.greater4j.task.Tasks;
import org.greater4j.toy.ToyTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run started in a notebook (the library's {@code Greater.run}) continues from the command line's
 * {@code optimize --resume}, and a run the command line started continues in a notebook: the same files, the same
 * identity, and the steps of one uninterrupted run.
 */
class NotebookCliResumeTest {
    static final int TRAIN = 8;
    static final int DEV = 4;
    static LanguageModel toy;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        toy = LanguageModel.load("toy");
    }

    @AfterAll
    static void close() {
        if (toy != null) toy.close();
    }

    /** What a notebook writes for the command line's defaults on the toy task. */
    static Greater notebook() {
        Task task = Tasks.load(ToyTask.NAME).head(TRAIN, DEV, 0);
        return Greater.of(toy, task, GreaterConfig.paper().withInitialPrompt(ToyTask.INITIAL_PROMPT).withTopk(11).withMaxNewTokens(48));
    }

    static String[] cli(Path out, int steps, boolean resume) {
        List<String> a = new java.util.ArrayList<>(List.of("optimize", "--train", Integer.toString(TRAIN), "--dev", Integer.toString(DEV),
                "--topk", "11", "--max-new-tokens", "48", "--steps", Integer.toString(steps), "--no-test-accuracy", "--out", out.toString()));
        if (resume) a.add("--resume");
        return a.toArray(new String[0]);
    }

    static void sameSteps(List<Step> a, List<Step> b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).swap().winner()).as("winner of step " + i).isEqualTo(b.get(i).swap().winner());
            assertThat(a.get(i).swap().score()).as("score of step " + i).isEqualTo(b.get(i).swap().score());
            assertThat(a.get(i).next().ids()).as("prompt after step " + i).isEqualTo(b.get(i).next().ids());
        }
    }

    @Test
    void aNotebookRunContinuesOnTheCommandLineAndTheOtherWayRound() {
        List<Step> whole = notebook().run(3, null).steps();

        Path a = tmp.resolve("notebook-first");
        notebook().run(2, a);
        CliTest.Result r = CliTest.run(cli(a, 3, true));
        assertThat(r.code()).as(r.err()).isZero();
        sameSteps(Run.read(a).steps(), whole);

        Path b = tmp.resolve("cli-first");
        CliTest.Result first = CliTest.run(cli(b, 2, false));
        assertThat(first.code()).as(first.err()).isZero();
        Run resumed = notebook().run(3, b);
        sameSteps(resumed.steps(), whole);
        assertThat(resumed.finalPrompt()).isEqualTo(Run.read(a).finalPrompt());
    }
}
