package org.ser4j.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files through a temporary sibling and a rename, so that a killed process leaves either the old
 * file or the complete new one, never half of one (docs/contracts.md §4).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, StreamWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.writeTo(out);
            }
            shareable(tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * createTempFile makes owner-only (0600) files; results are ordinary files that others on the machine may read,
     * so they get the usual rw-r--r-- where the file system has POSIX permissions.
     */
    private static void shareable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /**
     * Creates {@code dir} and its parents. An output location that cannot be a folder (one of its ancestors is a
     * regular file) is a user error: it becomes a {@link BadInputException} naming the path and the blocking file,
     * before anything is written.
     */
    public static void createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        for (Path p = abs; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new BadInputException("cannot write into " + dir + ": " + p + " is a file, not a folder");
            }
        }
        try {
            Files.createDirectories(abs);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new BadInputException("cannot write into " + dir + ": permission denied (" + e.getFile() + ")", e);
        }
    }

    /** Deletes a file or a whole folder tree; does nothing when {@code p} does not exist. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /**
     * Replaces the folder {@code live} by the complete folder {@code staged}. The previous folder is kept as
     * {@code <live>.old} until the new one is in place, so a crash at any moment leaves a complete folder under one of
     * the two names; {@link #recoverDirectory} undoes a crash between the two renames.
     */
    public static void publishDirectory(Path staged, Path live) throws IOException {
        Path old = live.resolveSibling(live.getFileName() + ".old");
        deleteTree(old);
        if (Files.exists(live)) {
            Files.move(live, old);
        }
        Files.move(staged, live);
        deleteTree(old);
    }

    /**
     * Whether {@code live} holds a complete folder, recognised by its {@code marker} file (the last one written), after
     * moving {@code <live>.old} back when a crash happened between {@link #publishDirectory}'s two renames.
     */
    public static boolean recoverDirectory(Path live, String marker) throws IOException {
        if (Files.isRegularFile(live.resolve(marker))) {
            return true;
        }
        Path old = live.resolveSibling(live.getFileName() + ".old");
        if (!Files.isRegularFile(old.resolve(marker))) {
            return false;
        }
        deleteTree(live);
        Files.move(old, live);
        return true;
    }

    /** Renames {@code source} onto {@code target} atomically where the file system allows it. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
