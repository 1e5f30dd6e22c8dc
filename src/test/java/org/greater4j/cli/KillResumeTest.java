package org.greater4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs survive kills: a toy {@code optimize} run in a child JVM is killed (SIGKILL) at 5 seeded random moments and
 * resumed each time; the finished run's steps are bit-identical to an uninterrupted run's (wall times aside), and a
 * second process on the same folder is refused while the first holds it.
 */
class KillResumeTest {
    static final int STEPS = 6;

    @TempDir
    Path tmp;

    private static Process start(Path out, boolean resume) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), "org.greater4j.cli.Main", "optimize", "--steps",
                Integer.toString(STEPS), "--train", "8", "--dev", "4", "--max-new-tokens", "48", "--topk", "11", "--no-test-accuracy",
                "--out", out.toString()));
        if (resume) cmd.add("--resume");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    private static JsonNode stepsWithoutTimes(Path runJson) throws Exception {
        JsonNode steps = new ObjectMapper().readTree(runJson.toFile()).get("steps").deepCopy();
        for (JsonNode s : steps) ((ObjectNode) s.get("cost")).remove("seconds");
        return steps;
    }

    @Test
    void fiveKillsAndResumesGiveTheStepsOfAnUninterruptedRun() throws Exception {
        Path whole = tmp.resolve("whole");
        long t0 = System.nanoTime();
        Process w = start(whole, false);
        assertThat(w.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(w.exitValue()).as(Files.readString(tmp.resolve("whole.log"))).isZero();
        long wholeMillis = (System.nanoTime() - t0) / 1_000_000;

        Path cut = tmp.resolve("cut");
        SplittableRandom rng = new SplittableRandom(7);
        int kills = 0;
        boolean started = false;
        while (!Files.exists(cut.resolve("run.json"))) {
            Process p = start(cut, started && Files.exists(cut.resolve("checkpoint.json")));
            if (kills < 5) {
                // a moment inside the run: JVM start-up, a step, or a checkpoint write
                long at = wholeMillis / 4 + rng.nextLong(Math.max(1, wholeMillis / 2));
                if (!p.waitFor(at, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    kills++;
                    started = true;
                    continue;
                }
            }
            assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("cut.log"))).isZero();
            started = true;
        }
        assertThat(stepsWithoutTimes(cut.resolve("run.json"))).isEqualTo(stepsWithoutTimes(whole.resolve("run.json")));
        JsonNode a = new ObjectMapper().readTree(cut.resolve("run.json").toFile());
        JsonNode b = new ObjectMapper().readTree(whole.resolve("run.json").toFile());
        assertThat(a.get("finalPrompt")).isEqualTo(b.get("finalPrompt"));
        assertThat(a.get("bestPrompts")).isEqualTo(b.get("bestPrompts"));
        assertThat(kills).as("kills that landed inside a run").isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSecondProcessOnTheSameFolderIsRefused() throws Exception {
        Path out = tmp.resolve("shared");
        Process first = start(out, false);
        try {
            Path lock = out.resolve(".lock");
            for (int i = 0; i < 600 && !(Files.exists(lock) && Files.size(lock) > 0); i++) Thread.sleep(100);
            assertThat(lock).exists();
            CliTest.Result second = CliTest.run("optimize", "--steps", "1", "--no-test-accuracy", "--out", out.toString(), "--resume");
            assertThat(second.code()).isEqualTo(1);
            assertThat(second.err()).contains("another greater4j run is writing " + out).contains("pid");
        } finally {
            first.destroyForcibly().waitFor();
        }
        assertThat(new File(out.toFile(), "run.json")).doesNotExist();
    }
}
