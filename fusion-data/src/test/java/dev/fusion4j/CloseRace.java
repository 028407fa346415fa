package dev.fusion4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Closes a resource while other threads use it; shared by the modules' tests. */
public final class CloseRace {
    private CloseRace() {
    }

    /**
     * {@code threads} threads run {@code call} in a loop while the calling thread closes
     * {@code resource} once each has succeeded: every call succeeds or fails with
     * {@link IllegalStateException} saying {@code closedMessage}, and the JVM lives. A thread still
     * served a minute after close fails the test.
     */
    public static void closeWhileThreadsCall(AutoCloseable resource, Runnable call, int threads,
                                             String closedMessage) throws Exception {
        CountDownLatch calledOnce = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(pool.submit(() -> {
                    for (int calls = 0; ; calls++) {
                        try {
                            call.run();
                        } catch (IllegalStateException e) {
                            assertEquals(closedMessage, e.getMessage());
                            return calls;
                        }
                        if (calls == 0) {
                            calledOnce.countDown();
                        }
                    }
                }));
            }
            calledOnce.await();
            resource.close();
            for (Future<Integer> calls : callers) {
                assertTrue(calls.get(60, TimeUnit.SECONDS) >= 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
