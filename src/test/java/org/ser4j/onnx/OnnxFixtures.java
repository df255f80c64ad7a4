package org.ser4j.onnx;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The HF parity fixtures in src/test/resources/hubert (README there), read for the ONNX tests. */
final class OnnxFixtures {
    private OnnxFixtures() {}

    static Path dir(String model) {
        try {
            return Path.of(OnnxFixtures.class.getResource("/hubert/" + model).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static INDArray raw(Path file, boolean int32, long... shape) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = int32 ? b.getInt() : b.getFloat();
        }
        return Nd4j.create(v, shape, 'c');
    }

    static INDArray expected(String model, String kase, String output) throws IOException {
        Path caseDir = dir(model).resolve("expected").resolve(kase);
        JsonNode meta = new ObjectMapper().readTree(caseDir.resolve("shapes.json").toFile()).get(output);
        long[] shape = new long[meta.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = meta.get("shape").get(i).asLong();
        }
        return raw(caseDir.resolve(meta.get("file").asText()), "int32".equals(meta.get("dtype").asText()), shape);
    }

    static INDArray singleInput(String model) throws IOException {
        return raw(dir(model).resolve("input_f32.bin"), false, 1, 16000);
    }

    static INDArray batchInput(String model) throws IOException {
        return raw(dir(model).resolve("batch_input_f32.bin"), false, 2, 16000);
    }

    static INDArray batchMask(String model) throws IOException {
        return raw(dir(model).resolve("batch_attention_mask_i32.bin"), true, 2, 16000);
    }

    /** max |a - b| over the valid frames of [B, T, ...] arrays ({@code validFrames[b]} frames of row b). */
    static double maxAbsDiffValid(INDArray a, INDArray b, int[] validFrames) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new AssertionError("shape " + java.util.Arrays.toString(a.shape()) + " != "
                    + java.util.Arrays.toString(b.shape()));
        }
        double max = 0;
        for (int r = 0; r < validFrames.length; r++) {
            INDArray x = a.get(NDArrayIndex.point(r), NDArrayIndex.interval(0, validFrames[r]));
            INDArray y = b.get(NDArrayIndex.point(r), NDArrayIndex.interval(0, validFrames[r]));
            max = Math.max(max, x.castTo(DataType.DOUBLE).sub(y.castTo(DataType.DOUBLE)).amaxNumber().doubleValue());
        }
        return max;
    }

    static double maxAbsDiff(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new AssertionError("shape " + java.util.Arrays.toString(a.shape()) + " != "
                    + java.util.Arrays.toString(b.shape()));
        }
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
