/**
 * Level 6: the multitask SER model assembled on an encoder, the training loop (own AdamW over
 * {@code calculateGradients}, warm-up + linear decay, global-norm clipping, accumulation, exact resume), evaluation
 * and selection, and the writers of run systems (docs/contracts.md §4) and model directories (docs/contracts.md §5).
 */
package org.ser4j.train;
