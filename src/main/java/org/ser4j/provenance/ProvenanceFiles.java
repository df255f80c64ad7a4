package org.ser4j.provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;

/** Atomic JSON I/O of {@link RunProvenance} ({@code provenance.json}, snake_case keys). */
public final class ProvenanceFiles {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ProvenanceFiles() {}

    public static void write(Path file, RunProvenance p) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(p) + "\n");
    }

    public static RunProvenance read(Path file) {
        try {
            return JSON.readValue(Files.readString(file), RunProvenance.class);
        } catch (IOException e) {
            throw new BadInputException(file + ": not a readable provenance.json (" + e.getMessage() + ")", e);
        }
    }

    /** True when {@code file} exists and says DONE. */
    public static boolean isDone(Path file) {
        return Files.isRegularFile(file) && read(file).status() == RunStatus.DONE;
    }
}
