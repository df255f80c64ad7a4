package org.ser4j.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.AtomicFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes float32 tensors as safetensors, split into shards of at most {@code maxShardBytes} (default just under
 * 1 GiB, docs/contracts.md §5). One shard is {@code <base>.safetensors}; several are {@code <base>-00001-of-0000N.safetensors}
 * plus {@code <base>.safetensors.index.json} ({@code metadata.total_size}, {@code weight_map}) as Hugging Face writes
 * them, so transformers and the safetensors Python package read the result. Each file is written atomically.
 */
public final class SafetensorsWriter {
    /** Shards stay below 1 GiB. */
    public static final long DEFAULT_MAX_SHARD_BYTES = 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    /** Writes the tensors (insertion order kept within shards); returns the files written, index last. */
    public static List<Path> write(Path dir, String base, Map<String, INDArray> tensors, long maxShardBytes)
            throws IOException {
        List<Map<String, INDArray>> shards = new ArrayList<>();
        Map<String, INDArray> current = new LinkedHashMap<>();
        long currentBytes = 0;
        long total = 0;
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            long bytes = e.getValue().length() * 4L;
            if (bytes > maxShardBytes) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " (" + bytes + " bytes) exceeds the shard size");
            }
            if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
                shards.add(current);
                current = new LinkedHashMap<>();
                currentBytes = 0;
            }
            current.put(e.getKey(), e.getValue());
            currentBytes += bytes;
            total += bytes;
        }
        shards.add(current);
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        if (shards.size() == 1) {
            Path p = dir.resolve(base + ".safetensors");
            writeShard(p, shards.get(0));
            written.add(p);
            Files.deleteIfExists(dir.resolve(base + ".safetensors.index.json"));
            return written;
        }
        Map<String, String> weightMap = new TreeMap<>();
        for (int i = 0; i < shards.size(); i++) {
            String name = String.format("%s-%05d-of-%05d.safetensors", base, i + 1, shards.size());
            Path p = dir.resolve(name);
            writeShard(p, shards.get(i));
            shards.get(i).keySet().forEach(k -> weightMap.put(k, name));
            written.add(p);
        }
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode wm = index.putObject("weight_map");
        weightMap.forEach(wm::put);
        Path indexFile = dir.resolve(base + ".safetensors.index.json");
        AtomicFiles.writeString(indexFile, JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(index) + "\n");
        Files.deleteIfExists(dir.resolve(base + ".safetensors"));
        written.add(indexFile);
        return written;
    }

    /** One safetensors file with every tensor as F32. */
    public static void writeShard(Path file, Map<String, INDArray> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long bytes = e.getValue().length() * 4L;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // data starts 8-byte aligned, padded with spaces as the spec allows
        byte[] headerBytes = new byte[padded];
        java.util.Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(headerBytes);
            for (INDArray t : tensors.values()) {
                writeFloats(out, t);
            }
        });
    }

    private static void writeFloats(OutputStream out, INDArray t) throws IOException {
        float[] v = t.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            if (!b.hasRemaining()) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
            b.putFloat(f);
        }
        out.write(b.array(), 0, b.position());
    }
}
