/**
 * Level 5: checkpoint files in pure Java: safetensors (read F32/F16/BF16/F64, write sharded F32 with an HF index),
 * PyTorch zip-pickle ({@code pytorch_model.bin}, fairseq {@code .pt}) via {@code net.razorvine:pickle},
 * the fairseq-to-HF key map, the strict {@link org.ser4j.weights.WeightImporter} and the ser4j
 * {@link org.ser4j.weights.ModelDirectory} (docs/contracts.md §5). Imports {@code nn.hubert}, {@code nn.layers} and
 * {@code util}; never {@code train} or above.
 */
package org.ser4j.weights;
