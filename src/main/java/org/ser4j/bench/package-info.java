/**
 * {@code ser4j bench}: timings (median/min/max) and peak memory of the parts users compare with PyTorch: the
 * hubert-large forward through each inference backend, one training step, the data pipeline, the 30C9 fusion search,
 * and the forward's scaling with audio length; the opt-in groups {@code synth} (the synthetic-corpus generator) and
 * {@code fusion-independent} (the search over systems with independent errors); {@code ser4j bench single} and
 * {@code ser4j bench onnx-engines} for the cases that need a JVM of their own. Results are one JSON document (schema {@value BenchReport#SCHEMA})
 * that {@code experiments/bench/pytorch_bench.py} also writes, so the ratio comes from one run on one machine.
 * Benchmarks, not tests: nothing here asserts a time.
 */
package org.ser4j.bench;
