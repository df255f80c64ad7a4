package org.ser4j.app.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ser4j.config.ExperimentConfig;
import org.ser4j.train.ExperimentRun;
import org.ser4j.util.BadInputException;

/**
 * The demo's systems: each experiment YAML at {@code scale: demo}, pointed at the demo corpus and runs folder, with
 * the demo's sizing overrides, expanded into one {@link SystemTask} per (mode, trial). MTL systems that fake-domain
 * step 1 reuses are scheduled first.
 */
final class DemoPlan {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path runsDir;
    final String encoder;
    final List<ExperimentRun> experiments = new ArrayList<>();
    final List<SystemTask> tasks = new ArrayList<>();

    private DemoPlan(Path runsDir, String encoder) {
        this.runsDir = runsDir;
        this.encoder = encoder;
    }

    /**
     * @param home     project root (experiment YAML paths and relative config paths resolve here)
     * @param manifest the demo corpus manifest
     * @param extra    further {@code key=value} overrides (after the settings' own)
     */
    static DemoPlan build(Path home, Path work, DemoSettings s, Path manifest, List<String> extra) throws IOException {
        Path runs = work.resolve("runs").toAbsolutePath();
        Path weights = s.encoderWeights() == null ? null : home.resolve(s.encoderWeights());
        boolean pretrained = weights != null && Files.isDirectory(weights);
        DemoPlan plan = new DemoPlan(runs, pretrained ? "pretrained " + weights
                : "random init (" + (weights == null ? "no encoder_weights set" : weights + " not found") + ")");
        Map<String, Path> mtlSystems = new LinkedHashMap<>();
        Map<String, SystemTask> mtlTasks = new LinkedHashMap<>();
        List<SystemTask> first = new ArrayList<>();
        List<SystemTask> rest = new ArrayList<>();
        List<SystemTask> fake = new ArrayList<>();
        for (String rel : s.experiments()) {
            Path yaml = home.resolve(rel);
            List<String> overrides = new ArrayList<>();
            overrides.add("scale=demo");
            overrides.add("runs_dir=" + runs);
            overrides.add("trials=" + s.trials());
            overrides.add("data.corpora=" + demoCorpora(yaml, manifest.toAbsolutePath()));
            if (pretrained) {
                overrides.add("model.weights=" + weights.toAbsolutePath());
            }
            for (Map.Entry<String, Object> e : s.set().entrySet()) {
                overrides.add(e.getKey() + "=" + JSON.writeValueAsString(e.getValue()));
            }
            boolean hasFake = peekModes(yaml).stream().anyMatch(m -> m.startsWith("fake-"));
            if (hasFake && !mtlSystems.isEmpty()) {
                overrides.add("train.step1_system=" + mtlSystems.values().iterator().next());
            }
            overrides.addAll(extra);
            ExperimentRun run = ExperimentRun.prepare(yaml, overrides, home);
            plan.experiments.add(run);
            ExperimentConfig c = run.experiment().config();
            Path expDir = runs.resolve(c.name());
            if (c.modes().contains("mtl")) {
                mtlSystems.putIfAbsent(c.name(), expDir.resolve("mtl"));
            }
            for (String mode : c.modes()) {
                for (int t = 1; t <= c.trials(); t++) {
                    SystemTask dep = mode.startsWith("fake-") ? mtlTasks.get(mtlKey(mtlSystems, t)) : null;
                    SystemTask task = new SystemTask(run, c.name(), mode, t,
                            expDir.resolve(mode).resolve("trial-" + t), c.folds(), dep);
                    if (mode.equals("mtl")) {
                        mtlTasks.putIfAbsent(c.name() + "#" + t, task);
                        first.add(task);
                    } else if (mode.startsWith("fake-")) {
                        fake.add(task);
                    } else {
                        rest.add(task);
                    }
                }
            }
        }
        plan.tasks.addAll(first);
        plan.tasks.addAll(rest);
        plan.tasks.addAll(fake);
        return plan;
    }

    private static String mtlKey(Map<String, Path> mtlSystems, int trial) {
        return mtlSystems.isEmpty() ? "" : mtlSystems.keySet().iterator().next() + "#" + trial;
    }

    /** The experiment's demo-scale corpora with every manifest replaced by the demo corpus (filters kept). */
    static String demoCorpora(Path yaml, Path manifest) throws IOException {
        JsonNode root = read(yaml);
        JsonNode corpora = root.path("scales").path("demo").get("data.corpora");
        if (corpora == null) {
            corpora = root.path("data").get("corpora");
        }
        if (corpora == null || !corpora.isArray() || corpora.isEmpty()) {
            throw new BadInputException(yaml + ": no data.corpora (in scales.demo or data) to point at the demo corpus");
        }
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode c : corpora) {
            ObjectNode o = c.deepCopy();
            o.put("manifest", manifest.toString());
            o.remove("root");
            out.add(o);
        }
        return JSON.writeValueAsString(out);
    }

    private static List<String> peekModes(Path yaml) throws IOException {
        List<String> modes = new ArrayList<>();
        read(yaml).path("modes").forEach(m -> modes.add(m.asText()));
        return modes;
    }

    private static JsonNode read(Path yaml) throws IOException {
        if (!Files.isRegularFile(yaml)) {
            throw new BadInputException(yaml + ": experiment YAML listed in the demo settings does not exist");
        }
        return YAML.readTree(yaml.toFile());
    }

    int totalFolds() {
        return tasks.stream().mapToInt(t -> t.folds().size()).sum();
    }
}
