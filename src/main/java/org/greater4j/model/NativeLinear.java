package org.greater4j.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.NativeResource;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.greater4j.io.SharedData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decode-time matrix product {@code x W^T (+ b)} in greater4j's own kernel
 * ({@code linear_kernel.c}), for float32 inputs of a few rows that need no gradient. For such
 * products libtorch's oneMKL path streams the weight at a fraction of the memory bandwidth (16 rows
 * times a Qwen2-0.5B-shaped gate/up weight: about 6 GB/s on a 2-core Xeon that reads 30 GB/s); the
 * kernel reads each weight once per call and does one multiply-add per input row with each weight
 * element it loads (the same 16 rows: 1.8x as fast; {@link ParallelLinear} has the figures).
 *
 * <p>The kernel is C, compiled once per machine at first use with the system's C compiler
 * ({@code cc -O3 -march=native -ffp-contract=fast -fopenmp}, so the vector width is the CPU's) into
 * {@code $GREATER_CACHE/native/} (else {@code ~/.cache/greater4j/native/}), keyed by the source's
 * sha256, the CPU, the JDK, the compiler's name and the target. {@code GREATER_KERNEL_MARCH} (a gcc {@code -march}
 * value, default {@code native}) builds it for another x86 level, e.g. {@code x86-64-v3} for the AVX2 path an AVX-512
 * machine would otherwise not take, so that path can be measured there. It is loaded after libtorch, so its OpenMP
 * dependency resolves to libtorch's own runtime and its threads are libtorch's. Without a C compiler
 * or JNI headers everything runs on libtorch, as it does with {@code -Dgreater4j.nativeLinear=false};
 * the first case logs a warning once.
 */
