package org.ser4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.BadInputException;

/**
 * Hostile torch.save zips (issue 21): tensor views that leave their storage, negative or overflowing geometry, zip
 * bombs, pickles whose length prefixes or nesting would exhaust memory. Each must be a {@link BadInputException}
 * naming the file (and the tensor, where one is involved), after allocating little memory.
 */
class HostileTorchCheckpointTest {
    private static final long LONG_MAX = Long.MAX_VALUE;

    @TempDir
    Path tmp;

    @Test
    void wellFormedViewsReadBackWithStridesOffsetsAndHalfStorages() throws IOException {
        // storage 0: [0..5]; 'full' is all of it as 2x3, 't' its transpose (3x2 via strides), 'tail' the last 2
        // elements; storage 1: F16 [1.0, -2.5]; 'scalar' one element at offset 1 of storage 0
        ByteBuffer half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3c00)
                .putShort((short) 0xc100);
        Path f = new TorchZipBuilder().floatStorage("0", 0, 1, 2, 3, 4, 5).rawStorage("1", half.array(), false)
                .tensor("full", "0", 6, 0, new long[] {2, 3}, new long[] {3, 1})
                .tensor("t", "0", 6, 0, new long[] {3, 2}, new long[] {1, 3})
                .tensor("tail", "0", 6, 4, new long[] {2}, new long[] {1})
                .tensor("scalar", "0", 6, 1, new long[] {}, new long[] {})
                .view(new TorchZipBuilder.View("half", "1", "HalfStorage", 2L, 0L, new Object[] {2L},
                        new Object[] {1L}))
                .write(tmp.resolve("good.bin"));
        Map<String, INDArray> t = TorchPickleReader.readStateDict(f);
        assertArrayEquals(new long[] {2, 3}, t.get("full").shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, t.get("full").reshape(6).toFloatVector(), 0f);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.get("t").reshape(6).toFloatVector(), 0f);
        assertArrayEquals(new float[] {4, 5}, t.get("tail").toFloatVector(), 0f);
        assertEquals(1f, t.get("scalar").getFloat(0), 0f);
        assertArrayEquals(new float[] {1f, -2.5f}, t.get("half").toFloatVector(), 0f);
    }

    /** One hostile view of a 4-element storage per case; the message must name file, tensor and the problem. */
    @Test
    void viewsThatLeaveTheirStorageOrOverflowAreRefusedNamingFileAndTensor() {
        Object big = BigInteger.TWO.pow(70);
        Object[][] cases = {
            // numel, offset, shape, stride, expected phrase
            {4L, 0L, new Object[] {3L, 3L}, new Object[] {3L, 1L}, "claims 9 elements but its storage"},
            {4L, 3L, new Object[] {2L}, new Object[] {1L}, "reads element 4 but its storage"},
            {4L, 0L, new Object[] {2L, 2L}, new Object[] {3L, 1L}, "reads element 4 but its storage"},
            {4L, -1L, new Object[] {2L}, new Object[] {1L}, "negative storage offset -1"},
            {4L, 0L, new Object[] {-2L, -2L}, new Object[] {2L, 1L}, "negative dimension"},
            {4L, 0L, new Object[] {2L, 2L}, new Object[] {-2L, 1L}, "negative stride"},
            {4L, 0L, new Object[] {1L << 40, 1L << 40}, new Object[] {1L, 1L}, "overflows a 64-bit"},
            {4L, 0L, new Object[] {2L, 2L}, new Object[] {LONG_MAX, 1L}, "overflows a 64-bit"},
            {4L, LONG_MAX, new Object[] {2L}, new Object[] {1L}, "overflows a 64-bit"},
            {4L, 0L, new Object[] {1L << 31}, new Object[] {0L}, "more than one tensor may hold"},
            {4L, 0L, new Object[] {big}, new Object[] {1L}, "does not fit a 64-bit integer"},
            {4L, 0L, new Object[] {4L}, new Object[] {1L, 1L}, "differ in rank"},
            {1L, 0L, new Object[] {1000L}, new Object[] {0L}, "claims 1000 elements"},
            {4L, 5L, new Object[] {0L}, new Object[] {1L}, "lies beyond its storage"},
            {-5L, 0L, new Object[] {2L}, new Object[] {1L}, "declares -5 elements"},
            {LONG_MAX / 2, 0L, new Object[] {2L}, new Object[] {1L}, "not a byte count"},
            {big, 0L, new Object[] {2L}, new Object[] {1L}, "declares -1 elements"},
        };
        int n = 0;
        for (Object[] c : cases) {
            Path f = new TorchZipBuilder().floatStorage("0", 1, 2, 3, 4)
                    .tensor("ok", "0", 4, 0, new long[] {4}, new long[] {1})
                    .view(new TorchZipBuilder.View("enc.w", "0", "FloatStorage", c[0], c[1], (Object[]) c[2],
                            (Object[]) c[3]))
                    .write(tmp.resolve("view-" + n++ + ".bin"));
            assertRefused(f, "tensor 'enc.w'", (String) c[4], 16L << 20);
        }
    }

    @Test
    void storageEntriesThatDoNotHoldTheirDeclaredBytesAreRefused() throws IOException {
        // declared 4 floats, entry holds 2
        Path shortEntry = new TorchZipBuilder().floatStorage("0", 1, 2)
                .tensor("enc.w", "0", 4, 0, new long[] {2}, new long[] {1}).write(tmp.resolve("short.bin"));
        assertRefused(shortEntry, "tensor 'enc.w'", "the zip entry holds 8 bytes but the storage declares 4", 16L << 20);
        // a huge declared storage backed by a 16-byte entry: refused before anything is allocated for it
        Path hugeDeclared = new TorchZipBuilder().floatStorage("0", 1, 2, 3, 4)
                .tensor("enc.w", "0", 1L << 40, 0, new long[] {4}, new long[] {1}).write(tmp.resolve("huge.bin"));
        assertRefused(hugeDeclared, "tensor 'enc.w'", "the zip entry holds 16 bytes", 16L << 20);
        // the storage entry is missing
        Path missing = new TorchZipBuilder().tensor("enc.w", "7", 4, 0, new long[] {4}, new long[] {1})
                .write(tmp.resolve("missing.bin"));
        assertRefused(missing, "tensor 'enc.w'", "archive/data/7 is missing", 16L << 20);
    }

    @Test
    void manyViewsOfOneStorageCannotMultiplyMemory() {
        TorchZipBuilder b = new TorchZipBuilder().floatStorage("0", 1, 2, 3, 4);
        for (int i = 0; i < 5; i++) { // 5 full views = 20 elements over a 4-element storage (limit 4x)
            b.tensor("copy" + i, "0", 4, 0, new long[] {4}, new long[] {1});
        }
        BadInputException e = assertThrows(BadInputException.class,
                () -> TorchPickleReader.readStateDict(b.write(tmp.resolve("views.bin"))));
        assertTrue(e.getMessage().contains("5 tensors claim 20 elements from storages holding 4"), e.getMessage());
        // tied weights (two keys, one storage) stay accepted
        Map<String, INDArray> tied = TorchPickleReader.readStateDict(new TorchZipBuilder().floatStorage("0", 1, 2)
                .tensor("a", "0", 2, 0, new long[] {2}, new long[] {1})
                .tensor("b", "0", 2, 0, new long[] {2}, new long[] {1}).write(tmp.resolve("tied.bin")));
        assertEquals(tied.get("a"), tied.get("b"));
    }

    /**
     * Zip bombs: 256 MiB of zeros deflate to about 256 KiB. Whether the storage declares all of it, or declares 16
     * bytes while the central directory lies about the inflated size, the reader must stop without inflating it; a
     * reader that inflated the entry would allocate at least 256 MiB.
     */
    @Test
    void zipBombsFailFastWithBoundedMemory() throws IOException {
        int bomb = 256 << 20;
        Path declared = tmp.resolve("bomb-declared.bin");
        writeBomb(declared, "archive/data/0", bomb, new TorchZipBuilder()
                .tensor("enc.w", "0", bomb / 4, 0, new long[] {bomb / 4}, new long[] {1}).pickle());
        assertTrue(Files.size(declared) < 10 << 20);
        assertRefused(declared, "tensor 'enc.w'", "left for inflating compressed entries", 16L << 20);

        Path lying = tmp.resolve("bomb-lying.bin");
        writeBomb(lying, "archive/data/0", bomb, new TorchZipBuilder()
                .tensor("enc.w", "0", 4, 0, new long[] {4}, new long[] {1}).pickle());
        TorchZipBuilder.patchCentralDirectorySize(lying, "archive/data/0", 16);
        assertRefused(lying, "tensor 'enc.w'", "holds more than the 16 bytes its storage declares", 16L << 20);

        // the pickle itself as the bomb, its central directory claiming 100 bytes
        Path pickleBomb = tmp.resolve("bomb-pickle.bin");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(pickleBomb))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < bomb / zeros.length; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        TorchZipBuilder.patchCentralDirectorySize(pickleBomb, "archive/data.pkl", 100);
        assertRefused(pickleBomb, "archive/data.pkl", "pickle of more than 8388608 bytes", 64L << 20);
    }

    /**
     * The largest pickle accepted, made of the opcode that costs the most heap per byte (EMPTY_SET: one HashSet
     * each), deflated into a file of a few KB: unpickling it must allocate less than 1 GiB.
     */
    @Test
    void aPickleAtTheSizeLimitOfTinyObjectsStaysUnderOneGiB() throws IOException {
        byte[] pickle = new byte[TorchStorageReader.MAX_PICKLE_BYTES];
        java.util.Arrays.fill(pickle, (byte) 0x8f);
        pickle[0] = (byte) 0x80;
        pickle[1] = 4;
        pickle[pickle.length - 1] = '.';
        Path f = new TorchZipBuilder().writeWithPickle(tmp.resolve("sets.bin"), pickle, true);
        assertTrue(Files.size(f) < 1 << 20);
        assertRefused(f, "", "root object is", 1L << 30);
    }

    /** razorvine allocates a string's declared length before reading it; the prefix is checked against the data. */
    @Test
    void lengthPrefixesBeyondThePickleAreRefusedBeforeAllocating() {
        byte[][] pickles = {
            new TorchZipBuilder.PickleBytes().proto2().raw('X', 0xff, 0xff, 0xff, 0x7f).raw('a', 'b').stop().bytes(),
            new TorchZipBuilder.PickleBytes().proto2().raw('X', 0xff, 0xff, 0xff, 0xff).stop().bytes(),
            new TorchZipBuilder.PickleBytes().proto2().raw('B', 0x00, 0x00, 0x00, 0x70).stop().bytes(),
            new TorchZipBuilder.PickleBytes().proto2().raw(0x8e, 0, 0, 0, 0, 0, 1, 0, 0).stop().bytes(),
            new TorchZipBuilder.PickleBytes().proto2().raw(0x8d, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0).stop().bytes(),
            new TorchZipBuilder.PickleBytes().proto2().raw(0x8b, 0xff, 0xff, 0xff, 0x3f).stop().bytes(),
        };
        int n = 0;
        for (byte[] pickle : pickles) {
            Path f = new TorchZipBuilder().writeWithPickle(tmp.resolve("prefix-" + n++ + ".bin"), pickle, false);
            assertRefused(f, "", "length prefix of", 16L << 20);
        }
    }

    @Test
    void malformedPicklesAreBadInputNamingTheFile() {
        // stack underflow, a storage-less rebuild, and a list nested 500000 deep used as a dict key (hashing it
        // recurses past any thread stack)
        TorchZipBuilder.PickleBytes deep = new TorchZipBuilder.PickleBytes().proto2().raw('}');
        int depth = 500_000;
        for (int i = 0; i < depth; i++) {
            deep.raw(']');
        }
        for (int i = 0; i < depth - 1; i++) {
            deep.raw('a');
        }
        deep.raw('N', 's').stop();
        Object[][] cases = {
            {new TorchZipBuilder.PickleBytes().proto2().raw('R').stop().bytes(), "malformed pickle"},
            {new TorchZipBuilder.PickleBytes().proto2().global("torch._utils", "_rebuild_tensor_v2")
                    .mark().raw('N', 'N', 'N', 'N').tuple().reduce().stop().bytes(), "unexpected arguments"},
            {deep.bytes(), "malformed pickle"},
        };
        int n = 0;
        for (Object[] c : cases) {
            Path f = new TorchZipBuilder().writeWithPickle(tmp.resolve("bad-" + n++ + ".bin"), (byte[]) c[0], false);
            assertRefused(f, "", (String) c[1], 256L << 20);
        }
    }

    @Test
    void fairseqCheckpointTensorsAreCheckedTheSameWay() {
        // {'model': {'w': <view claiming 9 elements of 4>}, 'cfg': None}
        TorchZipBuilder.PickleBytes p = new TorchZipBuilder.PickleBytes().proto2().raw('}').string("model").raw('}')
                .string("w").global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().string("storage").global("torch", "FloatStorage").string("0").string("cpu").integer(4L)
                .tuple().binpersid().integer(0L).mark().integer(3L).integer(3L).tuple().mark().integer(3L)
                .integer(1L).tuple().newFalse().global("collections", "OrderedDict").emptyTuple().reduce()
                .tuple().reduce().setItem().setItem().string("args").raw('}').setItem().stop();
        Path f = new TorchZipBuilder().floatStorage("0", 1, 2, 3, 4).writeWithPickle(tmp.resolve("fs.pt"), p.bytes(),
                false);
        BadInputException e = assertThrows(BadInputException.class, () -> FairseqCheckpoint.read(f));
        assertTrue(e.getMessage().contains(f + ": tensor 'w'") && e.getMessage().contains("claims 9 elements"),
                e.getMessage());
    }

    /** Asserts a clear refusal that names the file and {@code what}, within {@code maxAllocated} bytes and 10 s. */
    private static void assertRefused(Path f, String what, String phrase, long maxAllocated) {
        long before = allocatedBytes();
        long t0 = System.nanoTime();
        BadInputException e = assertThrows(BadInputException.class, () -> TorchPickleReader.readStateDict(f),
                (Supplier<String>) () -> f.getFileName() + " was accepted");
        double seconds = (System.nanoTime() - t0) / 1e9;
        long allocated = allocatedBytes() - before;
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString()) && m.contains(what) && m.contains(phrase),
                f.getFileName() + ": expected '" + what + "' and '" + phrase + "' in: " + m);
        assertTrue(allocated < maxAllocated, f.getFileName() + ": allocated " + allocated + " bytes: " + m);
        assertTrue(seconds < 10, f.getFileName() + ": took " + seconds + " s");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** A checkpoint whose storage entry is {@code zeros} zero bytes, deflated. */
    private static void writeBomb(Path file, String entry, int zeros, byte[] pickle) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            TorchZipBuilder.putEntry(zip, "archive/data.pkl", pickle, false);
            zip.putNextEntry(new ZipEntry(entry));
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < zeros / chunk.length; i++) {
                zip.write(chunk);
            }
            zip.closeEntry();
        }
    }
}
