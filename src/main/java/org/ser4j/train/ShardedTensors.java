package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;

/**
 * A set of tensors as {@code <base>.safetensors}, or, when larger than one shard may be, as
 * {@code <base>-0000i-of-0000n.safetensors} plus {@code <base>.safetensors.index.json} (the Hugging Face layout).
 * Shards stay below {@link #MAX_SHARD_BYTES} because hubert-large with Adam state passes 2 GiB (contracts §5).
 */
final class ShardedTensors {
    static final long MAX_SHARD_BYTES = 900L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardedTensors() {}

    static void write(Path dir, String base, Map<String, INDArray> tensors, Map<String, String> metadata)
            throws IOException {
        write(dir, base, tensors, metadata, MAX_SHARD_BYTES);
    }

    static void write(Path dir, String base, Map<String, INDArray> tensors, Map<String, String> metadata,
                      long maxShardBytes) throws IOException {
        Files.createDirectories(dir);
        List<Map<String, INDArray>> shards = new ArrayList<>();
        Map<String, INDArray> current = new TreeMap<>();
        long size = 0;
        long total = 0;
        for (Map.Entry<String, INDArray> e : new TreeMap<>(tensors).entrySet()) {
            long bytes = e.getValue().length() * 4L;
            if (!current.isEmpty() && size + bytes > maxShardBytes) {
                shards.add(current);
                current = new TreeMap<>();
                size = 0;
            }
            current.put(e.getKey(), e.getValue());
            size += bytes;
            total += bytes;
        }
        shards.add(current);
        if (shards.size() == 1) {
            TensorFile.write(dir.resolve(base + ".safetensors"), shards.get(0), metadata);
            Files.deleteIfExists(dir.resolve(base + ".safetensors.index.json"));
            return;
        }
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode map = index.putObject("weight_map");
        for (int i = 0; i < shards.size(); i++) {
            String name = String.format("%s-%05d-of-%05d.safetensors", base, i + 1, shards.size());
            TensorFile.write(dir.resolve(name), shards.get(i), metadata);
            for (String k : shards.get(i).keySet()) {
                map.put(k, name);
            }
        }
        AtomicFiles.writeString(dir.resolve(base + ".safetensors.index.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index));
    }

    static boolean exists(Path dir, String base) {
        return Files.isRegularFile(dir.resolve(base + ".safetensors"))
                || Files.isRegularFile(dir.resolve(base + ".safetensors.index.json"));
    }

    static Map<String, INDArray> read(Path dir, String base) {
        Path single = dir.resolve(base + ".safetensors");
        Path index = dir.resolve(base + ".safetensors.index.json");
        if (Files.isRegularFile(index)) {
            try {
                JsonNode map = JSON.readTree(Files.readString(index)).get("weight_map");
                Map<String, INDArray> out = new LinkedHashMap<>();
                for (String file : new java.util.TreeSet<String>(
                        JSON.convertValue(map, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { }).values())) {
                    out.putAll(TensorFile.read(dir.resolve(file)));
                }
                return out;
            } catch (IOException e) {
                throw new BadInputException(index + ": unreadable index (" + e.getMessage() + ")", e);
            }
        }
        if (Files.isRegularFile(single)) {
            return TensorFile.read(single);
        }
        throw new BadInputException(dir + ": no " + base + ".safetensors (or index) found");
    }
}