final class NativeLinear {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLinear.class);
    private static final String SOURCE = "linear_kernel.c";

    /** DJL's libtorch binding (package-private in DJL): the contiguity test of a tensor handle. */
    private static final Object LIB;
    private static final Method IS_CONTIGUOUS;

    static {
        Object lib = null;
        Method m = null;
        try {
            Class<?> c = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            Field f = c.getDeclaredField("LIB");
            f.setAccessible(true);
            lib = f.get(null);
            m = c.getDeclaredMethod("torchIsContiguous", long.class);
            m.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("no contiguity test in this DJL ({}): the decoding kernel stays off", e.toString());
        }
        LIB = lib;
        IS_CONTIGUOUS = m;
    }

    /** Why the kernel is not loaded, when it is not. */
    private static String offReason = "no contiguity test in this DJL";

    /** Whether the kernel is loaded (false: every product goes to libtorch). */
    static final boolean AVAILABLE = IS_CONTIGUOUS != null && load();

    private NativeLinear() {}

    private static native int linear0(ByteBuffer x, ByteBuffer w, ByteBuffer b, ByteBuffer y,
                                      long m, long k, long n, boolean parallel);

    private static native int threads0();

    private static native int vectorWidth0();

    /** One line for a benchmark's machine table: what runs the products of decoding. */
    static String describe() {
        return AVAILABLE
                ? "greater4j's C kernel (" + vectorWidth() + " floats per vector, " + threads() + " OpenMP threads) for float32 products of at most "
                        + ParallelLinear.NATIVE_MAX_ROWS + " rows; libtorch for the rest"
                : "libtorch (greater4j's kernel is off: " + offReason + ")";
    }

    /** The kernel's vector width in floats, or 0 when it is not loaded. */
    static int vectorWidth() {
        return AVAILABLE ? vectorWidth0() : 0;
    }

    /**
     * Whether {@code x [..., in]} times weight {@code w [out, in]} (+ {@code b}) goes to the kernel:
     * float32 on the CPU, no gradient recorded (outside any gradient collector, no input tracked by
     * autograd), at most {@code maxRows} rows, every array contiguous.
     */
    static boolean applies(NDArray x, NDArray w, NDArray b, long rows, long maxRows) {
        return AVAILABLE && rows <= maxRows
                && x.getDataType() == DataType.FLOAT32 && w.getDataType() == DataType.FLOAT32
                && (b == null || b.getDataType() == DataType.FLOAT32)
                && x.getDevice().getDeviceType().equals(Device.Type.CPU) && w.getDevice().getDeviceType().equals(Device.Type.CPU)
                && !JniUtils.isGradMode() && noGradient(x) && noGradient(w) && (b == null || noGradient(b))
                && contiguous(x) && contiguous(w) && (b == null || contiguous(b));
    }

    /** A new uninitialized float32 array [..., out] for the product of {@code x [..., in]}, in x's manager. */
    static NDArray output(NDArray x, long out) {
        long[] dims = x.getShape().getShape().clone();
        dims[dims.length - 1] = out;
        return x.getManager().create(new Shape(dims), DataType.FLOAT32);
    }

    /** Neither a libtorch tensor that autograd tracks nor an array of another engine. */
    private static boolean noGradient(NDArray a) {
        return a instanceof PtNDArray && !JniUtils.requiresGrad((PtNDArray) a);
    }

    /**
     * Whether the array's memory is in row-major order: only then is the direct buffer that DJL gives
     * for it a view of its own memory in the order the kernel reads.
     */
    static boolean contiguous(NDArray a) {
        try {
            return (boolean) IS_CONTIGUOUS.invoke(LIB, (Long) ((NativeResource<?>) a).getHandle());
        } catch (ReflectiveOperationException | ClassCastException e) {
            return false;
        }
    }

    /**
     * {@code y = x w^T (+ b)}: x [m, k], w [n, k], b [n] or null, y [m, n], all direct float32 buffers
     * of contiguous arrays. {@code parallel}: split w's rows between the threads of libtorch's OpenMP
     * runtime (the kernel shares it), else run on the calling thread.
     */
    static void linear(ByteBuffer x, ByteBuffer w, ByteBuffer b, ByteBuffer y, long m, long k, long n, boolean parallel) {
        if (x.capacity() < m * k * 4 || w.capacity() < n * k * 4 || y.capacity() < m * n * 4 || (b != null && b.capacity() < n * 4)) {
            throw new IllegalArgumentException("linear kernel: buffers smaller than [" + m + ", " + k + "] x [" + n + ", " + k + "]^T");
        }
        if (linear0(x, w, b, y, m, k, n, parallel) != 0) {
            throw new IllegalStateException("linear kernel: an array without a direct buffer");
        }
    }

    /** The OpenMP threads a parallel call uses on this thread (0 when the kernel is not loaded). */
    static int threads() {
        return AVAILABLE ? threads0() : 0;
    }

    private static boolean load() {
        if ("false".equalsIgnoreCase(System.getProperty("greater4j.nativeLinear", "true"))) {
            LOG.debug("native linear kernel off (-Dgreater4j.nativeLinear=false): decoding products run on libtorch");
            offReason = "-Dgreater4j.nativeLinear=false";
            return false;
        }
        try {
            Engine.getEngine("PyTorch"); // libtorch and its OpenMP runtime first: the kernel links to that runtime
            Path lib = compiled();
            try {
                System.load(lib.toAbsolutePath().toString());
            } catch (UnsatisfiedLinkError e) {
                // a damaged file in the cache: build it again, once
                LOG.info("{} does not load ({}); compiling it again", lib, e.getMessage());
                Files.deleteIfExists(lib);
                lib = compiled();
                System.load(lib.toAbsolutePath().toString());
            }
            List<String> gomp = openMpRuntimes();
            if (gomp.size() > 1) {
                LOG.warn("two OpenMP runtimes are loaded ({}): the decoding kernel's threads and libtorch's compete for the cores", gomp);
            }
            LOG.debug("native linear kernel {} ({} floats per vector, {} threads)", lib, vectorWidth0(), threads0());
            return true;
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            offReason = e.getMessage();
            LOG.warn("greater4j's decoding kernel is not available ({}); decoding runs on libtorch, which is slower for "
                    + "batches of a few rows. A C compiler (cc, e.g. Debian's gcc) and a JDK with include/jni.h enable it; "
                    + "-Dgreater4j.nativeLinear=false (added to GREATER_JAVA_OPTS for ./greater) turns it off without this message.", e.getMessage());
            return false;
        }
    }

    /** The distinct libgomp files mapped into this process. */
    static List<String> openMpRuntimes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(l -> l.contains("/") ? l.substring(l.indexOf('/')) : "")
                    .filter(p -> p.matches(".*/libgomp[^/]*\\.so[^/]*"))
                    .distinct().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The shared library for this machine, compiled unless the cache holds it. */
    private static Path compiled() throws IOException {
        byte[] source;
        try (InputStream in = NativeLinear.class.getResourceAsStream(SOURCE)) {
            if (in == null) throw new IOException("resource " + SOURCE + " missing from the classpath");
            source = in.readAllBytes();
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path include = javaHome.resolve("include");
        String cc = System.getenv().getOrDefault("CC", "cc");
        String march = march();
        String key = sha256(source, cpuModel().getBytes(), javaHome.toString().getBytes(),
                cc.getBytes(), System.getProperty("os.arch").getBytes(), march.getBytes());
        Path dir = SharedData.cacheRoot().resolve("native");
        Path lib = dir.resolve("libgreater4j_linear-" + key.substring(0, 16) + ".so");
        if (Files.isRegularFile(lib) && isElf(lib)) return lib;
        if (!Files.isRegularFile(include.resolve("jni.h"))) {
            throw new IOException("no " + include.resolve("jni.h") + " (a JRE without JNI headers)");
        }
        Files.createDirectories(dir);
        Path src = Files.createTempFile(dir, "linear_kernel-", ".c");
        Path tmp = Files.createTempFile(dir, "libgreater4j_linear-", ".so.tmp");
        try {
            Files.write(src, source);
            List<String> cmd = new ArrayList<>(List.of(cc, "-O3", "-march=" + march, "-ffp-contract=fast", "-fopenmp", "-shared", "-fPIC", "-std=c11",
                    "-I" + include, "-I" + include.resolve("linux"), "-o", tmp.toString(), src.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            }
            Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return lib;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling " + SOURCE, e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
                throw new IOException("no C compiler '" + cc + "' on the PATH", e);
            }
            throw e;
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(tmp);
        }
    }

    /** The {@code -march} target: {@code GREATER_KERNEL_MARCH}, else {@code native}. */
    static String march() throws IOException {
        String m = System.getenv().getOrDefault("GREATER_KERNEL_MARCH", "native").strip();
        if (!m.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,40}")) {
            throw new IOException("GREATER_KERNEL_MARCH='" + m + "' is not a gcc -march value (e.g. native, x86-64-v3, haswell)");
        }
        return m;
    }

    private static boolean isElf(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    private static String cpuModel() {
        StringBuilder s = new StringBuilder();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("processor") && s.length() > 0) break; // the first CPU's lines suffice
                if (line.startsWith("model name") || line.startsWith("flags")) s.append(line).append('\n');
            }
        } catch (IOException e) {
            // not Linux: the architecture alone keys the cache
        }
        return s.toString();
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
