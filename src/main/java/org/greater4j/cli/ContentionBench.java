package org.greater4j.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The engine under contention: {@code greater optimize} on the toy model in a child process, alone and beside one
 * competing CPU-bound process, with libtorch's OpenMP threads waiting passively (the launcher's default) and with GNU
 * OpenMP's default spinning wait. Wall time of each child, from start to exit.
 */
final class ContentionBench {
    private ContentionBench() {}

    static List<String> lines(int steps, Path work) {
        double others = othersBusyCores();
        List<String> md = new ArrayList<>();
        md.add("");
        md.add("### Under contention");
        md.add("");
        md.add(String.format(Locale.ROOT, "`greater optimize --steps %d --seed 0 --no-test-accuracy` on the toy in a child JVM, wall time from "
                + "start to exit (loading included), alone and beside one competing busy process (`sh -c 'while :; do :; done'`), with "
                + "OMP_WAIT_POLICY=PASSIVE (what `./greater` sets) and unset (GNU OpenMP's default: spin, then sleep). Load average "
                + "before: %s; other processes kept %.2f cores busy over 3 s before the first child%s.", steps, BenchCommand.loadAverage(),
                others, others < 0.1 ? " (a quiet machine: \"alone\" is alone)" : " (other jobs share this machine, so \"alone\" is not quiet)"));
        md.add("");
        md.add("| OMP_WAIT_POLICY | alone, s | with one busy process, s | slowdown |");
        md.add("|---|---|---|---|");
        for (String policy : new String[] {"PASSIVE", null}) {
            double alone = run(steps, work.resolve("a" + policy), policy, false);
            double busy = run(steps, work.resolve("b" + policy), policy, true);
            md.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2fx |", policy == null ? "unset" : policy, alone, busy, busy / alone));
        }
        md.add("");
        md.add("Load average after: " + BenchCommand.loadAverage() + ".");
        return md;
    }

    private static double run(int steps, Path out, String policy, boolean competitor) {
        Process busy = null;
        try {
            if (competitor) busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx4g", "--enable-native-access=ALL-UNNAMED"));
            if (System.getProperty("greater4j.home") != null) cmd.add("-Dgreater4j.home=" + System.getProperty("greater4j.home"));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "optimize", "--steps",
                    Integer.toString(steps), "--seed", "0", "--no-test-accuracy", "--out", out.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (policy == null) pb.environment().remove("OMP_WAIT_POLICY");
            else pb.environment().put("OMP_WAIT_POLICY", policy);
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            File err = Files.createTempFile("contention", ".log").toFile();
            pb.redirectError(err);
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("the optimize child did not finish in 30 minutes; see " + err);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (p.exitValue() != 0) throw new IllegalStateException("the optimize child failed (exit " + p.exitValue() + "); see " + err);
            err.delete();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (busy != null) busy.destroyForcibly();
        }
    }

    /**
     * Cores kept busy by other processes over the next 3 seconds (this JVM stays idle meanwhile): busy jiffies of the
     * whole machine from /proc/stat minus this process's own from /proc/self/stat; NaN where /proc is not readable.
     */
    static double othersBusyCores() {
        try {
            long[] a = jiffies();
            Thread.sleep(3000);
            long[] b = jiffies();
            double total = (b[0] - a[0]) + (b[1] - a[1]);
            double cores = Runtime.getRuntime().availableProcessors();
            return total <= 0 ? Double.NaN : Math.max(0, (b[0] - a[0]) - (b[2] - a[2])) / total * cores;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** {busy, idle} jiffies of the machine and this process's own busy jiffies. */
    private static long[] jiffies() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < cpu.length && i <= 8; i++) if (i != 4 && i != 5) busy += Long.parseLong(cpu[i]);
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        String self = Files.readString(Path.of("/proc/self/stat"));
        String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
        long own = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        return new long[] {busy, idle, own};
    }
}
