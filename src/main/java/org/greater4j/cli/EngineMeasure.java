package org.greater4j.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.greater4j.generate.GenerationConfig;
import org.greater4j.generate.Generator;
import org.greater4j.model.Family;
import org.greater4j.model.KvCache;
import org.greater4j.model.LanguageModel;
import org.greater4j.model.ModelConfig;
import org.greater4j.model.OneHotGradient;
import org.greater4j.model.Rope;
import org.greater4j.model.Transformer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The engine benchmark's measurements ({@code greater bench}): prefill, batch-1 and batch-16 decode and the one-hot
 * gradient of a model, timed as {@code peer_bench.py} times PyTorch eager, and the native memory growth over many
 * generations in a child JVM with a fixed Java heap.
 */
final class EngineMeasure {
    private EngineMeasure() {}

    /** Our figures for one model: the same as peer_bench.py's. */
    static Map<String, Double> measure(LanguageModel m) {
        Map<String, Double> r = new LinkedHashMap<>();
        int v = m.config().vocabSize();
        SplittableRandom rnd = new SplittableRandom(0);
        int[] ids = rnd.ints(64, 3, v).toArray();
        Transformer tf = m.transformer();
        r.put("prefill64_s", median(3, () -> {
            try (NDManager sm = m.manager().newSubManager()) {
                boolean[][] real = new boolean[1][64];
                Arrays.fill(real[0], true);
                NDArray h = tf.layers(sm, tf.embed(sm, new int[][] {ids}), real, null);
                tf.logitsAt(sm, h, new int[][] {{63}}).toFloatArray();
            }
        }));
        for (int b : new int[] {1, 16}) {
            int[][] prompts = new int[b][];
            for (int i = 0; i < b; i++) prompts[i] = rnd.ints(16, 3, v).toArray();
            List<Double> steps = new ArrayList<>();
            median(3, () -> {
                steps.clear();
                decode(m, prompts, 16, steps);
            });
            double perStep = steps.stream().mapToDouble(Double::doubleValue).sorted().toArray()[steps.size() / 2];
            if (b == 1) r.put("decode_b1_ms", perStep * 1000);
            else r.put("decode_b16_tps", b / perStep);
        }
        int[] all = new int[v];
        for (int i = 0; i < v; i++) all[i] = i;
        int[] at = {8, 9, 10, 11, 12, 13, 14, 15};
        OneHotGradient.Request req = new OneHotGradient.Request(new int[][] {ids}, new int[][] {at}, all,
                List.of(new OneHotGradient.Target(0, new int[] {59, 60, 61, 62}, new int[] {ids[60], ids[61], ids[62], ids[63]}, 1.0, 1.0)));
        r.put("onehot_s", median(3, () -> OneHotGradient.compute(m, req, 1)));
        r.put("peak_rss", (double) peakRss());
        return r;
    }

    /** Prefill then {@code steps} greedy decode steps (no early stop); adds each decode step's seconds to {@code times}. */
    static void decode(LanguageModel m, int[][] prompts, int steps, List<Double> times) {
        Transformer tf = m.transformer();
        int b = prompts.length;
        try (KvCache cache = m.newCache(b)) {
            int[][] cur = prompts;
            boolean[][] real = new boolean[b][prompts[0].length];
            for (boolean[] r : real) Arrays.fill(r, true);
            for (int s = 0; s <= steps; s++) {
                long t0 = System.nanoTime();
                try (NDManager sm = m.manager().newSubManager()) {
                    NDArray h = tf.layers(sm, tf.embed(sm, cur), real, cache);
                    int last = cur[0].length - 1;
                    int[][] at = new int[b][];
                    for (int i = 0; i < b; i++) at[i] = new int[] {last};
                    long[] next = tf.logitsAt(sm, h, at).squeeze(1).argMax(1).toLongArray();
                    cur = new int[b][1];
                    real = new boolean[b][1];
                    for (int i = 0; i < b; i++) {
                        cur[i][0] = (int) next[i];
                        real[i][0] = true;
                    }
                }
                if (s > 0) times.add((System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** Median wall time of {@code reps} runs after a warm-up of at least 3 runs and 3 seconds (JIT). */
    static double median(int reps, Runnable f) {
        long warm = System.nanoTime();
        for (int i = 0; i < 3 || System.nanoTime() - warm < 3_000_000_000L; i++) f.run();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            f.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    /**
     * Runs {@link #memoryGrowth} in a child JVM whose Java heap is fixed and pre-touched (256 MiB,
     * -XX:+AlwaysPreTouch), so that a change of RSS is native memory, not the heap being paged in.
     */
    static double[] memoryGrowthInChild(Path model, int n) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"),
                MemCheck.class.getName(), model.toString(), Integer.toString(n));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) throw new IllegalStateException("memory check failed: " + s);
            String[] last = s.split("\n");
            String[] f = last[last.length - 1].trim().split(" ");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Child-process entry of the memory check: prints "RSS_after_100 RSS_at_end" in bytes. */
    public static final class MemCheck {
        private MemCheck() {}

        /** args: model directory, number of generations. */
        public static void main(String[] args) {
            double[] r = memoryGrowth(Path.of(args[0]), Integer.parseInt(args[1]));
            System.out.println((long) r[0] + " " + (long) r[1]);
        }
    }

    /** RSS after the first 100 and after all {@code n} short greedy generations on one loaded model. */
    static double[] memoryGrowth(Path model, int n) {
        double[] out = new double[2];
        try (LanguageModel m = LanguageModel.load(model)) {
            Generator g = Generator.of(m, null);
            GenerationConfig cfg = GenerationConfig.greedy(8);
            for (int i = 0; i < n; i++) {
                g.generate(new int[][] {{1, 3 + i % 400}, {1, 5 + i % 300, 7}}, cfg, (r, t) -> {});
                if (i == 99) out[0] = rss();
            }
            out[1] = rss();
        }
        return out;
    }

    static long rss() {
        return status("VmRSS:");
    }

    static long peakRss() {
        return status("VmHWM:");
    }

    static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

}
