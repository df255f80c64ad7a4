package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.util.AtomicFiles;

/**
 * Test stand-in for the HuBERT graph (tests only): a strided conv "feature encoder" (frames of 160 samples), a
 * dropout mask fed as a placeholder, and one 1x1-conv layer. Two hidden states. Frame mask = frames whose 160
 * samples are all valid.
 */
final class TinyTestEncoder implements EncoderFactory {
    static final int FRAME = 160;
    final int hidden;
    final long seed;
    final double dropout;

    TinyTestEncoder(int hidden, long seed, double dropout) {
        this.hidden = hidden;
        this.seed = seed;
        this.dropout = dropout;
    }

    @Override
    public SpeechEncoder build(SameDiff sd, boolean layerDrop) {
        Random r = new Random(seed);
        SDVariable x = sd.placeHolder("input_values", DataType.FLOAT, -1, -1);
        SDVariable m = sd.placeHolder("attention_mask", DataType.FLOAT, -1, -1);
        SDVariable drop = sd.placeHolder("dropout_mask", DataType.FLOAT, -1, hidden, -1);
        SDVariable w0 = sd.var("fe.conv.weight", rand(r, 0.1, FRAME, 1, hidden));
        SDVariable w1 = sd.var("enc.layer.weight", rand(r, 0.5, 1, hidden, hidden));
        SDVariable b1 = sd.var("enc.layer.bias", Nd4j.zeros(DataType.FLOAT, hidden));
        Conv1DConfig frames = Conv1DConfig.builder().k(FRAME).s(FRAME).p(0).dataFormat("NCW")
                .paddingMode(PaddingMode.VALID).build();
        Conv1DConfig pointwise = Conv1DConfig.builder().k(1).s(1).p(0).dataFormat("NCW")
                .paddingMode(PaddingMode.VALID).build();
        // ReLU, not tanh: an odd function of a sinusoid averages to ~0 over a frame-pooled utterance
        SDVariable h0 = sd.nn.relu(sd.cnn.conv1d(sd.expandDims(x, 1), w0, frames), 0.0).mul(drop);
        SDVariable h1 = sd.math.tanh(sd.cnn.conv1d(h0, w1, pointwise).add(sd.reshape(b1, 1, hidden, 1)));
        SDVariable ones = sd.constant("frame_kernel", Nd4j.ones(DataType.FLOAT, FRAME, 1, 1).divi(FRAME));
        SDVariable fm = sd.squeeze(sd.cnn.conv1d(sd.expandDims(m, 1), ones, frames), 1).gte(0.999)
                .castTo(DataType.FLOAT);
        List<SDVariable> states = List.of(h0.permute(0, 2, 1), h1.permute(0, 2, 1));
        int h = hidden;
        double p = dropout;
        return new SpeechEncoder() {
            public String inputName() { return "input_values"; }
            public String maskName() { return "attention_mask"; }
            public List<SDVariable> hiddenStates() { return states; }
            public SDVariable lastHiddenState() { return states.get(1); }
            public SDVariable frameMask() { return fm; }
            public int hiddenSize() { return h; }
            public Set<String> featureEncoderVariables() { return Set.of("fe.conv.weight"); }
            public Set<String> encoderVariables() {
                return new LinkedHashSet<>(List.of("fe.conv.weight", "enc.layer.weight", "enc.layer.bias"));
            }
            public Map<String, INDArray> trainingMasks(int batch, int samples, int[] lengths, Random rng) {
                int t = samples / FRAME;
                float[] v = new float[batch * h * t];
                for (int i = 0; i < v.length; i++) {
                    v[i] = rng.nextDouble() < p ? 0f : (float) (1.0 / (1.0 - p));
                }
                return Map.of("dropout_mask", Nd4j.createFromArray(v).reshape(batch, h, t));
            }
            public Map<String, INDArray> evalMasks(int batch, int samples, int[] lengths) {
                return Map.of("dropout_mask", Nd4j.ones(DataType.FLOAT, batch, h, samples / FRAME));
            }
        };
    }

    static INDArray rand(Random r, double scale, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }

    @Override
    public void loadPretrained(SameDiff sd) {
    }

    @Override
    public void writeConfig(Path modelDir) throws IOException {
        AtomicFiles.writeString(modelDir.resolve("config.json"), "{\"model_type\": \"tiny-test\", \"hidden_size\": "
                + hidden + "}\n");
    }

    @Override
    public String describe() {
        return "tiny-test(" + hidden + ")";
    }
}
