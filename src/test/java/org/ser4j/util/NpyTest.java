package org.ser4j.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.weights.NpyReader;

class NpyTest {
    @Test
    void matrixRoundTripsThroughBothReaders(@TempDir Path dir) throws Exception {
        float[][] x = {{1f, 2f, -0f}, {-3.5f, 4.25f, 1e-7f}};
        Path f = dir.resolve("m.npy");
        Npy.write(f, x);
        Npy.Matrix m = Npy.read(f);
        assertEquals(2, m.rows());
        assertEquals(3, m.cols());
        assertEquals(4.25f, m.get(1, 1));
        float[][] back = Npy.readRows(f);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(x[i], back[i]);
        }
        INDArray other = NpyReader.read(f);
        assertArrayEquals(new long[] {2, 3}, other.shape());
        assertEquals(1e-7f, other.getFloat(1, 2));
    }

    @Test
    void headerIsPaddedToSixtyFourBytesForEveryRank(@TempDir Path dir) throws Exception {
        long[][] shapes = {{5}, {2, 3}, {1, 2, 2}, {0, 0}};
        for (long[] shape : shapes) {
            int n = 1;
            for (long s : shape) {
                n *= (int) s;
            }
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = i * 0.5f - 1;
            }
            Path f = dir.resolve("a" + shape.length + ".npy");
            Npy.write(f, shape, data);
            byte[] b = Files.readAllBytes(f);
            int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
            assertEquals(0, (10 + headerLen) % 64);
            assertEquals(10 + headerLen + 4 * n, b.length);
            String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
            assertEquals('\n', header.charAt(header.length() - 1));
            if (n > 0) {
                INDArray back = NpyReader.read(f);
                assertArrayEquals(shape, back.shape());
                assertArrayEquals(data, back.data().asFloat());
            }
        }
        String oneD = new String(Files.readAllBytes(dir.resolve("a1.npy")), 10, 128 - 10, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", oneD.substring(0, oneD.indexOf('}') + 1));
        assertEquals("", oneD.substring(oneD.indexOf('}') + 1).trim());
    }

    @Test
    void refusesOtherDtypes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("d.npy");
        Npy.write(f, new float[][] {{1f}});
        byte[] b = Files.readAllBytes(f);
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("'<f4'", "'<f8'");
        Files.write(f, s.getBytes(StandardCharsets.ISO_8859_1));
        assertThrows(BadInputException.class, () -> Npy.read(f));
    }
}
