package dev.signoff.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Files in a layout directory written so that a crash leaves either the old file or the new one:
 * a temporary file ({@value #TEMP_PREFIX}…) flushed to disk, renamed into place, the directory
 * flushed. A killed writer's temporary files are removed by the next one.
 */
final class LayoutFiles {
    static final String TEMP_PREFIX = ".signoff-";

    private LayoutFiles() {
    }

    /** Removes the temporary files a killed writer left in {@code root}. */
    static void removeTemporaryFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            files.filter(f -> f.getFileName().toString().startsWith(TEMP_PREFIX)).forEach(LayoutFiles::deleteQuietly);
        }
    }

/** Writes to a temporary file in the layout, flushes it to disk, renames it into place, and flushes the directory. */
static void writeAtomically(Path root, Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(root, TEMP_PREFIX, ".tmp");
    try {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(bytes));
            out.force(true);
        }
        Files.createDirectories(target.getParent());
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        temp = null;
        syncDirectory(target.getParent());
    } finally {
        deleteQuietly(temp);
    }
}

private static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
        // not every platform can flush a directory; the rename is still atomic
    }
}

static void deleteQuietly(Path file) {
    if (file != null) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // removed by the next writer
        }
    }
}
}
