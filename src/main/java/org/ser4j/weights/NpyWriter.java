package org.ser4j.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.AtomicFiles;

/**
 * Writes a float32 array as a NumPy {@code .npy} file (format 1.0: magic, header dict with {@code '<f4'}, C order,
 * shape, space-padded to a 64-byte boundary, then little-endian data), atomically.
 */
public final class NpyWriter {
    private NpyWriter() {}

    public static void writeFloat32(Path file, INDArray array) throws IOException {
        long[] shape = array.shape();
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
        }
        s.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + s + ", }";
        int preamble = 10; // magic (6) + version (2) + header length (2)
        int total = (preamble + dict.length() + 1 + 63) / 64 * 64;
        String header = dict + " ".repeat(total - preamble - dict.length() - 1) + "\n";
        float[] v = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer buf = ByteBuffer.allocate(total + v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        buf.asFloatBuffer().put(v);
        AtomicFiles.writeBytes(file, buf.array());
    }
}
