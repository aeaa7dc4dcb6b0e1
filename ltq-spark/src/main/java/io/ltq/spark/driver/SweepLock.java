package io.ltq.spark.driver;

import io.ltq.experiments.UserMistakeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps two sweeps out of one folder: the driver holds a lock on {@code .sweep.lock} there while
 * it runs, so that a second {@code ltq sweep} with the same {@code --out} is refused instead of
 * starting a second writer in every run folder. The operating system drops the lock when the
 * driver's JVM ends, however it ends.
 */
final class SweepLock implements AutoCloseable {

    /** The lock file's name in the sweep's folder. */
    static final String FILE = ".sweep.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SweepLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a sweep's folder.
     *
     * @param folder the sweep's folder, which exists
     * @return the lock, held until closed
     * @throws UserMistakeException when another sweep holds it
     * @throws IOException when the lock file cannot be opened
     */
    static SweepLock take(Path folder) throws IOException {
        FileChannel channel = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new UserMistakeException("Another ltq sweep is running in " + folder
                    + ": let it finish (or stop it) and rerun, or give this one another --out.");
        }
        return new SweepLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
