package org.ser4j.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.util.BadInputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads safetensors files: an 8-byte little-endian header length, a JSON header {@code name -> {dtype, shape,
 * data_offsets}}, then the raw little-endian data. F32, F16, BF16 and F64 tensors become float32 arrays. Sharded
 * checkpoints are read through their {@code *.safetensors.index.json} ({@code weight_map: name -> shard file}).
 */
public final class SafetensorsReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers beyond this size are corrupt (HF caps them at 100 MB). */
    private static final long MAX_HEADER = 100L << 20;

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
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw new BadInputException(file + ": bad safetensors header length " + headerLen);
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            JsonNode header = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLen;
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                out.put(e.getKey(), readTensor(ch, file, e.getKey(), e.getValue(), dataStart, size));
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
        JsonNode map = index.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new BadInputException(indexJson + ": missing object \"weight_map\"");
        }
        TreeSet<String> shards = new TreeSet<>();
        map.forEach(n -> shards.add(n.asText()));
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String shard : shards) {
            Path p = indexJson.resolveSibling(shard);
            if (!Files.isRegularFile(p)) {
                throw new BadInputException(indexJson + ": shard " + shard + " listed in weight_map does not exist");
            }
            out.putAll(read(p));
        }
        for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!out.containsKey(key)) {
                throw new BadInputException(indexJson + ": tensor " + key + " is not in shard " + map.get(key).asText());
            }
        }
        return out;
    }

    private static INDArray readTensor(FileChannel ch, Path file, String name, JsonNode meta, long dataStart, long size)
            throws IOException {
        String where = file + ": tensor " + name;
        String dtype = meta.path("dtype").asText("");
        int elem = TensorDecoder.elementSize(dtype);
        if (elem < 0) {
            throw new BadInputException(where + ": unsupported dtype \"" + dtype + "\"");
        }
        JsonNode shapeNode = meta.get("shape");
        JsonNode offsets = meta.get("data_offsets");
        if (shapeNode == null || offsets == null || offsets.size() != 2) {
            throw new BadInputException(where + ": header entry needs \"shape\" and two \"data_offsets\"");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            count *= shape[i];
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (end - begin != count * elem || dataStart + end > size || begin < 0) {
            throw new BadInputException(where + ": data_offsets [" + begin + ", " + end + "] do not match shape "
                    + java.util.Arrays.toString(shape) + " x " + elem + " bytes within a file of " + size + " bytes");
        }
        ByteBuffer raw = ByteBuffer.allocate(Math.toIntExact(end - begin));
        readFully(ch, raw, dataStart + begin);
        raw.flip();
        float[] values = TensorDecoder.decode(raw, dtype, (int) count, where);
        return shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c');
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
