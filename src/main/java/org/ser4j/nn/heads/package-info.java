/**
 * Level 4: the parts of the multitask SER model that sit on top of the encoder's hidden states: masked mean
 * pooling, the optional learned softmax weighting of layers, the emotion and domain classifier heads, and the
 * gradient-reversal op. {@link org.ser4j.nn.heads.EmotionModelHeads} describes how they are put together, once for
 * training, inference and ONNX export. Builds SameDiff subgraphs only; never reads files or configs.
 */
package org.ser4j.nn.heads;
