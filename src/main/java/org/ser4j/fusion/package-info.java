/**
 * Level 7: fusion of trained systems. Late combination (sum of logits, mean of softmax, majority vote) over any
 * subset, an exact exhaustive nCk subset search with a brute-force twin for checking, honest subset selection
 * (test = oracle, dev, nested across folds), intermediate concatenation of pooled embeddings with a small classifier,
 * and a generator of realistic system folders for tests and benchmarks. Imports eval, data and util.
 */
package org.ser4j.fusion;
