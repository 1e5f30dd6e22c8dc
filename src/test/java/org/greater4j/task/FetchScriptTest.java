package org.greater4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code datasets/fetch.sh} against {@code file://} copies of the shared datasets (the layout
 * the script fetches into): files arrive, checksums pass, the library loads them, and a corrupted
 * file is rejected. The online path (the upstream URLs) is not exercised here.
 */
class FetchScriptTest {

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private static Path script() {
        Path p = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "datasets", "fetch.sh");
        assertThat(p).exists();
        return p;
    }

    private static Path shared() {
        Path root = org.greater4j.TestData.datasets();
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "SKIPPED: bash is not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/usr/bin/wget")),
                "SKIPPED: neither curl nor wget is installed");
        return root;
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GREATER_DATA_BASE_URL");
        pb.environment().putAll(env);
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("fetch.sh finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The manifest lines of fetch.sh: group, sha256, path. */
    private static List<String[]> manifest() throws IOException {
        List<String> lines = Files.readAllLines(script(), StandardCharsets.UTF_8);
        int a = lines.indexOf("done <<'MANIFEST'");
        int b = lines.indexOf("MANIFEST");
        List<String[]> out = new ArrayList<>();
        for (String l : lines.subList(a + 1, b)) out.add(l.split(" "));
        return out;
    }

    @Test
    void fetchesEveryFileFromAFileMirrorWithCheckedSums() throws Exception {
        Path shared = shared();
        Path dest = tmp.resolve("data");
        Result r = run(Map.of(), "--dest", dest.toString(), "--base-url", shared.toUri().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        List<String[]> manifest = manifest();
        assertThat(manifest).hasSize(98);
        for (String[] m : manifest) {
            Path f = dest.resolve(m[2]);
            assertThat(f).as(m[2]).exists();
            assertThat(Files.mismatch(f, shared.resolve(m[2]))).as(m[2]).isEqualTo(-1L);
        }
        assertThat(r.err()).contains("98 fetched, 0 already present");
        try (Stream<Path> s = Files.walk(dest)) {
            assertThat(s.filter(p -> p.toString().contains(".part"))).isEmpty();
        }
        // the library reads what arrived
        DataDir d = new DataDir(dest, "test");
        assertThat(Tasks.gsm8k(d).test()).hasSize(1319);
        assertThat(Tasks.folio(d).test()).hasSize(203);
        assertThat(Tasks.folioV0(d).train()).hasSize(1004);
        assertThat(Tasks.bbh("navigate", d).size()).isEqualTo(250);
        // a second run keeps verified files; the environment variable also sets the base URL
        Result again = run(Map.of("GREATER_DATA_BASE_URL", shared.toUri().toString()), "--dest", dest.toString(), "bbh");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("0 fetched, 56 already present and verified, 0 failed");
    }

    @Test
    void corruptedOrMissingFilesAreRejectedAndNotKept() throws Exception {
        Path shared = shared();
        Path mirror = tmp.resolve("mirror");
        Files.createDirectories(mirror.resolve("gsm8k"));
        for (String f : List.of("LICENSE", "train.jsonl", "test.jsonl")) {
            Files.copy(shared.resolve("gsm8k").resolve(f), mirror.resolve("gsm8k").resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(mirror.resolve("gsm8k/test.jsonl"), "\n", StandardOpenOption.APPEND);
        Path dest = tmp.resolve("data");
        Result r = run(Map.of(), "--dest", dest.toString(), "--base-url", mirror.toUri().toString(), "gsm8k", "folio");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("gsm8k/test.jsonl: sha256 mismatch")
                .contains("expected 3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14")
                .contains("folio/v0.0/folio-train.jsonl: download failed")
                .contains("2 fetched, 0 already present and verified, 4 failed");
        assertThat(dest.resolve("gsm8k/test.jsonl")).doesNotExist();
        assertThat(dest.resolve("gsm8k/train.jsonl")).exists();
        try (Stream<Path> s = Files.walk(dest)) {
            assertThat(s.filter(p -> p.toString().contains(".part"))).isEmpty();
        }
        // a wrong file already in place is replaced, not trusted
        Files.copy(shared.resolve("gsm8k/test.jsonl"), mirror.resolve("gsm8k/test.jsonl"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dest.resolve("gsm8k/LICENSE"), "tampered");
        Result fixed = run(Map.of(), "--dest", dest.toString(), "--base-url", mirror.toUri().toString(), "gsm8k");
        assertThat(fixed.code()).as(fixed.err()).isZero();
        assertThat(fixed.err()).contains("2 fetched, 1 already present and verified, 0 failed");
        assertThat(Files.mismatch(dest.resolve("gsm8k/LICENSE"), shared.resolve("gsm8k/LICENSE"))).isEqualTo(-1L);
    }

    @Test
    void unknownArgumentIsAUsageError() throws Exception {
        Result r = run(Map.of(), "--dest", tmp.toString(), "nonsense");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown argument 'nonsense'");
    }
}
