package dev.fusion4j;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Makes closing safe while other threads still use a resource that holds native memory: calls run
 * inside {@link #call} (any number at once), {@link #close} waits until the calls in flight have
 * returned, frees the resource once, and every later call throws {@link IllegalStateException}.
 * A waiting close holds back calls that start after it.
 *
 * <pre>{@code
 * private final CloseGuard guard = new CloseGuard("this encoder");
 * public Features encode(String text) { return guard.call(() -> run(text)); }
 * public void close() { guard.close(model::close); }
 * }</pre>
 * Calling {@link #close} from inside {@link #call} on the same thread deadlocks.
 */
public final class CloseGuard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String name;
    private boolean closed;   // written under the write lock, read under the read lock

    /** @param name what is closed, for the message after close ("this encoder") */
    public CloseGuard(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Runs {@code call} unless closed; the resource is not freed before it returns.
     *
     * @throws IllegalStateException if the resource is closed
     */
    public <T> T call(Supplier<T> call) {
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

    /** Waits for the calls in flight, then runs {@code release} the first time; later closes do nothing. */
    public void close(Runnable release) {
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
