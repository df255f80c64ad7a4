/**
 * ONNX export of ser4j models and the ONNX Runtime inference backend (level 7: may use infer, nn.hubert, nn.heads,
 * weights, util, audio; level 7 because its backend implements infer.InferenceBackend).
 *
 * <p>{@link org.ser4j.onnx.HubertOnnxExporter} writes the inference graph (encoder, and the emotion/domain heads when
 * the model directory has them) from ser4j's own config.json and weights, built with the ONNX protobuf schema classes
 * ({@code ai.onnx.proto.OnnxMl}); {@link org.ser4j.onnx.OnnxRuntimeEncoder} runs such a file with ONNX Runtime's Java
 * API and gives the same outputs as the SameDiff path. {@code bench.OnnxEngineComparison} times both.
 */
package org.ser4j.onnx;
