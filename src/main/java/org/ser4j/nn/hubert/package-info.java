/**
 * Level 4: the HuBERT encoder as a SameDiff graph: {@link org.ser4j.nn.hubert.HubertConfig} (HF config.json fields,
 * named factories), {@link org.ser4j.nn.hubert.HubertGraph} (builder, HF-named variables, hidden states, frame mask)
 * and {@link org.ser4j.nn.hubert.TrainingMasks} (seeded dropout/LayerDrop/SpecAugment masks). Imports only
 * {@code nn.layers} and {@code util}; reading checkpoints is the job of {@code org.ser4j.weights}.
 */
package org.ser4j.nn.hubert;
