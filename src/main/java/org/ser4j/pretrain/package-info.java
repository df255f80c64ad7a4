/**
 * Level 7: HuBERT-style self-supervised pre-training in the JVM (Hsu et al., 2021, iteration 1): k-means targets of
 * MFCC+delta frames at the encoder's 50 Hz frame rate, span masking with {@code masked_spec_embed}, cosine-similarity
 * logits against learned cluster embeddings, cross-entropy on the masked frames, AdamW with warm-up, checkpoints and
 * exact resume, and the export of the encoder as a model directory (docs/contracts.md §5) with its provenance.
 */
package org.ser4j.pretrain;
