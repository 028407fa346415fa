package dev.fusion4j.model;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps native memory alive while calls use it: calls run under a shared lock, {@link #close}
 * takes the exclusive one, so it waits for the calls in flight and every later call fails with
 * {@link IllegalStateException} instead of touching freed memory.
 */
final class CloseGuard {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final String name;
    private boolean closed;

    /** @param name what is closed, for the message ("this model") */
    CloseGuard(String name) {
        this.name = name;
    }

    /**
     * Runs {@code call} unless closed.
     *
     * @throws IllegalStateException if {@link #close} has run
     */
    <T> T call(Supplier<T> call) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(name + " is closed");
            }
            return call.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Waits for calls in flight, then runs {@code release} once; later closes do nothing. */
    void close(Runnable release) {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                release.run();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
