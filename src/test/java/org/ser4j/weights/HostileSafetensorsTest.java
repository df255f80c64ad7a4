package org.ser4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.BadInputException;

/**
 * Hostile safetensors files (issue 21): header lengths and data offsets near {@code Long.MAX_VALUE}, negative or
 * overflowing shapes, sizes that disagree with the range, overlapping ranges, gaps and trailing bytes. Each is a
 * {@link BadInputException} naming the file and the tensor, raised before the data is read.
 */
class HostileSafetensorsTest {
    private static final long LONG_MAX = Long.MAX_VALUE;

    @TempDir
    Path tmp;

    /** A file with this header and {@code dataBytes} bytes of data (1.0f repeated where it fits). */
    private Path file(String name, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        while (b.remaining() >= 4) {
            b.putFloat(1f);
        }
        Path f = tmp.resolve(name + ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    @Test
    void aWellFormedFileWithScalarsAndEmptyTensorsReads() throws IOException {
        Path f = file("good", "{\"__metadata__\":{\"format\":\"pt\"}," + tensor("a", "F32", "[2,2]", 0, 16) + ","
                + tensor("empty", "F32", "[0,3]", 16, 16) + "," + tensor("s", "F32", "[]", 16, 20) + "}", 20);
        Map<String, INDArray> t = SafetensorsReader.read(f);
        assertArrayEquals(new float[] {1, 1, 1, 1}, t.get("a").reshape(4).toFloatVector(), 0f);
        assertArrayEquals(new long[] {0, 3}, t.get("empty").shape());
        assertEquals(1f, t.get("s").getFloat(0), 0f);
    }

    @Test
    void headersThatLieAreRefusedNamingFileAndTensor() throws IOException {
        Object[][] cases = {
            // header, data bytes, tensor named (or "" for file-level), phrase
            {"{" + tensor("w", "F32", "[2]", 0, LONG_MAX) + "}", 8, "tensor 'w'", "not a range within the data region"},
            {"{" + tensor("w", "F32", "[2]", LONG_MAX - 3, LONG_MAX + 0) + "}", 8, "tensor 'w'", "not a range"},
            // the range has the right size, and dataStart + end overflowed past the old bounds check
            {"{" + tensor("w", "F32", "[2]", LONG_MAX - 8, LONG_MAX + 0) + "}", 8, "tensor 'w'", "not a range"},
            {"{" + tensor("w", "F32", "[2]", 8, 0) + "}", 8, "tensor 'w'", "not a range"},
            {"{" + tensor("w", "F32", "[2]", -8, 0) + "}", 8, "tensor 'w'", "not a range"},
            {"{" + tensor("w", "F32", "[-2,-1]", 0, 8) + "}", 8, "tensor 'w'", "negative dimension"},
            {"{" + tensor("w", "F32", "[4294967296,4294967296]", 0, 8) + "}", 8, "tensor 'w'", "overflows a 64-bit"},
            {"{" + tensor("w", "F64", "[2305843009213693952]", 0, 8) + "}", 8, "tensor 'w'", "overflows a 64-bit"},
            {"{" + tensor("w", "F32", "[3]", 0, 8) + "}", 8, "tensor 'w'", "hold 8 bytes but shape [3] of F32 needs 12"},
            {"{" + tensor("w", "F32", "[2]", 0, 8) + "," + tensor("v", "F32", "[2]", 4, 12) + "}", 12, "tensor 'v'",
                "overlaps tensor 'w'"},
            {"{" + tensor("w", "F32", "[2]", 0, 8) + "," + tensor("v", "F32", "[2]", 0, 8) + "}", 8, "tensor '",
                "overlaps tensor '"},
            {"{" + tensor("w", "F32", "[2]", 0, 8) + "," + tensor("v", "F32", "[1]", 12, 16) + "}", 16,
                "tensor 'v'", "bytes [8, 12) of the data region"},
            {"{" + tensor("w", "F32", "[2]", 0, 8) + "}", 12, "'w'", "the data region has 12 bytes but the tensors cover 8"},
            {"{" + tensor("w", "F32", "[2]", 4, 12) + "}", 12, "tensor 'w'", "bytes [0, 4) of the data region"},
            {"{" + tensor("w", "F32", "[2]", 0, 8) + "," + tensor("w", "F32", "[2]", 0, 8) + "}", 8, "",
                "Duplicate field 'w'"},
            {"{" + tensor("w", "F32", "[2.5]", 0, 8) + "}", 8, "tensor 'w'", "expected a 64-bit integer"},
            {"{" + tensor("w", "F32", "[\"2\"]", 0, 8) + "}", 8, "tensor 'w'", "expected a 64-bit integer"},
            {"{" + tensor("w", "F32", "[2]", 0, 8).replace("8]", "9223372036854775808]") + "}", 8, "tensor 'w'",
                "expected a 64-bit integer"},
            {"{" + tensor("w", "U8", "[8]", 0, 8) + "}", 8, "tensor 'w'", "unsupported dtype \"U8\""},
            {"{\"w\":[1,2]}", 8, "tensor 'w'", "not a JSON object"},
            {"[1,2]", 8, "", "header is not a JSON object"},
            {"{\"w\":", 8, "", "header is not valid JSON"},
        };
        int n = 0;
        for (Object[] c : cases) {
            Path f = file("case-" + n++, (String) c[0], (Integer) c[1]);
            assertRefused(f, (String) c[2], (String) c[3]);
        }
    }

    @Test
    void headerLengthsBeyondTheFileAreRefused() throws IOException {
        for (long len : new long[] {LONG_MAX, -1, 1L << 40, 200}) {
            ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN).putLong(len);
            Path f = tmp.resolve("len-" + Long.toHexString(len) + ".safetensors");
            Files.write(f, b.array());
            assertRefused(f, "", "bad safetensors header length " + len);
        }
    }

    @Test
    void shardsOfAnIndexMustBeFilesBesideItAndHoldEachTensorOnce() throws IOException {
        Path shard = file("model-00001-of-00002", "{" + tensor("w", "F32", "[2]", 0, 8) + "}", 8);
        Files.copy(shard, tmp.resolve("model-00002-of-00002.safetensors"));
        Path index = tmp.resolve("model.safetensors.index.json");
        Files.writeString(index, "{\"weight_map\":{\"w\":\"model-00001-of-00002.safetensors\","
                + "\"x\":\"model-00002-of-00002.safetensors\"}}");
        BadInputException e = assertThrows(BadInputException.class, () -> SafetensorsReader.readIndexed(index));
        assertTrue(e.getMessage().contains("tensor 'w' is in more than one shard"), e.getMessage());
        Files.writeString(index, "{\"weight_map\":{\"w\":\"../elsewhere/model.safetensors\"}}");
        e = assertThrows(BadInputException.class, () -> SafetensorsReader.readIndexed(index));
        assertTrue(e.getMessage().contains("is not a file name in the index's folder"), e.getMessage());
    }

    private static void assertRefused(Path f, String what, String phrase) {
        long before = ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
        BadInputException e = assertThrows(BadInputException.class, () -> SafetensorsReader.read(f),
                () -> f.getFileName() + " was accepted");
        long allocated = ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes() - before;
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString()) && m.contains(what) && m.contains(phrase),
                f.getFileName() + ": expected '" + what + "' and '" + phrase + "' in: " + m);
        assertTrue(allocated < 16L << 20, f.getFileName() + ": allocated " + allocated + " bytes");
    }
}
