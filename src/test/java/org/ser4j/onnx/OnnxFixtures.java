package org.ser4j.onnx;

import java.io.IOException;
import java.nio.file.Path;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import org.ser4j.weights.HubertFixtures;

/** The HF parity fixtures, read through {@link HubertFixtures}, plus the comparisons the ONNX tests need. */
final class OnnxFixtures {
    private OnnxFixtures() {}

    static Path dir(String model) {
        return HubertFixtures.dir(model);
    }

    static INDArray expected(String model, String kase, String output) throws IOException {
        return HubertFixtures.expected(model, kase, output);
    }

    static INDArray singleInput(String model) throws IOException {
        return HubertFixtures.singleInput(model);
    }

    static INDArray batchInput(String model) throws IOException {
        return HubertFixtures.batchInput(model);
    }

    static INDArray batchMask(String model) throws IOException {
        return HubertFixtures.batchMask(model);
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
