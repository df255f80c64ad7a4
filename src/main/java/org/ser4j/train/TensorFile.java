package org.ser4j.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;

/**
 * Float32 tensors in the safetensors layout (8-byte little-endian header length, JSON header with dtype/shape/
 * data_offsets, then the raw little-endian data), for the trainer's own checkpoint files (weights and
 * {@code optimizer.safetensors}). Kept minimal and private to training: general model I/O belongs to the weights
 * package; this only has to round-trip what the trainer wrote, bit for bit.
 */
final class TensorFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TensorFile() {}

    static void write(Path file, Map<String, INDArray> tensors, Map<String, String> metadata) throws IOException {
        Map<String, INDArray> sorted = new TreeMap<>(tensors);
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, INDArray> e : sorted.entrySet()) {
            INDArray a = e.getValue();
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : a.shape()) {
                shape.add(d);
            }
            long bytes = a.length() * 4L;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] h = JSON.writeValueAsBytes(header);
        int padded = (h.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(h, 0, headerBytes, 0, h.length);
        for (int i = h.length; i < padded; i++) {
            headerBytes[i] = ' ';
        }
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(headerBytes);
            for (INDArray a : sorted.values()) {
                writeFloats(out, a);
            }
        });
    }

    private static void writeFloats(OutputStream out, INDArray a) throws IOException {
        float[] v = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        out.write(b.array());
    }

    static Map<String, INDArray> read(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            long n = bb.getLong(0);
            if (n < 2 || n > all.length - 8) {
                throw new BadInputException(file + ": not a safetensors file (header length " + n + ")");
            }
            JsonNode header = JSON.readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8));
            Map<String, INDArray> out = new LinkedHashMap<>();
            int base = 8 + (int) n;
            for (var it = header.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode t = e.getValue();
                if (!"F32".equals(t.path("dtype").asText())) {
                    throw new BadInputException(file + ": tensor " + e.getKey() + " has dtype "
                            + t.path("dtype").asText() + ", this reader takes F32 only");
                }
                long[] shape = new long[t.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = t.get("shape").get(i).asLong();
                }
                long begin = t.get("data_offsets").get(0).asLong();
                long end = t.get("data_offsets").get(1).asLong();
                long count = 1;
                for (long d : shape) {
                    count *= d;
                }
                if (begin < 0 || end < begin || base + end > all.length || end - begin != 4 * count) {
                    // a file cut short (killed writer, full disk, partial copy) must not pass as a smaller tensor
                    throw new BadInputException(file + ": tensor " + e.getKey() + " needs bytes " + begin + ".." + end
                            + " of the data section for shape " + java.util.Arrays.toString(shape) + ", but the file"
                            + " holds " + (all.length - base) + " data bytes (truncated or damaged)");
                }
                float[] v = new float[(int) ((end - begin) / 4)];
                ByteBuffer.wrap(all, base + (int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer().get(v);
                INDArray a = Nd4j.createFromArray(v);
                out.put(e.getKey(), shape.length == 0 ? Nd4j.scalar(DataType.FLOAT, v[0]) : a.reshape('c', shape));
            }
            return out;
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read tensors (" + e.getMessage() + ")", e);
        }
    }
}
