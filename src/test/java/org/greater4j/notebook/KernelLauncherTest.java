package org.greater4j.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.junit.jupiter.api.Test;

/** The launcher's repair of rapaio's startup race, on stand-in channels with real LoopThreads. */
class KernelLauncherTest {

    /** What the watch reads of a rapaio channel: its loop thread and its closed flag. */
    static final class FakeChannel {
        volatile LoopThread loopThread;
        boolean closed;
    }

    static void waitFor(Thread t) throws InterruptedException {
        t.join(5000);
        assertThat(t.getState()).isEqualTo(Thread.State.TERMINATED);
    }

    @Test
    void aLoopThatDiedWhileRunningIsRevivedAndKeepsLooping() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // the loop body throws on its first call, as the shell loop does on a request that arrives before the handlers exist
        LoopThread t = new LoopThread("Shell-test", 1, () -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("handlers not ready");
        });
        t.start();
        waitFor(t);
        FakeChannel ch = new FakeChannel();
        ch.loopThread = t;
        KernelLauncher.Watch w = new KernelLauncher.Watch(List.of(ch));
        assertThat(w.check()).isTrue();
        assertThat(w.revived()).isEqualTo(1);
        assertThat(ch.loopThread).isNotSameAs(t);
        long deadline = System.currentTimeMillis() + 5000;
        while (calls.get() < 5 && System.currentTimeMillis() < deadline) {
            w.check(); // (the original loop may also have lost the start race: then the body ran first in the revived one)
            Thread.sleep(5);
        }
        assertThat(calls.get()).isGreaterThanOrEqualTo(5); // the same body loops again
        int revived = w.revived();
        assertThat(revived).isBetween(1, 2);
        assertThat(w.check()).isTrue();
        assertThat(w.revived()).isEqualTo(revived); // a live loop is left alone
        ch.loopThread.shutdown();
        waitFor(ch.loopThread);
        assertThat(w.check()).isTrue();
        assertThat(w.revived()).isEqualTo(revived); // shut down on purpose: not revived
        ch.closed = true;
        assertThat(w.check()).isFalse(); // every channel closed: the watch ends
    }
}
