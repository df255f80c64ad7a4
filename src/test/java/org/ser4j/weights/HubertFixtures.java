package org.ser4j.weights;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Access to the HF parity fixtures copied into src/test/resources/hubert (see the README there). */
public final class HubertFixtures {
    private HubertFixtures() {}

    public static Path dir(String name) {
        try {
            return Path.of(HubertFixtures.class.getResource("/hubert/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Raw little-endian float32 or int32 file as a float INDArray of the given shape. */
    public static INDArray raw(Path file, boolean int32, long... shape) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.remaining() / 4;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = int32 ? b.getInt() : b.getFloat();
        }
        return Nd4j.create(v, shape, 'c').castTo(DataType.FLOAT);
    }

    /** An expected output of a case, shaped per the case's shapes.json. */
    public static INDArray expected(String model, String kase, String output) throws IOException {
        Path caseDir = dir(model).resolve("expected").resolve(kase);
        JsonNode meta = new ObjectMapper().readTree(caseDir.resolve("shapes.json").toFile()).get(output);
        if (meta == null) {
            return null;
        }
        long[] shape = new long[meta.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = meta.get("shape").get(i).asLong();
        }
        return raw(caseDir.resolve(meta.get("file").asText()), "int32".equals(meta.get("dtype").asText()), shape);
    }

    public static INDArray singleInput(String model) throws IOException {
        return raw(dir(model).resolve("input_f32.bin"), false, 1, 16000);
    }

    public static INDArray batchInput(String model) throws IOException {
        return raw(dir(model).resolve("batch_input_f32.bin"), false, 2, 16000);
    }

    public static INDArray batchMask(String model) throws IOException {
        return raw(dir(model).resolve("batch_attention_mask_i32.bin"), true, 2, 16000);
    }

    public static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
