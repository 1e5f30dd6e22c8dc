package org.greater4j.notebook;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 (what its {@code MainApp} does with a connection file) and
 * repairs its startup race. In {@code LoopThread.start()} the {@code running} flag is set after
 * {@code Thread.start()}, so a channel's loop can see it false and end at once (about 1 start in 7);
 * and {@code Channels.connect} binds the sockets before it fills the handler map, so a request that
 * arrives in between throws in the loop and ends it. Either way the kernel never answers
 * {@code kernel_info} and a headless run hangs.
 *
 * <p>The launcher watches every channel's loop thread: a loop that has ended while its
 * {@code running} flag is still true (a loop shut down on purpose has it false) and its channel is
 * not closed is replaced by a new {@link LoopThread} with the same body, its flag set before it
 * starts. The request lost in the second case is sent again by the client (jupyter_client repeats
 * {@code kernel_info} every second until it is answered). The watch runs for the kernel's life.
 * Revivals are logged on stderr (the kernel log).
 *
 * <p>Sets the system property {@value Notebook#KERNEL_PROPERTY} to {@code rapaio}.
 */
public final class KernelLauncher {
    private static final Logger LOG = Logger.getLogger(KernelLauncher.class.getSimpleName());

    private KernelLauncher() {}

    /** {@code KernelLauncher CONNECTION_FILE}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp ... " + KernelLauncher.class.getName() + " CONNECTION_FILE");
            System.exit(2);
        }
        System.setProperty(Notebook.KERNEL_PROPERTY, "rapaio");
        try (var in = MainApp.class.getClassLoader().getResourceAsStream("logging.properties")) {
            if (in != null) LogManager.getLogManager().readConfiguration(in);
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("connection file '" + file + "' is not a file");
        ConnectionProperties props = Transform.fromJson(Files.readString(file, StandardCharsets.UTF_8), ConnectionProperties.class);
        Channels channels = new Channels(props);
        Watch watch = new Watch(channels);
        channels.connect(MainApp.kernel);
        watch.run();
    }

    /** Revives dead channel loops until every channel is closed. */
    static final class Watch {
        private final List<Object> watched = new ArrayList<>();
        private int revived;

        Watch(Channels channels) throws ReflectiveOperationException {
            for (Field f : Channels.class.getDeclaredFields()) {
                if (f.getType().getName().startsWith("org.rapaio.jupyter.kernel.channels.") && f.getType().getSimpleName().endsWith("Channel")) {
                    f.setAccessible(true);
                    watched.add(f.get(channels));
                }
            }
        }

        /** Watches objects with a {@code LoopThread loopThread} and a {@code boolean closed} field (tests). */
        Watch(List<Object> channels) {
            watched.addAll(channels);
        }

        /** Loops revived so far. */
        int revived() {
            return revived;
        }

        /** One pass over the channels: revives dead loops; false when every channel is closed. */
        boolean check() throws ReflectiveOperationException {
            boolean open = false;
            for (Object ch : watched) {
                if (isClosed(ch)) continue;
                open = true;
                reviveIfDead(ch);
            }
            return open;
        }

        void run() throws InterruptedException, ReflectiveOperationException {
            long started = System.nanoTime();
            while (check()) {
                long ms = (System.nanoTime() - started) / 1_000_000;
                Thread.sleep(ms < 30_000 ? 5 : 200); // watch closely while starting
            }
            LOG.info("all channels closed; " + revived + " channel loop(s) were revived");
        }

        private static boolean isClosed(Object ch) throws ReflectiveOperationException {
            Field f = field(ch.getClass(), "closed");
            return f != null && f.getBoolean(ch);
        }

        private void reviveIfDead(Object ch) throws ReflectiveOperationException {
            Field lt = field(ch.getClass(), "loopThread");
            if (lt == null) return; // IOPub: no loop
            LoopThread t = (LoopThread) lt.get(ch);
            if (t == null || t.getState() != Thread.State.TERMINATED) return;
            Field running = field(LoopThread.class, "running");
            if (!running.getBoolean(t)) return; // shut down on purpose
            LoopThread fresh = new LoopThread(t.getName() + "-revived", field(LoopThread.class, "sleep").getLong(t),
                    (Runnable) field(LoopThread.class, "loopBody").get(t));
            running.setBoolean(fresh, true); // before start: the race cannot recur
            lt.set(ch, fresh);
            fresh.start();
            revived++;
            String msg = "greater4j kernel launcher: revived the dead loop thread " + t.getName() + " of " + ch.getClass().getSimpleName();
            LOG.warning(msg);
            System.err.println(msg);
        }

        private static Field field(Class<?> c, String name) {
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                try {
                    Field f = k.getDeclaredField(name);
                    f.setAccessible(true);
                    return f;
                } catch (NoSuchFieldException e) {
                    // look in the superclass
                }
            }
            return null;
        }
    }
}
