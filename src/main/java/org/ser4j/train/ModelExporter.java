package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes the graph's parameters as a model directory (docs/contracts.md §5). */
@FunctionalInterface
public interface ModelExporter {
    void writeModelDirectory(Path dir, Map<String, INDArray> params, Map<String, String> note) throws IOException;
}
