package org.ser4j.train;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the trainer needs from an encoder graph that has already been added to a SameDiff instance. This is the one
 * seam between training and the HuBERT graph: an adapter over {@code HubertGraph} implements it, and tests use a
 * small stand-in.
 *
 * <p>Placeholders: {@link #inputName()} = waveform [B, S] (float) and {@link #maskName()} = sample mask [B, S]
 * (float, 1 = valid); or, for an encoder that starts after a frozen CNN, CNN features [B, T, C] and a frame mask
 * [B, T]. Lengths passed to the mask methods are in the same rows (samples or frames). Randomness (dropout, LayerDrop, SpecAugment) must come in as extra placeholders drawn by
 * {@link #trainingMasks}, never from in-graph random ops, so that a step is a pure function of (weights, batch, seed)
 * and training can be resumed exactly.
 */
public interface SpeechEncoder {
    String inputName();

    String maskName();

    /** The embedding output and every layer's output, each [B, T, H] (layers + 1 entries). */
    List<SDVariable> hiddenStates();

    /** [B, T, H]. */
    SDVariable lastHiddenState();

    /** [B, T] float, 1 for frames computed from valid samples. */
    SDVariable frameMask();

    int hiddenSize();

    /** Names of the CNN feature-encoder variables (frozen by default). */
    Set<String> featureEncoderVariables();

    /** Names of every trainable encoder variable (including the feature encoder). */
    Set<String> encoderVariables();

    /** Placeholder arrays for a training step (dropout etc. on), drawn from {@code rng}; lengths in input rows. */
    Map<String, INDArray> trainingMasks(int batch, int length, int[] lengths, Random rng);

    /** Placeholder arrays for evaluation: every stochastic part switched off. */
    Map<String, INDArray> evalMasks(int batch, int length, int[] lengths);

    /**
     * Called when a training step is done with the masks {@link #trainingMasks} gave it, so that their off-heap
     * memory is freed at once instead of when the GC gets to it (hubert-large: ~0.4 GB of masks a step). The default
     * keeps them: an encoder that hands out shared arrays must not have them closed.
     */
    default void releaseTrainingMasks(Map<String, INDArray> masks) {
    }
}
