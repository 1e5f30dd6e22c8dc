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
 * {@code greater bench}: engine speed and memory on stories260K and a Qwen2-0.5B-shaped model with
 * random weights, beside PyTorch eager ({@code tools/peer_bench.py}) measured in the same run, the
 * machine's memory bandwidth, and native memory over 1,000 repeated generations. Writes Markdown.
 */
@Command(name = "bench", description = "Benchmark the engine (and the PyTorch-eager peer) and write docs/benchmarks.md.")
final class BenchCommand implements Runnable {
    @Option(names = "--stories", description = "stories260K HF directory (default: $GREATER_SHARED/models/stories260K-hf/F32 or ../shared/...)")
    Path stories;

    @Option(names = "--peer", description = "peer_bench.py (default: $GREATER_SHARED/tools/peer_bench.py or ../shared/tools/peer_bench.py)")
    Path peer;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "python with torch for the peer")
    String python;

    @Option(names = "--out", defaultValue = "docs/benchmarks.md", description = "Markdown output")
    Path out;

    @Option(names = "--skip-qwen", description = "skip the 0.5B-shaped model (needs about 6 GB and a few minutes)")
    boolean skipQwen;

    @Option(names = "--generations", defaultValue = "1000", description = "repeated generations for the memory-growth check")
    int generations;

    @Option(names = "--skip-engine", description = "keep the engine sections of the existing file; measure only the optimizer")
    boolean skipEngine;

    @Option(names = "--skip-optimizer", description = "keep the optimizer section of the existing file")
    boolean skipOptimizer;

    @Option(names = "--optimizer-steps", defaultValue = "3", description = "steps of each schedule in the optimizer comparison")
    int optimizerSteps;

    @Option(names = "--skip-drafting", description = "keep the drafted-reasoning section of the existing file")
    boolean skipDrafting;

    @Option(names = "--drafting-steps", defaultValue = "30", description = "steps of each schedule in the drafting comparison (default: ${DEFAULT-VALUE})")
    int draftingSteps;

    @Option(names = "--drafting-seeds", split = ",", defaultValue = "0", description = "seeds of the drafting comparison (default: ${DEFAULT-VALUE})")
    List<Long> draftingSeeds;

    @Option(names = "--drafting-story-steps", defaultValue = "10", description = "steps of each schedule and seed on stories260K in the drafting comparison; 0 skips it (default: ${DEFAULT-VALUE})")
    int draftingStorySteps;

    @Option(names = "--contention-steps", defaultValue = "10", description = "steps of each toy optimize child in the contention check (default: ${DEFAULT-VALUE})")
    int contentionSteps;

    @Option(names = "--skip-toy", description = "keep the toy-model section of the existing file")
    boolean skipToy;

    @Option(names = "--toy-seeds", split = ",", defaultValue = "0,1,2", description = "seeds of the toy optimize runs (default: ${DEFAULT-VALUE})")
    List<Long> toySeeds;

    @Option(names = "--toy-topk", split = ",", defaultValue = "40,11", description = "top-k values of the toy runs; the first is also the diagnostic's (default: ${DEFAULT-VALUE})")
    List<Integer> toyTopk;

    @Option(names = "--toy-presets", split = ",", defaultValue = "paper,clean,keep-best", description = "presets of the toy runs; the first is also the diagnostic's (default: ${DEFAULT-VALUE})")
    List<String> toyPresets;

    @Option(names = "--toy-steps", defaultValue = "30", description = "steps of each toy run (default: ${DEFAULT-VALUE})")
    int toySteps;

    @Option(names = "--toy-diagnostic-seeds", split = ",", defaultValue = "0,1", description = "seeds of the toy gradient diagnostic runs (default: ${DEFAULT-VALUE})")
    List<Long> toyDiagnosticSeeds;

    private static Path shared() {
        String s = System.getenv("GREATER_SHARED");
        return s != null ? Path.of(s) : Path.of("..", "shared");
    }

    /** The Qwen2-0.5B architecture (Qwen/Qwen2.5-0.5B config.json). */
    static ModelConfig qwen05() {
        return new ModelConfig(Family.QWEN2, 896, 4864, 24, 14, 2, 64, 151936, 32768, 1e-6, true,
                ModelConfig.LayerAttention.uniform(24, 0, new Rope.Default(1e6, 64)), 0, 0, 0, "silu", 151643, new int[] {151643},
                "float32");
    }

    static final String ENGINE = "engine";
    static final String OPTIMIZER = "optimizer";
    static final String TOY = "toy";
    static final String DRAFTING = "drafting";

    @Override
    public void run() {
        Map<String, String> sections = readSections(out);
        if (!skipEngine) sections.put(ENGINE, String.join("\n", engineSection()));
        if (!skipOptimizer) sections.put(OPTIMIZER, String.join("\n", OptimizerBench.section(shared(), optimizerSteps)));
        if (!skipDrafting) sections.put(DRAFTING, String.join("\n", draftingSection()));
        if (!skipToy) sections.put(TOY, String.join("\n", toySection()));
        StringBuilder text = new StringBuilder("# Benchmarks\n\nWritten by `./greater bench` (sections can be re-measured on their own: "
                + "`--skip-engine`, `--skip-optimizer`, `--skip-drafting`, `--skip-toy`). Every number below was measured, on the machine described in each section.\n");
        for (String name : List.of(ENGINE, OPTIMIZER, DRAFTING, TOY)) {
            String body = sections.get(name);
            if (body == null) continue;
            text.append("\n<!-- section:").append(name).append(" -->\n").append(body).append("\n<!-- /section:").append(name).append(" -->\n");
        }
        try {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            Files.writeString(out, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(text);
    }

    private List<String> draftingSection() {
        List<String> md = new ArrayList<>(DraftingBench.section(draftingSteps, draftingSeeds, shared(), draftingStorySteps));
        Path work = null;
        try {
            work = Files.createTempDirectory("greater-contention-bench");
            md.addAll(ContentionBench.lines(contentionSteps, work));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (work != null) deleteTree(work);
        }
        return md;
    }

    private List<String> toySection() {
        Path work = null;
        try {
            work = Files.createTempDirectory("greater-toy-bench");
            return ToyBench.section(new ToyBench.Settings(toySeeds, toySteps, toyTopk, toyPresets, toyDiagnosticSeeds), work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (work != null) deleteTree(work);
        }
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }

    /** The sections of an existing benchmarks file, by name. */
    static Map<String, String> readSections(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!Files.exists(file)) return m;
        try {
            String t = Files.readString(file);
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("<!-- section:(\\w+) -->\\n(.*?)\\n<!-- /section:\\1 -->",
                    java.util.regex.Pattern.DOTALL).matcher(t);
            while (x.find()) m.put(x.group(1), x.group(2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** Measures the engine figures and returns their Markdown. */
    List<String> engineSection() {
        Path st = stories != null ? stories : shared().resolve("models/stories260K-hf/F32");
        Path pb = peer != null ? peer : shared().resolve("tools/peer_bench.py");
        List<String> md = new ArrayList<>();
        md.add("## Engine (measured " + LocalDate.now() + ")");
        md.add("");
        md.add("### Machine");
        md.add("");
        md.add("| | |");
        md.add("|---|---|");
        md.add("| CPU | " + cpuModel() + " |");
        md.add("| cores | " + Runtime.getRuntime().availableProcessors() + " |");
        md.add("| memory | " + String.format("%.1f GiB", memTotal() / 1073741824.0) + " |");
        md.add("| Java | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " |");
        md.add("| engine | DJL " + Engine.getDjlVersion() + ", PyTorch " + Engine.getEngine("PyTorch").getVersion() + " (CPU, float32) |");
        md.add("| oneMKL code path | " + mklCodePath() + " |");
        md.add("| decoding products | " + LanguageModel.decodingKernel() + " |");
        md.add("| load average at start | " + loadAverage() + " (1, 5, 15 min; above ~0.5 other work shares the cores and the figures below are contended) |");
        double bw = bandwidth();
        md.add("| memory read bandwidth | " + String.format("%.1f GB/s", bw / 1e9) + " (sum over a 1 GiB float32 array, median of 5) |");
        md.add("");
        Map<String, Map<String, Double>> ours = new LinkedHashMap<>();
        Map<String, JsonNode> peers = new LinkedHashMap<>();
        System.err.println("bench: stories260K ...");
        try (LanguageModel m = LanguageModel.load(st)) {
            ours.put("stories260K", EngineMeasure.measure(m));
        }
        peers.put("stories260K", runPeer(pb, "stories", st));
        long qwenBytes = 0;
        if (!skipQwen) {
            System.err.println("bench: Qwen2-0.5B-shaped random model ...");
            try (LanguageModel m = LanguageModel.random(qwen05(), 0, LanguageModel.Options.defaults())) {
                qwenBytes = qwen05().parameterCount() * 4;
                ours.put("Qwen2-0.5B shape", EngineMeasure.measure(m));
            }
            peers.put("Qwen2-0.5B shape", runPeer(pb, "qwen05", null));
        }
        md.add("### Engine vs PyTorch eager");
        md.add("");
        md.add("Same shapes and measurements as `tools/peer_bench.py` (PyTorch eager, " + peerVersion(peers) + ", 2 threads), run "
                + "right after ours in the same process tree. Prefill: 64 tokens, batch 1, logits at the last position. Decode: "
                + "16 steps after a 16-token prefill, KV cache (ours: median step time of the last run; the peer: (time of prefill + 16 "
                + "steps - time of prefill) / 16). One-hot: forward+backward over 64 tokens with one-hot rows at "
                + "8 positions (full vocabulary), loss = cross-entropy of the last 4 tokens. Medians of 3 runs after a warm-up.");
        md.add("");
        md.add("| model | figure | greater4j | PyTorch eager | ratio (peer / ours) |");
        md.add("|---|---|---|---|---|");
        for (String name : ours.keySet()) {
            Map<String, Double> o = ours.get(name);
            JsonNode p = peers.get(name);
            row(md, name, "prefill tokens/s (64)", 64 / o.get("prefill64_s"), p == null ? Double.NaN : 64 / p.path("prefill64_s").asDouble(), true);
            row(md, name, "decode ms/token, batch 1", o.get("decode_b1_ms"), p == null ? Double.NaN : p.path("decode_b1_ms_per_step").asDouble(), false);
            row(md, name, "decode tokens/s, batch 16", o.get("decode_b16_tps"), p == null ? Double.NaN : p.path("decode_b16_tok_per_s").asDouble(), true);
            row(md, name, "one-hot fwd+bwd s (64 tokens)", o.get("onehot_s"), p == null ? Double.NaN : p.path("onehot_fwd_bwd64_s").asDouble(), false);
            md.add("| " + name + " | peak RSS after its runs | " + String.format("%.0f MiB", o.get("peak_rss") / 1048576) + " | | |");
        }
        md.add("");
        md.add("### Targets");
        md.add("");
        md.add("| target | measured | met |");
        md.add("|---|---|---|");
        if (!skipQwen) {
            Map<String, Double> q = ours.get("Qwen2-0.5B shape");
            double streamMs = qwenBytes / bw * 1000;
            md.add(String.format("| Qwen2-0.5B-shaped decode, batch 1, within 1.5x of streaming its %.2f GB of F32 weights once (%.0f ms at %.1f GB/s) | %.0f ms/token = %.2fx | %s |",
                    qwenBytes / 1e9, streamMs, bw / 1e9, q.get("decode_b1_ms"), q.get("decode_b1_ms") / streamMs,
                    q.get("decode_b1_ms") <= 1.5 * streamMs ? "yes" : "no"));
            double b1tps = 1000 / q.get("decode_b1_ms");
            md.add(String.format("| batch-16 decode at least 8x the tokens/s of batch 1 | %.1f vs %.1f tokens/s = %.1fx | %s |",
                    q.get("decode_b16_tps"), b1tps, q.get("decode_b16_tps") / b1tps, q.get("decode_b16_tps") >= 8 * b1tps ? "yes" : "no"));
        }
        System.err.println("bench: " + generations + " repeated generations ...");
        double[] rss = EngineMeasure.memoryGrowthInChild(st, generations);
        md.add(String.format("| no native memory growth over %d short generations (RSS at the end within 5%% of RSS after the first 100) | "
                + "%.1f MiB after 100, %.1f MiB after %d: %+.2f%% | %s |", generations, rss[0] / 1048576, rss[1] / 1048576, generations,
                (rss[1] / rss[0] - 1) * 100, rss[1] <= rss[0] * 1.05 ? "yes" : "no"));
        return md;
    }

    private static void row(List<String> md, String model, String fig, double ours, double peer, boolean higherBetter) {
        double ratio = higherBetter ? ours / peer : peer / ours;
        md.add(String.format("| %s | %s | %s | %s | %s |", model, fig, fmt(ours), Double.isNaN(peer) ? "n/a" : fmt(peer),
                Double.isNaN(peer) ? "" : String.format("%.2fx %s", ratio, ratio >= 1 ? "(ours faster)" : "(peer faster)")));
    }

    private static String fmt(double v) {
        if (v >= 100) return String.format("%.0f", v);
        if (v >= 1) return String.format("%.2f", v);
        return String.format("%.4f", v);
    }

    private static String peerVersion(Map<String, JsonNode> peers) {
        return peers.values().stream().filter(n -> n != null).findFirst().map(n -> "torch " + n.path("torch").asText()).orElse("not run");
    }

    /** Read bandwidth: bytes of a 1 GiB float32 array over the median time of summing it. */
    static double bandwidth() {
        long n = 1L << 28;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.ones(new Shape(n), DataType.FLOAT32);
            double t = EngineMeasure.median(5, () -> a.sum().getFloat());
            return n * 4 / t;
        }
    }

    private JsonNode runPeer(Path script, String mode, Path dir) {
        if (!Files.exists(script) || !Files.exists(Path.of(python))) {
            System.err.println("bench: peer not run (" + script + " or " + python + " missing)");
            return null;
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), mode));
        if (dir != null) cmd.add(dir.toString());
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().remove("OPENBLAS_CORETYPE");
            Process p = pb.start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                System.err.println("bench: peer failed: " + s);
                return null;
            }
            String[] lines = s.trim().split("\n");
            return new ObjectMapper().readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            System.err.println("bench: peer not run: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The conditions that a section's times depend on, measured now: the load average, the memory read bandwidth,
     * oneMKL's code path and what computes the products of decoding. (The same 2-core machine has read 15 to 51 GB/s on different days, and times of
     * memory-bound work follow it.)
     */
    static String conditions() {
        return "Load average at start: " + loadAverage() + "; memory read bandwidth at start: "
                + String.format(Locale.ROOT, "%.1f GB/s", bandwidth() / 1e9) + " (wall times scale with it); oneMKL code path: "
                + mklCodePath() + "; decoding products: " + LanguageModel.decodingKernel();
    }

    /** MKL_CBWR as this process got it. */
    static String mklCodePath() {
        String cbwr = System.getenv("MKL_CBWR");
        return cbwr == null ? "MKL's own choice (MKL_CBWR unset)"
                : "MKL_CBWR=" + cbwr + (cbwr.equals("AVX2") ? " (./greater sets it on AMD CPUs)" : "");
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
