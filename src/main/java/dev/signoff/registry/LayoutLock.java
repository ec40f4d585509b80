package dev.signoff.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

import dev.signoff.registry.Store.Held;

/**
 * One layout directory's lock: a reentrant lock for the threads of this process, and while it
 * is held (outermost), a {@link FileLock} on {@code .signoff.lock} for other processes. A file
 * lock belongs to the whole JVM, so the in-process lock must be taken first.
 */
final class LayoutLock {
    private final ReentrantLock inProcess = new ReentrantLock();
    private FileChannel channel;
    private FileLock fileLock;

    Held acquire(LayoutStore store) {
        try {
            inProcess.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw store.failure("waiting for another copy into the layout: interrupted", true, e);
        }
        if (inProcess.getHoldCount() == 1) {
            try {
                Files.createDirectories(store.root());
                channel = FileChannel.open(store.root().resolve(".signoff.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                fileLock = channel.lock();
            } catch (IOException e) {
                release();
                throw store.failure("locking the layout " + store.root() + ": " + e, true, e);
            }
        }
        return this::release;
    }

    boolean outermost() {
        return inProcess.getHoldCount() == 1;
    }

    private void release() {
        if (inProcess.getHoldCount() == 1) {
            try {
                if (fileLock != null) {
                    fileLock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing the channel releases the lock in any case
            } finally {
                fileLock = null;
                channel = null;
            }
        }
        inProcess.unlock();
    }
}
