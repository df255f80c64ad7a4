package org.ser4j.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.util.BadInputException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads safetensors files: an 8-byte little-endian header length, a JSON header {@code name -> {dtype, shape,
 * data_offsets}}, then the raw little-endian data. F32, F16, BF16, F64, I64 and I32 tensors become float32 arrays.
 * Sharded checkpoints are read through their {@code *.safetensors.index.json} ({@code weight_map: name -> shard
 * file}).
 *
 * <p>The whole header is checked before any data is read, as the format's reference implementation does: a header
 * length within the file, no duplicate names, known dtypes, non-negative shapes whose byte size (computed without
 * overflow) equals the tensor's range, and ranges that lie in the data region, do not overlap and cover it exactly.
 * A hostile file therefore fails with the file and tensor named, and memory stays within the file's size.
 */
public final class SafetensorsReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** Headers beyond this size are corrupt (HF caps them at 100 MB). */
    private static final long MAX_HEADER = 100L << 20;

    /** One checked header entry: {@code [begin, end)} is relative to the start of the data region. */
    private record Entry(String name, String dtype, long[] shape, int count, long begin, long end) {}

    private SafetensorsReader() {}

    /** All tensors of one .safetensors file, in header order (float32). */
    public static Map<String, INDArray> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new BadInputException(file + ": too short for a safetensors file (" + size + " bytes)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw new BadInputException(file + ": bad safetensors header length " + headerLen + " (file of "
                        + size + " bytes, headers up to " + MAX_HEADER + ")");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw new BadInputException(file + ": safetensors header is not valid JSON ("
                        + e.getOriginalMessage() + ")", e);
            }
            if (header == null || !header.isObject()) {
                throw new BadInputException(file + ": safetensors header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            List<Entry> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("__metadata__")) {
                    entries.add(checkedEntry(file, e.getKey(), e.getValue(), size - dataStart));
                }
            }
            checkRangesCoverData(file, entries, size - dataStart);
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (Entry e : entries) {
                out.put(e.name(), readTensor(ch, file, e, dataStart));
            }
            return out;
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read safetensors file (" + e.getMessage() + ")", e);
        }
    }

    /** A sharded checkpoint: every shard named in the index's weight_map, merged. */
    public static Map<String, INDArray> readIndexed(Path indexJson) {
        JsonNode index;
        try {
            index = JSON.readTree(indexJson.toFile());
        } catch (IOException e) {
            throw new BadInputException(indexJson + ": not a valid safetensors index json (" + e.getMessage() + ")", e);
        }
        JsonNode map = index == null ? null : index.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new BadInputException(indexJson + ": missing object \"weight_map\"");
        }
        TreeSet<String> shards = new TreeSet<>();
        map.forEach(n -> shards.add(n.asText()));
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String shard : shards) {
            // shards live beside the index; a path elsewhere would read a file the model does not own
            if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals("..")) {
                throw new BadInputException(indexJson + ": shard \"" + shard + "\" in weight_map is not a file name"
                        + " in the index's folder");
            }
            Path p = indexJson.resolveSibling(shard);
            if (!Files.isRegularFile(p)) {
                throw new BadInputException(indexJson + ": shard " + shard + " listed in weight_map does not exist");
            }
            for (Map.Entry<String, INDArray> t : read(p).entrySet()) {
                if (out.put(t.getKey(), t.getValue()) != null) {
                    throw new BadInputException(indexJson + ": tensor '" + t.getKey() + "' is in more than one shard"
                            + " (again in " + shard + ")");
                }
            }
        }
        for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!out.containsKey(key)) {
                throw new BadInputException(indexJson + ": tensor " + key + " is not in shard " + map.get(key).asText());
            }
        }
        return out;
    }

    /** One header entry, checked on its own: dtype, shape, byte size and range within the data region. */
    private static Entry checkedEntry(Path file, String name, JsonNode meta, long dataBytes) {
        String where = file + ": tensor '" + name + "'";
        if (!meta.isObject()) {
            throw new BadInputException(where + ": header entry is not a JSON object");
        }
        String dtype = meta.path("dtype").asText("");
        if (!TensorDecoder.decodes(dtype)) {
            throw new BadInputException(where + ": unsupported dtype \"" + dtype
                    + "\" (expected F32, F16, BF16, F64, I64 or I32)");
        }
        JsonNode shapeNode = meta.get("shape");
        JsonNode offsets = meta.get("data_offsets");
        if (shapeNode == null || !shapeNode.isArray() || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw new BadInputException(where + ": header entry needs a \"shape\" array and two \"data_offsets\"");
        }
        if (shapeNode.size() > TorchTensorView.MAX_RANK) {
            throw new BadInputException(where + ": rank " + shapeNode.size() + " exceeds " + TorchTensorView.MAX_RANK);
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        long bytes;
        try {
            for (int i = 0; i < shape.length; i++) {
                shape[i] = integer(shapeNode.get(i), where, "shape[" + i + "]");
                if (shape[i] < 0) {
                    throw new BadInputException(where + ": negative dimension in shape " + shapeNode);
                }
                count = Math.multiplyExact(count, shape[i]);
            }
            bytes = Math.multiplyExact(count, (long) TensorDecoder.elementSize(dtype));
        } catch (ArithmeticException e) {
            throw new BadInputException(where + ": shape " + shapeNode + " of " + dtype + " overflows a 64-bit size", e);
        }
        if (count > TorchTensorView.MAX_ELEMENTS) {
            throw new BadInputException(where + ": shape " + shapeNode + " has " + count
                    + " elements, more than one tensor may hold (" + TorchTensorView.MAX_ELEMENTS + ")");
        }
        long begin = integer(offsets.get(0), where, "data_offsets[0]");
        long end = integer(offsets.get(1), where, "data_offsets[1]");
        if (begin < 0 || end < begin || end > dataBytes) {
            throw new BadInputException(where + ": data_offsets [" + begin + ", " + end + "] are not a range within the"
                    + " data region of " + dataBytes + " bytes");
        }
        if (end - begin != bytes) {
            throw new BadInputException(where + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes);
        }
        return new Entry(name, dtype, shape, (int) count, begin, end);
    }

    private static long integer(JsonNode n, String where, String what) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new BadInputException(where + ": " + what + " is " + n + ", expected a 64-bit integer");
        }
        return n.longValue();
    }

    /** The ranges, in file order, must tile the data region: no overlap, no gap, no trailing bytes. */
    private static void checkRangesCoverData(Path file, List<Entry> entries, long dataBytes) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin() < covered) {
                throw new BadInputException(file + ": tensor '" + e.name() + "' [" + e.begin() + ", " + e.end()
                        + "] overlaps tensor '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > covered) {
                throw new BadInputException(file + ": bytes [" + covered + ", " + e.begin() + ") of the data region"
                        + " before tensor '" + e.name() + "' belong to no tensor");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != dataBytes) {
            throw new BadInputException(file + ": the data region has " + dataBytes + " bytes but the tensors cover "
                    + covered + (previous == null ? "" : " (the last is '" + previous.name() + "')"));
        }
    }

    private static INDArray readTensor(FileChannel ch, Path file, Entry e, long dataStart) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(Math.toIntExact(e.end() - e.begin()));
        readFully(ch, raw, dataStart + e.begin());
        raw.flip();
        float[] values = TensorDecoder.decode(raw, e.dtype(), e.count(), file + ": tensor '" + e.name() + "'");
        if (e.count() == 0) {
            return Nd4j.create(DataType.FLOAT, e.shape());
        }
        return e.shape().length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, e.shape(), 'c');
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }
}
