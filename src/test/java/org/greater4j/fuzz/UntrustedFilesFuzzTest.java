package org.greater4j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.greater4j.fuzz.Fuzz.FuzzClass;
import org.greater4j.fuzz.Fuzz.Outcome;
import org.greater4j.fuzz.Fuzz.Report;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's fuzz test: seeded mutations of every kind of file greater4j reads from the internet,
 * each loaded through the real loader and required to give either the exact original result or a
 * project error naming the file: never a different result, another exception, an unclear message
 * or a hang. The counts per class are printed (and kept in {@code target/fuzz-report.txt}).
 *
 * <p>To add a class: write a {@link FuzzClass} with a fixture, a loader, and its mutations (see {@link ModelFuzz},
 * {@link ConfigFuzz}, {@link TokenizerFuzz}, {@link TemplateFuzz}, {@link DatasetFuzz}, {@link CheckpointFuzz}), and a
 * test method calling {@link #check}.
 */
class UntrustedFilesFuzzTest {
    static final long SEED = 20250114L;
    static final double TIMEOUT_SECONDS = 20;
    static final List<Report> REPORTS = new ArrayList<>();

    @TempDir
    Path tmp;

    static void check(FuzzClass<?> c, Path work) throws Exception {
        long t0 = System.nanoTime();
        Report r = Fuzz.run(c, work, SEED, TIMEOUT_SECONDS);
        double s = (System.nanoTime() - t0) / 1e9;
        synchronized (REPORTS) {
            REPORTS.add(r);
        }
        System.out.printf("%s in %.1f s%n", r.summary(), s);
        String bad = r.bad().stream().map(x -> "  " + x.outcome() + ": " + x.mutation() + " -> " + x.detail())
                .collect(Collectors.joining("\n"));
        assertThat(r.bad()).as(r.name() + " bad cases:\n" + bad).isEmpty();
        assertThat(r.counts().getOrDefault(Outcome.PROJECT_ERROR, 0)).as("errors").isPositive();
    }

    @Test
    void safetensorsHeader() throws Exception {
        check(ModelFuzz.safetensorsHeader(), tmp);
    }

    @Test
    void shardIndex() throws Exception {
        check(ModelFuzz.shardIndex(), tmp);
    }

    @Test
    void tokenizerJson() throws Exception {
        check(TokenizerFuzz.tokenizerJson(), tmp);
    }

    @Test
    void jsonlTask() throws Exception {
        check(DatasetFuzz.jsonlTask(), tmp);
    }

    @Test
    void csvTask() throws Exception {
        check(DatasetFuzz.csvTask(), tmp);
    }

    @Test
    void configJson() throws Exception {
        check(ConfigFuzz.configJson(), tmp);
    }

    @Test
    void chatTemplate() throws Exception {
        check(TemplateFuzz.chatTemplate(), tmp);
    }

    @Test
    void checkpoint() throws Exception {
        check(CheckpointFuzz.checkpoint(), tmp);
    }

    @AfterAll
    static void writeReport() throws Exception {
        StringBuilder b = new StringBuilder("# UntrustedFilesFuzzTest, seed " + SEED + "\n");
        int total = 0;
        for (Report r : REPORTS) {
            b.append(r.summary()).append('\n');
            total += r.cases().size();
        }
        b.append("total ").append(total).append(" cases\n\n");
        for (Report r : REPORTS) {
            b.append("## ").append(r.name()).append('\n');
            for (Fuzz.Case c : r.cases()) {
                b.append(c.outcome()).append("  ").append(c.mutation());
                if (!c.detail().isEmpty()) b.append("\n    ").append(c.detail().replace("\n", "\n    "));
                b.append('\n');
            }
        }
        Path target = Path.of("target");
        if (Files.isDirectory(target)) Files.writeString(target.resolve("fuzz-report.txt"), b.toString());
    }
}
