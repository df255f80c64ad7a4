package org.ser4j.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Minimal .npy (float32, C order) reader for tests, independent of {@link org.ser4j.util.Npy}'s code. */
public final class NpyReader {
    private NpyReader() {}

    public static INDArray read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException("not npy");
        }
        b.get();
        b.get();
        int hlen = b.getShort() & 0xffff;
        byte[] h = new byte[hlen];
        b.get(h);
        String header = new String(h, StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
            throw new IOException("unexpected header " + header);
        }
        Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
        if (!m.find()) {
            throw new IOException("no shape in " + header);
        }
        String[] parts = m.group(1).split(",");
        long[] shape = java.util.Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return Nd4j.create(v, shape, 'c');
    }
}
