/**
 * Level 3: feeding audio to ND4J. A DataVec {@code RecordReader} over manifests, and padded, masked, length-bucketed
 * batches ({@link org.ser4j.data.datavec.AudioBatch}) with seeded crops, asynchronous prefetch and a cache of decoded
 * 16 kHz audio, also exposed as a {@code MultiDataSetIterator}. Imports util, audio and data (plus DataVec/ND4J).
 */
package org.ser4j.data.datavec;
