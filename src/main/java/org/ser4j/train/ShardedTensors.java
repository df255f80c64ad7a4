package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.SafetensorsReader;
import org.ser4j.weights.SafetensorsWriter;

/**
 * A named set of tensors as {@code <base>.safetensors}, or as shards + {@code <base>.safetensors.index.json} when it is
 * larger than one shard may be (docs/contracts.md §5: hubert-large's Adam state alone is 2.5 GB). Thin wrapper over the
 * weights package's reader and writer that adds the "which of the two layouts is there" logic.
 */
final class ShardedTensors {
    private ShardedTensors() {}

    static void write(Path dir, String base, Map<String, INDArray> tensors) throws IOException {
        SafetensorsWriter.write(dir, base, new LinkedHashMap<>(tensors), SafetensorsWriter.DEFAULT_MAX_SHARD_BYTES);
    }

    static boolean exists(Path dir, String base) {
        return Files.isRegularFile(dir.resolve(base + ".safetensors"))
                || Files.isRegularFile(dir.resolve(base + ".safetensors.index.json"));
    }

    static Map<String, INDArray> read(Path dir, String base) {
        Path index = dir.resolve(base + ".safetensors.index.json");
        if (Files.isRegularFile(index)) {
            return SafetensorsReader.readIndexed(index);
        }
        Path single = dir.resolve(base + ".safetensors");
        if (Files.isRegularFile(single)) {
            return SafetensorsReader.read(single);
        }
        throw new BadInputException(dir + ": no " + base + ".safetensors (or its index) found");
    }
}
