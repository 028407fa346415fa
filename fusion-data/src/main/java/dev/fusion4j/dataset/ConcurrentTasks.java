package dev.fusion4j.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Runs tasks at once, one thread each, and returns when every thread has ended. The first failure
 * stops the other tasks at their next check of {@code stopped} (never mid-call: a native encoder is
 * not interrupted) and is rethrown as it was thrown. A single task runs on the calling thread.
 */
final class ConcurrentTasks {
    private ConcurrentTasks() {
    }

    /** A task that returns early once {@code stopped} says so. */
    interface Task {
        void run(BooleanSupplier stopped);
    }

    /**
     * Runs {@code tasks}, the thread of each named by {@code names}.
     *
     * @throws CancellationException if the calling thread is interrupted (the tasks stop, and its
     *     interrupt status stays set)
     */
    static void runAll(List<String> names, List<Task> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).run(() -> false);
            return;
        }
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            Thread thread = new Thread(() -> {
                try {
                    task.run(stopped::get);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stopped.set(true);
                }
            }, names.get(i));
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        boolean interrupted = joinAll(threads, stopped);
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while encoding");
        }
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        if (thrown != null) {
            throw new IllegalStateException("an encoding task failed: " + thrown, thrown);
        }
    }

    /** Waits for every thread; if interrupted, stops the tasks and still waits. Whether it was interrupted. */
    private static boolean joinAll(List<Thread> threads, AtomicBoolean stopped) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stopped.set(true);
                }
            }
        }
        return interrupted;
    }
}
