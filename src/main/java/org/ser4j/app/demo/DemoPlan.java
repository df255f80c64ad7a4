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
import org.ser4j.config.Mode;
import org.ser4j.eval.RunLayout;
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

    /** The modes whose FE outputs the domain probe compares (their systems write {@code embeddings/}). */
    static final List<Mode> PROBE_MODES = List.of(Mode.MTL, Mode.DANN);

    final Path runsDir;
    final String encoder;
    final List<ExperimentRun> experiments = new ArrayList<>();
    final List<SystemTask> tasks = new ArrayList<>();
    /**
     * The experiment with MTL and DANN systems, prepared with {@code train.embeddings: true} (its MTL and DANN
     * systems run through it, so that only they pay for the embeddings); null when no experiment has both.
     */
    ExperimentRun probeRun;

    private DemoPlan(Path runsDir, String encoder) {
        this.runsDir = runsDir;
        this.encoder = encoder;
    }

    /**
     * @param home     project root (experiment YAML paths and relative config paths resolve here)
     * @param manifest the demo corpus manifest
     * @param extra    further {@code key=value} overrides (after the settings' own)
     */
    static DemoPlan build(Path home, Path work, DemoSettings s, DemoCorpus.Source corpus, List<String> extra)
            throws IOException {
        Path runs = work.resolve(corpus.runsFolder()).toAbsolutePath();
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
            ArrayNode corpora = demoCorpora(yaml, corpus);
            overrides.add("data.corpora=" + JSON.writeValueAsString(corpora));
            List<Integer> folds = corpus.folds(languages(corpora));
            if (folds != null) {
                overrides.add("folds=" + JSON.writeValueAsString(folds));
            }
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
            List<String> probeOverrides = new ArrayList<>(overrides);
            probeOverrides.add("train.embeddings=true");
            probeOverrides.addAll(extra);
            overrides.addAll(extra);
            ExperimentRun run = ExperimentRun.prepare(yaml, overrides, home);
            plan.experiments.add(run);
            ExperimentConfig c = run.experiment().config();
            ExperimentRun probe = null;
            if (plan.probeRun == null && c.modes().containsAll(PROBE_MODES)) {
                probe = ExperimentRun.prepare(yaml, probeOverrides, home);
                plan.probeRun = probe;
            }
            Path expDir = runs.resolve(c.name());
            if (c.modes().contains(Mode.MTL)) {
                mtlSystems.putIfAbsent(c.name(), expDir.resolve(Mode.MTL.configName()));
            }
            for (Mode mode : c.modes()) {
                for (int t = 1; t <= c.trials(); t++) {
                    SystemTask dep = mode.isFake() ? mtlTasks.get(mtlKey(mtlSystems, t)) : null;
                    SystemTask task = new SystemTask(probe != null && PROBE_MODES.contains(mode) ? probe : run,
                            c.name(), mode, t,
                            RunLayout.systemDir(runs, c.name(), mode.configName(), t), c.folds(), dep);
                    if (mode == Mode.MTL) {
                        mtlTasks.putIfAbsent(c.name() + "#" + t, task);
                        first.add(task);
                    } else if (mode.isFake()) {
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

    /**
     * The experiment's demo-scale corpora with every manifest replaced by the demo corpus: language filters kept,
     * mapped to the corpus's languages (a user CSV's two languages stand for en and ja).
     */
    static ArrayNode demoCorpora(Path yaml, DemoCorpus.Source corpus) throws IOException {
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
            o.put("manifest", corpus.manifest().toAbsolutePath().toString());
            o.remove("root");
            if (corpus.root() != null) {
                o.put("root", corpus.root().toAbsolutePath().toString());
            }
            if (o.get("languages") != null && o.get("languages").isArray()) {
                ArrayNode mapped = JSON.createArrayNode();
                o.get("languages").forEach(l -> mapped.add(corpus.languages().getOrDefault(l.asText(), l.asText())));
                o.set("languages", mapped);
            }
            out.add(o);
        }
        return out;
    }

    /** The YAML languages the corpora keep; null when one of them keeps every language. */
    private static List<String> languages(ArrayNode corpora) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : corpora) {
            JsonNode l = c.get("languages");
            if (l == null || !l.isArray()) {
                return null;
            }
            l.forEach(x -> out.add(x.asText()));
        }
        return out;
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
