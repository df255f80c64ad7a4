/**
 * Level 6: deployment. {@link org.ser4j.infer.EmotionRecognizer} turns waveforms into emotion predictions from an
 * exported model directory (docs/contracts.md §5; format in {@code docs/model-format.md}). Pre- and post-processing
 * (resampling, per-utterance normalisation, padding + masks, chunking of long inputs, softmax, label order) live
 * here; the network itself sits behind {@link org.ser4j.infer.InferenceBackend}, so another runtime (e.g. ONNX)
 * can replace SameDiff without touching callers.
 *
 * <p>May import nn.*, weights, audio, data, eval, config, provenance, util; never train (a sibling at level 6):
 * the inference graph mirrors {@code train.MultitaskModel}'s wiring from the same nn.heads building blocks, and a
 * test checks that both give the same logits.
 */
package org.ser4j.infer;
