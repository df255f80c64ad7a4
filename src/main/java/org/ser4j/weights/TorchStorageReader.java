package org.ser4j.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.ser4j.util.BadInputException;

/**
 * Reads the entries of one torch.save zip with sizes fixed in advance, so that a hostile file costs at most a bounded
 * amount of memory and time: a storage entry must hold exactly the bytes its persistent id declares, and the
 * pickle at most {@link #MAX_PICKLE_BYTES}. Nothing is allocated before the size is known to be plausible: a stored
 * entry cannot hold more than the file, and all compressed entries together may inflate to at most
 * {@code INFLATION_FACTOR x file size + INFLATION_ALLOWANCE} (torch itself never compresses; the allowance is for
 * re-zipped files, whose weights compress little). Reading stops one byte past the expected size, so a zip bomb is
 * refused after inflating at most that much.
 */
final class TorchStorageReader {
    /**
     * A checkpoint's pickle holds structure, not data (large models need well under 1 MiB). Unpickled, a byte can
     * become up to about 70 bytes of Java objects (one empty set per EMPTY_SET opcode), so this bounds the heap too.
     */
    static final int MAX_PICKLE_BYTES = 8 << 20;
    static final long INFLATION_FACTOR = 4;
    static final long INFLATION_ALLOWANCE = 64L << 20;

    private final ZipFile zip;
    private final Path file;
    private final long fileBytes;
    private long inflationLeft;

    TorchStorageReader(ZipFile zip, Path file, long fileBytes) {
        this.zip = zip;
        this.file = file;
        this.fileBytes = fileBytes;
        this.inflationLeft = INFLATION_FACTOR * fileBytes + INFLATION_ALLOWANCE;
    }

    /** The pickle entry's bytes, refused beyond {@link #MAX_PICKLE_BYTES}. */
    byte[] readPickle(ZipEntry entry) {
        String where = file + ": " + entry.getName();
        if (entry.getSize() > MAX_PICKLE_BYTES) {
            throw tooLargePickle(where, entry.getSize());
        }
        try (InputStream in = zip.getInputStream(entry)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[1 << 16];
            int n;
            while ((n = in.read(chunk, 0, (int) Math.min(chunk.length, MAX_PICKLE_BYTES + 1L - out.size()))) > 0) {
                out.write(chunk, 0, n);
                if (out.size() > MAX_PICKLE_BYTES) {
                    throw tooLargePickle(where, out.size());
                }
            }
            charge(entry, out.size(), where);
            return out.toByteArray();
        } catch (IOException e) {
            throw new BadInputException(where + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** A storage's values as float32; {@code where} names the file and the tensor that needs it. */
    float[] readStorage(TorchStorageRef storage, String where) {
        String entryWhere = where + ": storage " + storage.entryName();
        ZipEntry entry = zip.getEntry(storage.entryName());
        if (entry == null) {
            throw new BadInputException(entryWhere + " is missing from the zip");
        }
        long expected = storage.declaredBytes(); // checked non-negative by TorchTensorView.checkedLayout
        if (entry.getSize() >= 0 && entry.getSize() != expected) {
            throw new BadInputException(entryWhere + ": the zip entry holds " + entry.getSize() + " bytes but the "
                    + "storage declares " + storage.declaredElements() + " x " + storage.dtype() + " = " + expected);
        }
        if (expected > TorchTensorView.MAX_ELEMENTS) {
            throw new BadInputException(entryWhere + ": " + expected + " bytes, more than one storage may hold");
        }
        long allowed = entry.getMethod() == ZipEntry.STORED ? fileBytes : inflationLeft;
        if (expected > allowed) {
            throw new BadInputException(entryWhere + ": declares " + expected + " bytes, more than "
                    + (entry.getMethod() == ZipEntry.STORED ? "the file's " + fileBytes + " bytes can hold"
                    : "the " + allowed + " bytes left for inflating compressed entries of this " + fileBytes
                    + "-byte file"));
        }
        byte[] bytes = new byte[(int) expected];
        try (InputStream in = zip.getInputStream(entry)) {
            int filled = 0;
            while (filled < bytes.length) {
                int n = in.read(bytes, filled, bytes.length - filled);
                if (n < 0) {
                    throw new BadInputException(entryWhere + ": holds only " + filled + " bytes, the storage declares "
                            + expected);
                }
                filled += n;
            }
            if (in.read() >= 0) {
                throw new BadInputException(entryWhere + ": holds more than the " + expected
                        + " bytes its storage declares");
            }
        } catch (IOException e) {
            throw new BadInputException(entryWhere + ": cannot read (" + e.getMessage() + ")", e);
        }
        charge(entry, expected, entryWhere);
        return TensorDecoder.decode(ByteBuffer.wrap(bytes), storage.dtype(), (int) storage.declaredElements(), where);
    }

    private void charge(ZipEntry entry, long inflated, String where) {
        if (entry.getMethod() == ZipEntry.STORED) {
            return;
        }
        inflationLeft -= inflated;
        if (inflationLeft < 0) {
            throw new BadInputException(where + ": compressed entries inflate to more than "
                    + (INFLATION_FACTOR * fileBytes + INFLATION_ALLOWANCE) + " bytes, implausible for a "
                    + fileBytes + "-byte file");
        }
    }

    private static BadInputException tooLargePickle(String where, long bytes) {
        return new BadInputException(where + ": pickle of " + (bytes > MAX_PICKLE_BYTES ? "more than " : "")
                + MAX_PICKLE_BYTES + " bytes (a checkpoint's pickle holds structure, not data; refused as corrupt)");
    }
}
