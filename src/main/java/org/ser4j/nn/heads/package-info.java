/**
 * Level 4: the parts of the multitask SER model that sit on top of the encoder's hidden states: masked mean
 * pooling, the optional learned softmax weighting of layers, the emotion and domain classifier heads, and the
 * gradient-reversal op. Builds SameDiff subgraphs only; never reads files or configs.
 */
package org.ser4j.nn.heads;
