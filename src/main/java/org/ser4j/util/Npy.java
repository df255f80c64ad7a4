package org.ser4j.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Little-endian float32 {@code .npy} files (NumPy format 1.0 written, 1.0/2.0 read, C order): the embedding matrices
 * of a run folder and the hidden states of {@code ser4j embed}. Only what ser4j writes and reads: {@code '<f4'}, not
 * Fortran order; any shape is written, a 2-D (rows, cols) one is read.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,?\\s*\\)");

    private Npy() {}

    /** A row-major float matrix. */
    public record Matrix(int rows, int cols, float[] data) {
        public float get(int r, int c) {
            return data[r * cols + c];
        }
    }

    public static Matrix read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (b.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(b, 6), MAGIC)) {
            throw new BadInputException(file + ": not a .npy file (magic \\x93NUMPY expected)");
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int major = b[6];
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(bb.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = bb.getInt(8);
            start = 12;
        } else {
            throw new BadInputException(file + ": unsupported .npy version " + major);
        }
        String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
        if (!header.contains("'descr': '<f4'")) {
            throw new BadInputException(file + ": expected float32 little-endian ('<f4'), header " + header.trim());
        }
        if (header.contains("'fortran_order': True")) {
            throw new BadInputException(file + ": Fortran order is not supported");
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new BadInputException(file + ": expected a 2-D shape (rows, cols), header " + header.trim());
        }
        int rows = Integer.parseInt(m.group(1));
        int cols = Integer.parseInt(m.group(2));
        int dataStart = start + headerLen;
        long need = (long) rows * cols * 4;
        if (b.length - dataStart != need) {
            throw new BadInputException(file + ": shape (" + rows + ", " + cols + ") needs " + need + " data bytes, found "
                    + (b.length - dataStart));
        }
        float[] data = new float[rows * cols];
        bb.position(dataStart);
        bb.asFloatBuffer().get(data);
        return new Matrix(rows, cols, data);
    }

    public static void write(Path file, Matrix m) throws IOException {
        write(file, new long[] {m.rows(), m.cols()}, m.data());
    }

    /** Writes rows of equal length as a (rows, cols) matrix; no rows give shape (0, 0). */
    public static void write(Path file, float[][] rows) throws IOException {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        write(file, new long[] {rows.length, cols}, data);
    }

    /** Writes {@code data} (C order) with the given shape; the header is space-padded to a 64-byte boundary. */
    public static void write(Path file, long[] shape, float[] data) throws IOException {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        dims.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        bb.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float v : data) {
            bb.putFloat(v);
        }
        AtomicFiles.writeBytes(file, bb.array());
    }

    /** The rows of a 2-D file. */
    public static float[][] readRows(Path file) {
        Matrix m = read(file);
        float[][] out = new float[m.rows()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(m.data(), i * m.cols(), (i + 1) * m.cols());
        }
        return out;
    }
}
