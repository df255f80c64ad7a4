package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.config.Selection;
import org.ser4j.nn.heads.PooledStandardization;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.util.BadInputException;

/**
 * model.pooled_statistics: batch, end to end: the trainer standardises each step with its batch and moves the
 * running statistics, evaluation uses the running ones, and the exported model (same fe_norm tensors) gives the
 * trainer's evaluation logits through the public inference API.
 */
class PooledBatchStatisticsTrainingTest {
    @Test
    void trainsWithBatchStatisticsAndExportsTheRunningOnes(@TempDir Path dir) throws Exception {
        HubertConfig cfg = HubertConfig.tinyLarge();
        SyntheticExamples data = new SyntheticExamples(2, 2, 3);
        HubertEncoderFactory ef = new HubertEncoderFactory(cfg, null, 4).withConvFeatureInput().withRegularization(false);
        ModelSpec spec = new ModelSpec(MultitaskModelTest.EMO, MultitaskModelTest.DOM, 16, false, -1, 9, true, true);
        MultitaskModel m = MultitaskModel.build(ef, spec);
        Map<String, INDArray> cnn = m.featureEncoderWeights();
        ConvFeatureCache.forgetLoaded();
        ConvFeatureCache cache = ConvFeatureCache.of(cfg, cnn, data.examples, data.source(), true, "k", null);
        FoldData fold = data.fold(1);
        TrainSettings s = new TrainSettings("train", 4, 4, 1, 1e-3, 1e-2, 0.0, 0.01, 1.0, 2, 4, Selection.TEST,
                org.ser4j.config.GrlConfig.defaults(), 8000, 0, 8, Set.copyOf(m.encoder().featureEncoderVariables()),
                null, 1, true);
        new FoldTrainer(m, fold, cache, s, dir.resolve("fold"), new ModelDirectoryExporter(ef, spec, true, null), null)
                .run();

        assertEquals(0.0, m.sameDiff().getVariable(PooledStandardization.BATCH_WEIGHT).getArr().getDouble(0), 0.0,
                "outside a training step the heads read running statistics");
        // the statistics measured before step 1 (as with fixed statistics) were then moved by 4 momentum updates
        float[][] initial = ConvFeatureCacheTest.statsOfInitialModel(data, fold, cache, s);
        float[] mean = m.sameDiff().getVariable(PooledStandardization.MEAN).getArr().toFloatVector();
        double moved = 0;
        for (int j = 0; j < mean.length; j++) {
            moved = Math.max(moved, Math.abs(mean[j] - initial[0][j]));
        }
        assertTrue(moved > 1e-6, "running mean updated, max change " + moved);

        ConvFeatureCacheTest.assertExportedModelGivesTrainerLogits(dir.resolve("model"), ef, spec, m, cache, fold, data);
    }

    @Test
    void batchStatisticsNeedTwoUtterancesPerBatch(@TempDir Path dir) {
        SyntheticExamples data = new SyntheticExamples(2, 2, 3);
        ModelSpec spec = new ModelSpec(MultitaskModelTest.EMO, MultitaskModelTest.DOM, 6, false, 1, 9, true, true);
        MultitaskModel m = MultitaskModel.build(new TinyTestEncoder(8, 11, 0.1), spec);
        TrainSettings s = new TrainSettings("train", 2, 1, 1, 1e-3, 1e-2, 0.0, 0.01, 1.0, 2, 0, Selection.TEST,
                org.ser4j.config.GrlConfig.defaults(), 8000, 0, 8, Set.of(), null, 1, true);
        BadInputException e = assertThrows(BadInputException.class,
                () -> new FoldTrainer(m, data.fold(1), data.source(), s, dir, null, null).run());
        assertTrue(e.getMessage().contains("train.batch_size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(MultitaskModelTest.EMO,
                MultitaskModelTest.DOM, 6, false, 1, 9, false, true));
    }
}
