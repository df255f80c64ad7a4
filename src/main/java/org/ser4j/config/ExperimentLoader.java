package org.ser4j.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Sha256;

/**
 * Reads an experiment YAML into an {@link ExperimentConfig}. Order of resolution:
 * <ol>
 *   <li>the file;</li>
 *   <li>a {@code --set scale=...} override, if any (it decides which block comes next);</li>
 *   <li>the {@code scales.<scale>} block, whose keys are dotted paths ({@code train.steps: 20});</li>
 *   <li>the other {@code --set key.path=value} overrides, in order (values are parsed as YAML scalars/lists);</li>
 *   <li>{@code ${ENV_VAR}} expansion in string values;</li>
 *   <li>binding with unknown keys rejected; the error names the key and the file.</li>
 * </ol>
 * The resolved config is written back as YAML in the records' field order, so its SHA-256 identifies the
 * configuration (the {@code scales} block is left out: it has already been applied).
 */
public final class ExperimentLoader {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> environment;

    public ExperimentLoader() {
        this(System.getenv());
    }

    /** With an explicit environment for {@code ${VAR}} expansion (tests). */
    public ExperimentLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    static ObjectMapper yamlMapper() {
        YAMLFactory f = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        return JsonMapper.builder(f)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // absent numbers/booleans become 0/false and are then checked by the records' validation
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    public ResolvedExperiment load(Path file, List<String> overrides) {
        ObjectMapper mapper = yamlMapper();
        JsonNode tree;
        try {
            tree = mapper.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("experiment " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException("experiment " + file + ": not valid YAML (" + e.getMessage() + ")", e);
        }
        if (tree == null || !tree.isObject()) {
            throw new BadInputException("experiment " + file + ": expected a YAML mapping at the top level");
        }
        ObjectNode root = (ObjectNode) tree;
        List<String[]> parsed = new ArrayList<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--set '" + o + "': expected key.path=value");
            }
            parsed.add(new String[] {o.substring(0, eq).trim(), o.substring(eq + 1)});
        }
        for (String[] kv : parsed) {
            if (kv[0].equals("scale")) {
                setPath(root, kv[0], parseValue(mapper, kv[1]), "--set");
            }
        }
        String scale = root.path("scale").asText("paper");
        JsonNode scales = root.get("scales");
        if (scales != null && scales.has(scale)) {
            JsonNode block = scales.get(scale);
            if (!block.isObject()) {
                throw new BadInputException("experiment " + file + ": scales." + scale + " must be a mapping of key.path: value");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = block.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                setPath(root, e.getKey(), e.getValue(), file + " scales." + scale);
            }
        }
        for (String[] kv : parsed) {
            if (!kv[0].equals("scale")) {
                setPath(root, kv[0], parseValue(mapper, kv[1]), "--set");
            }
        }
        expandEnv(root, "", file);
        // checked before binding: a record's constructor validation would otherwise report a consequence of the typo
        checkKeys(root, ExperimentConfig.class, "", file);
        ExperimentConfig cfg;
        try {
            cfg = mapper.treeToValue(root, ExperimentConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException("experiment " + file + ": unknown key '" + pathOf(e) + "' (known keys here: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                    + ")", e);
        } catch (JsonMappingException e) {
            throw new BadInputException("experiment " + file + ": " + describe(e), e);
        } catch (JsonProcessingException e) {
            throw new BadInputException("experiment " + file + ": " + e.getOriginalMessage(), e);
        }
        String yaml;
        try {
            yaml = mapper.writeValueAsString(cfg.withoutScales());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the resolved config", e);
        }
        return new ResolvedExperiment(cfg, yaml, Sha256.hex(yaml), file);
    }

    /** Reads a resolved config back (e.g. from a fold folder), with the same strictness. */
    public static ExperimentConfig parseResolved(String yaml, String where) {
        try {
            return yamlMapper().readValue(yaml, ExperimentConfig.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(where + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Rejects keys that are not components of the target record, recursively (records and lists of records). */
    static void checkKeys(JsonNode node, Class<?> type, String path, Path file) {
        if (!type.isRecord() || node == null || !node.isObject()) {
            return;
        }
        Map<String, java.lang.reflect.RecordComponent> byKey = new java.util.LinkedHashMap<>();
        for (java.lang.reflect.RecordComponent rc : type.getRecordComponents()) {
            byKey.put(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(rc.getName()), rc);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            java.lang.reflect.RecordComponent rc = byKey.get(e.getKey());
            if (rc == null) {
                throw new BadInputException("experiment " + file + ": unknown key '" + key + "' (known keys here: "
                        + String.join(", ", byKey.keySet()) + ")");
            }
            if (rc.getType().isRecord()) {
                checkKeys(e.getValue(), rc.getType(), key, file);
            } else if (List.class.isAssignableFrom(rc.getType()) && e.getValue().isArray()
                    && rc.getGenericType() instanceof java.lang.reflect.ParameterizedType pt
                    && pt.getActualTypeArguments()[0] instanceof Class<?> elem && elem.isRecord()) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    checkKeys(e.getValue().get(i), elem, key + "[" + i + "]", file);
                }
            }
        }
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String describe(JsonMappingException e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String where = pathOf(e);
        String msg = c instanceof IllegalArgumentException ? c.getMessage() : e.getOriginalMessage();
        return where.isEmpty() ? msg : msg + " (at " + where + ")";
    }

    private static JsonNode parseValue(ObjectMapper mapper, String text) {
        try {
            JsonNode n = mapper.readTree(text);
            return n == null || n.isMissingNode() ? TextNode.valueOf(text) : n;
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }

    private static void setPath(ObjectNode root, String dotted, JsonNode value, String origin) {
        String[] parts = dotted.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(parts[i]);
            } else if (!child.isObject()) {
                throw new BadInputException(origin + ": cannot set '" + dotted + "': '" + parts[i] + "' is not a mapping");
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value == null ? JsonNodeFactory.instance.nullNode() : value);
    }

    private void expandEnv(JsonNode node, String path, Path file) {
        if (node.isObject()) {
            ObjectNode obj = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                if (path.isEmpty() && k.equals("scales")) {
                    continue; // unused blocks may mention variables that this machine does not have
                }
                JsonNode v = obj.get(k);
                String p = path.isEmpty() ? k : path + "." + k;
                if (v.isTextual()) {
                    obj.put(k, expand(v.asText(), p, file));
                } else {
                    expandEnv(v, p, file);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = node.get(i);
                String p = path + "[" + i + "]";
                if (v.isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(expand(v.asText(), p, file)));
                } else {
                    expandEnv(v, p, file);
                }
            }
        }
    }

    private String expand(String text, String key, Path file) {
        Matcher m = ENV.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = environment.get(m.group(1));
            if (value == null) {
                throw new BadInputException("experiment " + file + ": " + key + " uses ${" + m.group(1)
                        + "}, but that environment variable is not set");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
