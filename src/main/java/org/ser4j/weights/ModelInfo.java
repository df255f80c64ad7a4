package org.ser4j.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code ser4j-model.json} (docs/contracts.md §5), read and written here only: format version, label order, heads present,
 * sample rate, waveform normalisation, and where the weights came from ({@code sourceFile}, its SHA-256 and format);
 * for a trained model also the {@link Training} fields that rebuild its heads; and any further top-level records
 * (such as {@code pretraining}) kept as they are, in file order.
 *
 * <p>Reading is tolerant: unknown keys become {@link #records}, a key may be spelled in camelCase by older writers,
 * and absent fields take the caller's defaults. Labels are not checked here; {@link #requireDistinctLabels} does.
 *
 * @param training null for an encoder-only model
 * @param records  further top-level keys, written after the fields above
 */
public record ModelInfo(int formatVersion, List<String> labels, List<String> heads, int sampleRate,
                        boolean doNormalize, String sourceFile, String sourceSha256, String sourceFormat,
                        Training training, Map<String, JsonNode> records) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE = "ser4j-model.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> KNOWN = List.of("format_version", "labels", "heads", "sample_rate",
            "do_normalize", "source_file", "source_sha256", "source_format", "domains", "head_width", "layer_weights",
            "pooling", "encoder", "provenance", "note");

    /**
     * What the trainer's exporter adds to rebuild the heads: domain order, head width, layer weighting, the pooling's
     * config name, a description of the encoder, free-form provenance and a note (stage, step, selection). Fields a
     * read file lacks are null.
     */
    public record Training(List<String> domains, Integer headWidth, Boolean layerWeights, String pooling,
                           String encoder, Map<String, Object> provenance, Map<String, String> note) {
        public Training {
            domains = domains == null ? null : List.copyOf(domains);
            // sorted: the file's bytes must not depend on the caller's map order
            provenance = provenance == null ? null : Collections.unmodifiableMap(new TreeMap<>(provenance));
            note = note == null ? null : Collections.unmodifiableMap(new TreeMap<>(note));
        }
    }

    public ModelInfo {
        labels = labels == null ? List.of() : List.copyOf(labels);
        heads = heads == null ? List.of() : List.copyOf(heads);
        records = records == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(records));
    }

    /** A model without training fields or further records. */
    public ModelInfo(int formatVersion, List<String> labels, List<String> heads, int sampleRate, boolean doNormalize,
                     String sourceFile, String sourceSha256, String sourceFormat) {
        this(formatVersion, labels, heads, sampleRate, doNormalize, sourceFile, sourceSha256, sourceFormat, null,
                null);
    }

    /** An encoder-only model converted from a checkpoint. */
    public static ModelInfo encoderOnly(int sampleRate, boolean doNormalize, String sourceFile, String sha256,
                                        String format) {
        return new ModelInfo(FORMAT_VERSION, List.of(), List.of(), sampleRate, doNormalize, sourceFile, sha256, format);
    }

    /** This information with only the encoder-level fields (no training fields, no further records). */
    public ModelInfo encoderFields() {
        return new ModelInfo(formatVersion, labels, heads, sampleRate, doNormalize, sourceFile, sourceSha256,
                sourceFormat);
    }

    public ModelInfo withDoNormalize(boolean normalize) {
        return new ModelInfo(formatVersion, labels, heads, sampleRate, normalize, sourceFile, sourceSha256,
                sourceFormat, training, records);
    }

    /** This information with one further record added or replaced. */
    public ModelInfo withRecord(String key, JsonNode value) {
        if (KNOWN.contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is a field of ser4j-model.json, not a record");
        }
        Map<String, JsonNode> r = new LinkedHashMap<>(records);
        r.put(key, value);
        return new ModelInfo(formatVersion, labels, heads, sampleRate, doNormalize, sourceFile, sourceSha256,
                sourceFormat, training, r);
    }

    /** A label listed twice makes the class index of a prediction ambiguous: an {@link IllegalArgumentException}. */
    public void requireDistinctLabels() {
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (!seen.add(label)) {
                throw new IllegalArgumentException("label '" + label + "' appears twice in labels " + labels);
            }
        }
    }

    /** A value as the records hold it (e.g. a map of provenance). */
    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /**
     * Reads {@code file}; a missing {@code sample_rate} or {@code do_normalize} takes the given default, a missing
     * {@code format_version} is {@link #FORMAT_VERSION}. Not JSON, or not an object: {@link BadInputException}.
     */
    public static ModelInfo read(Path file, int defaultSampleRate, boolean defaultDoNormalize) {
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (n == null || !n.isObject()) {
            throw new BadInputException(file + ": expected a JSON object");
        }
        JsonNode version = field(n, "format_version");
        JsonNode rate = field(n, "sample_rate");
        JsonNode normalize = field(n, "do_normalize");
        Training training = null;
        if (KNOWN.subList(8, KNOWN.size()).stream().anyMatch(k -> field(n, k) != null)) {
            JsonNode width = field(n, "head_width");
            JsonNode lw = field(n, "layer_weights");
            JsonNode pooling = field(n, "pooling");
            JsonNode encoder = field(n, "encoder");
            JsonNode prov = field(n, "provenance");
            JsonNode note = field(n, "note");
            Map<String, Object> provenance = null;
            if (prov != null && prov.isObject()) {
                provenance = new LinkedHashMap<>();
                for (var e : (Iterable<Map.Entry<String, JsonNode>>) prov::fields) {
                    provenance.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
                }
            }
            Map<String, String> notes = null;
            if (note != null && note.isObject()) {
                notes = new LinkedHashMap<>();
                for (var e : (Iterable<Map.Entry<String, JsonNode>>) note::fields) {
                    notes.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode domains = field(n, "domains");
            training = new Training(domains == null ? null : strings(domains), width == null ? null : width.asInt(),
                    lw == null ? null : lw.asBoolean(), pooling == null ? null : pooling.asText(),
                    encoder == null ? null : encoder.asText(), provenance, notes);
        }
        Map<String, JsonNode> records = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            if (!KNOWN.contains(e.getKey()) && !KNOWN.contains(snake(e.getKey()))) {
                records.put(e.getKey(), e.getValue());
            }
        });
        return new ModelInfo(version == null ? FORMAT_VERSION : version.asInt(), strings(field(n, "labels")),
                strings(field(n, "heads")), rate == null ? defaultSampleRate : rate.asInt(),
                normalize == null ? defaultDoNormalize : normalize.asBoolean(), text(field(n, "source_file")),
                text(field(n, "source_sha256")), text(field(n, "source_format")), training, records);
    }

    /** Reads {@code dir}'s {@code ser4j-model.json}. */
    public static ModelInfo readFrom(Path dir, int defaultSampleRate, boolean defaultDoNormalize) {
        return read(dir.resolve(FILE), defaultSampleRate, defaultDoNormalize);
    }

    /** Writes {@code dir}'s {@code ser4j-model.json}: the fields in the order above, then the records. */
    public void writeTo(Path dir) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("format_version", formatVersion);
        labels.forEach(o.putArray("labels")::add);
        heads.forEach(o.putArray("heads")::add);
        o.put("sample_rate", sampleRate);
        o.put("do_normalize", doNormalize);
        o.put("source_file", sourceFile);
        o.put("source_sha256", sourceSha256);
        o.put("source_format", sourceFormat);
        if (training != null) {
            o.set("domains", training.domains() == null ? null : JSON.valueToTree(training.domains()));
            o.put("head_width", training.headWidth());
            o.put("layer_weights", training.layerWeights());
            o.put("pooling", training.pooling());
            o.put("encoder", training.encoder());
            o.set("provenance", training.provenance() == null ? null : JSON.valueToTree(training.provenance()));
            o.set("note", training.note() == null ? null : JSON.valueToTree(training.note()));
        }
        records.forEach(o::set);
        AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(o) + "\n");
    }

    /** A key in its snake_case spelling or, from older writers, in camelCase; null when absent or JSON null. */
    private static JsonNode field(JsonNode info, String snake) {
        if (info.hasNonNull(snake)) {
            return info.get(snake);
        }
        StringBuilder camel = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                camel.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return info.hasNonNull(camel.toString()) ? info.get(camel.toString()) : null;
    }

    private static String snake(String camel) {
        StringBuilder s = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                s.append('_').append(Character.toLowerCase(ch));
            } else {
                s.append(ch);
            }
        }
        return s.toString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n == null ? null : n.asText();
    }
}
