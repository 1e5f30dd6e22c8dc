package org.greater4j.toy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Training a toy model reproducibly: in a child JVM with one libtorch thread and {@link #REPRODUCIBLE_ENV}, so that a
 * recipe ({@link ToyModels.Recipe}) gives the same weights byte for byte whatever the calling JVM runs with. Used by
 * {@link ToyModels} for {@code toy-b}'s first use and by {@code greater train-toy}.
 */
public final class ToyTraining {
    private ToyTraining() {}

    /**
     * Trains a model by a recipe into {@code out} in a child JVM with one libtorch thread (so the same
     * recipe gives the same weights whatever this JVM's engine already runs with); {@code progress} gets
     * the child's progress lines.
     *
     * @throws IOException when the child fails, naming its exit code and last lines
     */
    public static void train(ToyModels.Recipe r, Path out, Consumer<String> progress) throws IOException {
        Process p = childJvm(List.of(ToyTraining.class.getName(), Long.toString(r.seed()), sizeName(r.size()), Integer.toString(r.steps()),
                out.toString())).redirectErrorStream(true).start();
        ArrayDeque<String> tail = new ArrayDeque<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                progress.accept(line);
                tail.addLast(line);
                if (tail.size() > 20) tail.removeFirst();
            }
        }
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training " + r, e);
        }
        if (code != 0) throw new IOException("training " + r + " exited with " + code + ":\n" + String.join("\n", tail));
    }

    /**
     * What makes training reproducible byte for byte: one thread for libtorch (set by the child's
     * {@code ai.djl.pytorch.num_threads}), for MKL and OpenMP, and the AVX2 code paths of MKL
     * ({@code MKL_CBWR}) and of PyTorch's own kernels ({@code ATEN_CPU_CAPABILITY}), so that the same seed
     * gives the same weights on any x86-64 CPU with AVX2. Without them MKL may run on more threads than
     * libtorch was told and pick paths by CPU, and reruns differ (measured: two of two 200-step runs of
     * {@code toy-b} differed; with them, every rerun gave the same bytes).
     */
    public static final Map<String, String> REPRODUCIBLE_ENV = Map.of("MKL_NUM_THREADS", "1", "OMP_NUM_THREADS", "1", "MKL_CBWR", "AVX2",
            "ATEN_CPU_CAPABILITY", "avx2");

    /** True when this JVM runs with {@link #REPRODUCIBLE_ENV}. */
    public static boolean reproducibleEnv() {
        return REPRODUCIBLE_ENV.entrySet().stream().allMatch(e -> e.getValue().equals(System.getenv(e.getKey())));
    }

    /**
     * A child JVM with this JVM's class path, one libtorch thread, {@link #REPRODUCIBLE_ENV} and no decoding kernel, running
     * {@code mainAndArgs} (a main class and its arguments).
     */
    public static ProcessBuilder childJvm(List<String> mainAndArgs) {
        String javaBin = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx4g", "-XX:+IgnoreUnrecognizedVMOptions", "--enable-native-access=ALL-UNNAMED",
                // greater4j's decoding kernel rounds by the CPU's vector width: off, so that training evaluates on libtorch alone
                "-Dai.djl.pytorch.num_threads=1", "-Dgreater4j.nativeLinear=false", "-cp", classPath()));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(REPRODUCIBLE_ENV);
        return pb;
    }

    static String sizeName(ToySize size) {
        for (String n : List.of("default", "small", "tiny")) if (ToySize.named(n).equals(size)) return n;
        throw new IllegalArgumentException("a recipe needs a named toy size (default, small, tiny), got " + size);
    }

    /** This JVM's class path, plus where this class was loaded from (in case it came from elsewhere). */
    private static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        try {
            var src = ToyTraining.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                String own = Path.of(src.getLocation().toURI()).toString();
                if (!List.of(cp.split(File.pathSeparator)).contains(own)) cp = own + File.pathSeparator + cp;
            }
        } catch (URISyntaxException | SecurityException e) {
            // the class path alone then
        }
        return cp;
    }

    /**
     * Trains a toy model: {@code ToyTraining SEED SIZE STEPS OUT_DIR} (what {@link #train} runs in a child
     * JVM); progress on stderr.
     */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ToyTraining SEED SIZE STEPS OUT_DIR (SIZE: default, small or tiny)");
            System.exit(2);
        }
        long seed = Long.parseLong(args[0]);
        ToySize size = ToySize.named(args[1]);
        int steps = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        long start = System.nanoTime();
        try (ToyTrainer t = ToyTrainer.create(size, TrainingConfig.defaults(seed).withSteps(steps))) {
            System.err.printf(Locale.ROOT, "training %s, %,d parameters, seed %d, at most %d steps, %d libtorch thread(s)%n", size,
                    t.parameterCount(), seed, steps, ai.djl.pytorch.jni.JniUtils.getNumThreads());
            t.train(out, new ToyTrainer.Listener() {
                @Override
                public void onStep(int step, double loss, double lr, double seconds) {
                    if ((step + 1) % 200 == 0) System.err.printf(Locale.ROOT, "step %d, loss %.4f, %.0f s%n", step + 1, loss, seconds);
                }

                @Override
                public void onEvaluation(int steps, List<ToyEvaluation.Result> results) {
                    for (ToyEvaluation.Result res : results) System.err.println("eval @" + steps + ": " + res);
                }
            });
        }
        System.err.printf(Locale.ROOT, "trained in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

}
