package dev.fusion4j.internal.io;

import dev.fusion4j.FusionException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock on a model directory, {@code <dir>/.lock}, that makes saves and loads take turns across
 * threads and processes: a save holds it exclusively, a load shares it with other processes'
 * loads. Within one JVM a {@link ReentrantLock} per directory goes first, because file locks
 * belong to the process (and closing any channel on the file would drop them).
 */
public final class DirectoryLock implements AutoCloseable {
    public static final String FILE = ".lock";
    /** One small entry per directory this JVM ever saved to or loaded from. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private FileLock fileLock;

    private DirectoryLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits until no other save or load of {@code directory} (an existing one) runs. */
    public static DirectoryLock exclusive(Path directory) throws IOException {
        ReentrantLock local = localLock(directory);
        local.lock();
        try {
            FileChannel channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                return new DirectoryLock(local, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /**
     * Waits until no save of {@code directory} runs. In a directory this process cannot write
     * (where nobody saves), or on a file system without file locks, it locks within this JVM only.
     */
    public static DirectoryLock shared(Path directory) throws IOException {
        ReentrantLock local = localLock(directory);
        local.lock();
        try {
            FileChannel channel = openForSharing(directory.resolve(FILE));
            if (channel == null) {
                return new DirectoryLock(local, null, null);
            }
            try {
                return new DirectoryLock(local, channel, channel.lock(0, Long.MAX_VALUE, true));
            } catch (FileLockInterruptionException | RuntimeException e) {
                channel.close();
                throw e;
            } catch (IOException e) {
                channel.close();
                return new DirectoryLock(local, null, null);   // a file system without locks: nobody saves there safely
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /**
     * Turns a shared lock exclusive if no other process holds the directory now; the lock stays
     * shared otherwise (or where the lock file could not be written).
     *
     * @return whether this lock is now exclusive
     */
    public boolean tryUpgrade() throws IOException {
        if (fileLock == null || !fileLock.isShared()) {
            return fileLock != null;
        }
        fileLock.release();
        FileLock exclusive = channel.tryLock();
        fileLock = exclusive != null ? exclusive : channel.lock(0, Long.MAX_VALUE, true);
        return exclusive != null;
    }

    @Override
    public void close() throws IOException {
        try {
            if (channel != null) {
                channel.close();   // releases the file lock
            }
        } finally {
            local.unlock();
        }
    }

    private static ReentrantLock localLock(Path directory) throws IOException {
        return IN_PROCESS.computeIfAbsent(directory.toRealPath(), key -> new ReentrantLock());
    }

    private static FileChannel openForSharing(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (AccessDeniedException | NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if (Files.isWritable(file.getParent())) {
                throw e;
            }
            return null;   // a read-only file system
        }
    }
}
