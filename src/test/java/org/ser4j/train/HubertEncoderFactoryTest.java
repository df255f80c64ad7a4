package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;

class HubertEncoderFactoryTest {
    /** The TRAINING graph fed with the "all off" evaluation masks equals the INFERENCE graph. */
    @Test
    void evalMasksSwitchEveryStochasticPartOff() {
        HubertConfig cfg = HubertConfig.tinyLarge();
        SameDiff train = SameDiff.create();
        SpeechEncoder enc = new HubertEncoderFactory(cfg, null, 3).build(train, true);
        SameDiff infer = SameDiff.create();
        HubertGraph ref = HubertGraph.build(infer, cfg, HubertGraph.Mode.INFERENCE, 3);

        Random r = new Random(1);
        float[][] x = new float[2][6400];
        float[][] m = new float[2][6400];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 6400; i++) {
                x[b][i] = b == 1 && i >= 4800 ? 0f : (float) r.nextGaussian();
                m[b][i] = b == 1 && i >= 4800 ? 0f : 1f;
            }
        }
        Map<String, INDArray> ph = new HashMap<>(HubertGraph.inputs(Nd4j.createFromArray(x), Nd4j.createFromArray(m)));
        INDArray expected = infer.output(ph, ref.lastHiddenState().name()).get(ref.lastHiddenState().name());
        Map<String, INDArray> evalPh = new HashMap<>(ph);
        Map<String, INDArray> masks = enc.evalMasks(2, 6400, new int[] {6400, 4800});
        assertFalse(masks.isEmpty(), "tiny-large has dropout and SpecAugment placeholders in TRAINING mode");
        evalPh.putAll(masks);
        INDArray got = train.output(evalPh, enc.lastHiddenState().name()).get(enc.lastHiddenState().name());
        assertEquals(0.0, got.sub(expected).amaxNumber().doubleValue(), 1e-5);

        Map<String, INDArray> trainPh = new HashMap<>(ph);
        trainPh.putAll(enc.trainingMasks(2, 6400, new int[] {6400, 4800}, new Random(5)));
        INDArray noisy = train.output(trainPh, enc.lastHiddenState().name()).get(enc.lastHiddenState().name());
        assertTrue(noisy.sub(expected).amaxNumber().doubleValue() > 1e-3, "training masks must change the output");
        assertTrue(enc.featureEncoderVariables().stream().allMatch(n -> n.startsWith("feature_extractor.")));
    }

    @Test
    void layerDropIsRemovedForLayerWeights() {
        assertEquals(0.0, HubertEncoderFactory.withoutLayerDrop(HubertConfig.tinyLarge()).layerdrop());
        assertEquals(HubertConfig.tinyLarge().hiddenSize(),
                HubertEncoderFactory.withoutLayerDrop(HubertConfig.tinyLarge()).hiddenSize());
    }
}
