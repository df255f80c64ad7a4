/**
 * Level 3: SameDiff building blocks shared by the encoder graphs: exact GELU, layer/group norm built from primitives
 * (so the config's epsilon is honoured), linear projections, grouped 1-D convolution, multi-head self-attention and
 * helpers for shapes that are only known at run time. Blocks take ready {@code SDVariable}s and plain numbers; they
 * never read configs or files. Imports only ND4J/SameDiff and {@code org.ser4j.util}.
 */
package org.ser4j.nn.layers;
