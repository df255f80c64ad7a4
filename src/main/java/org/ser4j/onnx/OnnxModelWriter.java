package org.ser4j.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ser4j.util.AtomicFiles;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * Writes a {@link ModelProto}, moving the weights to ONNX external data when their total size passes a threshold:
 * protobuf cannot serialise a message over 2 GiB, so large models keep only the graph in {@code model.onnx} and the
 * raw little-endian tensor bytes in {@code model.onnx.data} beside it. Each external initializer records
 * {@code location} (relative file name), {@code offset} and {@code length}; offsets are aligned to 4 KiB so that ONNX
 * Runtime can memory-map them. Small tensors (under 1 KiB) stay inline. Both files are written atomically.
 */
public final class OnnxModelWriter {
    static final int ALIGNMENT = 4096;
    static final int MIN_EXTERNAL_BYTES = 1024;

    /**
     * @param model             the written model file
     * @param externalData      the external data file, or null when every weight is inline
     * @param initializerBytes  total raw bytes of all initializers
     * @param nodes             node count of the graph
     */
    public record Result(Path model, Path externalData, long initializerBytes, int nodes) {}

    private OnnxModelWriter() {}

    public static Result write(ModelProto model, Path out, long externalThreshold) throws IOException {
        long total = 0;
        for (TensorProto tp : model.getGraph().getInitializerList()) {
            total += tp.getRawData().size();
        }
        int nodes = model.getGraph().getNodeCount();
        if (total <= externalThreshold) {
            AtomicFiles.write(out, model::writeTo);
            return new Result(out, null, total, nodes);
        }
        String dataName = out.getFileName() + ".data";
        Path dataFile = out.resolveSibling(dataName);
        GraphProto.Builder graph = model.getGraph().toBuilder();
        List<TensorProto> moved = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto tp = graph.getInitializer(i);
            long len = tp.getRawData().size();
            if (len < MIN_EXTERNAL_BYTES) {
                continue;
            }
            offset = align(offset);
            moved.add(tp);
            graph.setInitializer(i, tp.toBuilder().clearRawData()
                    .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", dataName))
                    .addExternalData(entry("offset", Long.toString(offset)))
                    .addExternalData(entry("length", Long.toString(len))));
            offset += len;
        }
        AtomicFiles.write(dataFile, os -> writeData(os, moved));
        ModelProto withExternal = model.toBuilder().setGraph(graph).build();
        AtomicFiles.write(out, withExternal::writeTo);
        return new Result(out, dataFile, total, nodes);
    }

    private static void writeData(OutputStream os, List<TensorProto> tensors) throws IOException {
        OutputStream out = new java.io.BufferedOutputStream(os, 1 << 20);
        long pos = 0;
        for (TensorProto tp : tensors) {
            long aligned = align(pos);
            for (; pos < aligned; pos++) {
                out.write(0);
            }
            tp.getRawData().writeTo(out);
            pos += tp.getRawData().size();
        }
        out.flush();
    }

    private static long align(long offset) {
        return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** Total size on disk of an exported model (model file plus external data). */
    public static long sizeOnDisk(Result r) throws IOException {
        return Files.size(r.model()) + (r.externalData() == null ? 0 : Files.size(r.externalData()));
    }
}
