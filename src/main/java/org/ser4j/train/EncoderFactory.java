package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Path;

import org.nd4j.autodiff.samediff.SameDiff;

/** Builds a {@link SpeechEncoder} into a graph and describes it for the exported model directory. */
public interface EncoderFactory {
    /**
     * @param layerDrop false when the heads use a learned weighting of layers (LayerDrop must then be off)
     */
    SpeechEncoder build(SameDiff sd, boolean layerDrop);

    /** Loads pretrained encoder weights into the graph's variables (no-op for random init). */
    void loadPretrained(SameDiff sd) throws IOException;

    /** Writes {@code config.json} and {@code preprocessor_config.json} of the encoder into a model directory. */
    void writeConfig(Path modelDir) throws IOException;

    /** A short name for logs and provenance. */
    String describe();

    /**
     * Everything besides the variables' values that decides what the built graph computes (its config), for keys of
     * results that may be shared between graphs ({@link PooledStatisticsMemo}); null = never shared.
     */
    default String structureKey() {
        return null;
    }
}
