package org.ser4j.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.config.GrlConfig;
import org.ser4j.config.Mode;
import org.ser4j.config.Selection;
import org.ser4j.data.synth.SynthCorpus;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.data.synth.SynthesisedUtterance;
import org.ser4j.eval.baseline.BaselineProtocols;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.pretrain.EncoderProbe;
import org.ser4j.train.ConvFeatureCache;
import org.ser4j.train.Example;
import org.ser4j.train.FoldData;
import org.ser4j.train.FoldTrainer;
import org.ser4j.train.HubertEncoderFactory;
import org.ser4j.train.InputSource;
import org.ser4j.train.ModelDirectoryExporter;
import org.ser4j.train.ModelSpec;
import org.ser4j.train.MultitaskModel;
import org.ser4j.train.TrainSettings;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.Seeds;

/**
 * Study: does fine-tuning from a pre-trained tiny encoder beat random init of the same config?
 *
 * <p>Corpus: a default-shaped synthetic corpus (800 utterances, 5 sessions, speakers 1..5 per domain) generated with
 * a seed pre-training never used. Recipe: the demo's (experiments/demo.yaml + the multi-corpus demo scale): vanilla
 * mode, CNN frozen and its features computed once per utterance ({@link ConvFeatureCache}), pooled FE output
 * standardised before the heads, head width 256, batch 8 of 2 s crops, lr 1e-4 encoder / 2e-3 heads, warm-up 5 %,
 * one whole-utterance evaluation of the held-out session at the last step. Every start is fine-tuned for every step
 * count, held-out session and fine-tuning seed (seed = data order, crops, masks, head init and, for random init, the
 * encoder init). Before fine-tuning, each start's frozen representations get a linear probe ({@link EncoderProbe}).
 *
 * <p>Run by {@code ser4j study finetune-comparison} ({@link FinetuneComparisonCommand}). A start is a model
 * directory (pre-trained), {@code LABEL=DIR} (the same under another label) or {@code random:DIR} (random init of
 * DIR's config). Results are merged into the evidence file by label ({@code runs}, {@code probes}) and the
 * {@code summary} (mean test UAR per start and step count) is recomputed from every run in the file.
 */
public final class FinetuneComparison {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final List<String> EMOTIONS = List.of("ang", "hap", "neu", "sad");
    static final List<String> DOMAINS = List.of("EM", "EF", "JM", "JF");
    static final int BATCH = 8;
    static final int MAX_TRAIN_SAMPLES = 32_000; // data.max_train_seconds 2.0
    static final int MAX_EVAL_SAMPLES = 0;       // whole utterances
    static final double LR_ENCODER = 1e-4;
    static final double LR_HEADS = 2e-3;
    static final double WARMUP = 0.05;
    static final int HEAD_WIDTH = 256;

    private FinetuneComparison() {}

    /** A starting point: pre-trained weights, or random init of the same config. */
    record Start(String label, Path configDir, boolean random) {
        /** {@code DIR}, {@code random:DIR} or {@code LABEL=DIR} (a pre-trained candidate under its own label). */
        static Start parse(String s) {
            int eq = s.indexOf('=');
            if (eq > 0) {
                return new Start(s.substring(0, eq), Path.of(s.substring(eq + 1)), false);
            }
            boolean random = s.startsWith("random:");
            Path dir = Path.of(random ? s.substring("random:".length()) : s);
            return new Start(random ? "random-init" : "pretrained:" + dir.getFileName(), dir, random);
        }

        /** Encoder init seed; only random init depends on it (a pre-trained start overwrites every tensor). */
        long encoderSeed(long seed) {
            return Seeds.derive(seed, "encoder-init");
        }
    }

    /**
     * Every start fine-tuned for every step count, seed and held-out session; each run and probe is recorded in
     * {@code evidence} as soon as it ends.
     */
    static void run(Path evidence, List<Start> starts, List<Integer> stepCounts, List<Integer> seeds,
                    List<Integer> sessions, long corpusSeed, Path runRoot) throws Exception {
        long t0 = System.nanoTime();
        SynthCorpus corpus = new SynthCorpus(SynthOptions.defaults().withSeed(corpusSeed));
        List<SynthesisedUtterance> utts = corpus.synthesiseAll(null, true);
        Map<String, float[]> waves = new HashMap<>();
        List<Example> all = new ArrayList<>();
        for (SynthesisedUtterance u : utts) {
            var row = u.row();
            waves.put(row.uttId(), u.samples()); // raw: the feature cache normalises whole utterances
            all.add(new Example(row.uttId(), row.corpus(), row.language(), row.speaker(), row.session(),
                    EMOTIONS.indexOf(row.emotion()), DOMAINS.indexOf(row.domain()), u.samples().length));
        }
        System.out.printf("corpus seed %d: %d utterances in %.0f s%n", corpusSeed, all.size(), (System.nanoTime() - t0) / 1e9);
        Map<String, Object> corpusInfo = new LinkedHashMap<>();
        corpusInfo.put("generator", "ser4j synth defaults (800 utterances, 5 sessions, speakers 1..5 per domain)");
        corpusInfo.put("seed", corpusSeed);
        corpusInfo.put("utterances", all.size());

        // Features and probes of every (start, seed) first; then the fine-tuning runs with the starts innermost, so
        // that an interrupted benchmark still leaves matched pairs (same steps, session and seed) in the file.
        Map<String, ConvFeatureCache> caches = new HashMap<>();
        Map<String, Double> cacheSeconds = new HashMap<>();
        for (Start start : starts) {
            HubertConfig cfg = HubertConfig.fromJson(start.configDir().resolve("config.json"));
            for (int seed : seeds) {
                if (!start.random() && seed != seeds.get(0)) {
                    caches.put(start.label() + "/" + seed, caches.get(start.label() + "/" + seeds.get(0)));
                    cacheSeconds.put(start.label() + "/" + seed, 0.0);
                    continue; // the pre-trained CNN does not depend on the seed
                }
                long c0 = System.nanoTime();
                HubertEncoderFactory factory = factory(start, cfg, seed);
                MultitaskModel probeModel = MultitaskModel.build(factory, spec(seed));
                factory.loadPretrained(probeModel.sameDiff());
                caches.put(start.label() + "/" + seed, features(cfg, probeModel, all, waves, corpusSeed));
                cacheSeconds.put(start.label() + "/" + seed, (System.nanoTime() - c0) / 1e9);
                probe(evidence, start, seed, cfg, probeModel, caches.get(start.label() + "/" + seed), all, corpusInfo);
            }
        }
        for (int steps : stepCounts) {
            for (int seed : seeds) {
                for (int session : sessions) {
                    List<Example> train = new ArrayList<>();
                    List<Example> test = new ArrayList<>();
                    for (Example e : all) {
                        (e.session() == session ? test : train).add(e);
                    }
                    for (Start start : starts) {
                        HubertConfig cfg = HubertConfig.fromJson(start.configDir().resolve("config.json"));
                        String label = start.label() + "/steps-" + steps + "/session-" + session + "/seed-" + seed;
                        Map<String, Object> entry = fineTune(start, cfg, seed, session, steps, train, test,
                                caches.get(start.label() + "/" + seed), runRoot.resolve(label.replace(':', '_')));
                        entry.put("feature_cache_seconds", cacheSeconds.get(start.label() + "/" + seed));
                        entry.put("corpus", corpusInfo);
                        record(evidence, "runs", label, entry);
                        System.out.printf("%s: test UAR %.4f (last train loss %.3f)%n", label, entry.get("test_uar"),
                                entry.get("last_train_loss"));
                    }
                }
            }
            summarise(evidence);
        }
        summarise(evidence);
    }

    static HubertEncoderFactory factory(Start start, HubertConfig cfg, long seed) {
        return new HubertEncoderFactory(cfg, start.random() ? null : start.configDir(), start.encoderSeed(seed))
                .withConvFeatureInput();
    }

    static ModelSpec spec(long seed) {
        return new ModelSpec(EMOTIONS, DOMAINS, HEAD_WIDTH, false, 0, Seeds.derive(seed, "heads"), true);
    }

    /** The frozen CNN's features of every utterance (memory only), keyed by the model's CNN weights. */
    static ConvFeatureCache features(HubertConfig cfg, MultitaskModel model, List<Example> all,
                                     Map<String, float[]> waves, long corpusSeed) throws IOException {
        Map<String, INDArray> cnn = model.featureEncoderWeights();
        return ConvFeatureCache.of(cfg, cnn, all, ex -> waves.get(ex.uttId()), true, "synth-seed-" + corpusSeed, null);
    }

    static void probe(Path evidence, Start start, int seed, HubertConfig cfg, MultitaskModel model,
                      InputSource features, List<Example> all, Map<String, Object> corpusInfo) throws IOException {
        long p0 = System.nanoTime();
        Map<String, INDArray> weights = new HashMap<>();
        for (String n : model.encoder().encoderVariables()) {
            weights.put(n, model.sameDiff().getVariable(n).getArr());
        }
        for (String n : model.encoder().featureEncoderVariables()) {
            weights.put(n, model.sameDiff().getVariable(n).getArr());
        }
        if (model.sameDiff().hasVariable("masked_spec_embed")) {
            weights.put("masked_spec_embed", model.sameDiff().getVariable("masked_spec_embed").getArr());
        }
        Map<String, double[][]> pooled = EncoderProbe.pooled(cfg, weights, features, all);
        List<EncoderProbe.Score> scores = EncoderProbe.loso(pooled, all, EMOTIONS.size());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("init", start.random() ? "random (HubertGraph init, seed derived from " + seed + ")"
                : start.configDir().toString());
        entry.put("protocol", "mean-pooled representation per utterance, Standardiser + L2 softmax regression "
                + "(l2 " + BaselineProtocols.DEFAULT_L2 + "), leave-one-session-out, mean of "
                + "the 5 fold UARs");
        Map<String, Object> byRep = new LinkedHashMap<>();
        for (EncoderProbe.Score s : scores) {
            byRep.put(s.representation(), Map.of("loso_uar", s.meanUar(), "fold_uars", s.foldUars()));
            System.out.printf("probe %s %s: LOSO UAR %.4f %s%n", start.label(), s.representation(), s.meanUar(),
                    s.foldUars());
        }
        entry.put("representations", byRep);
        entry.put("corpus", corpusInfo);
        entry.put("seconds", (System.nanoTime() - p0) / 1e9);
        record(evidence, "probes", start.random() ? start.label() + "/seed-" + seed : start.label(), entry);
    }

    static Map<String, Object> fineTune(Start start, HubertConfig cfg, int seed, int session, int steps,
                                        List<Example> train, List<Example> test, InputSource features, Path runDir)
            throws IOException {
        long t0 = System.nanoTime();
        HubertEncoderFactory factory = factory(start, cfg, seed);
        ModelSpec spec = spec(seed);
        MultitaskModel model = MultitaskModel.build(factory, spec);
        factory.loadPretrained(model.sameDiff());
        Set<String> frozen = model.encoder().featureEncoderVariables();
        TrainSettings s = new TrainSettings("train", steps, BATCH, 1, LR_ENCODER, LR_HEADS, WARMUP, 0.01, 1.0, steps,
                0, Selection.TEST, GrlConfig.defaults(), MAX_TRAIN_SAMPLES, MAX_EVAL_SAMPLES, 16, frozen, null, seed, true);
        AtomicFiles.deleteTree(runDir); // a fresh run, never a resume of an older one
        FoldTrainer trainer = new FoldTrainer(model, new FoldData(session, train, List.of(), test), features, s,
                runDir, new ModelDirectoryExporter(factory, spec, Map.of()), System.err);
        FoldTrainer.Outcome o = trainer.run();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("start", start.label());
        entry.put("init", start.random() ? "random (HubertGraph init, seed derived from " + seed + ")"
                : start.configDir().toString());
        entry.put("steps", steps);
        entry.put("test_session", session);
        entry.put("seed", seed);
        entry.put("test_uar", o.selectedScore());
        entry.put("last_train_loss", o.lastTrainLoss());
        entry.put("train_utterances", train.size());
        entry.put("test_utterances", test.size());
        Map<String, Object> ft = new LinkedHashMap<>();
        ft.put("mode", Mode.VANILLA.configName());
        ft.put("frozen_cnn_cached_features", true);
        ft.put("standardize_pooled", true);
        ft.put("head_width", HEAD_WIDTH);
        ft.put("batch_size", BATCH);
        ft.put("max_train_seconds", MAX_TRAIN_SAMPLES / 16000.0);
        ft.put("max_eval_seconds", 0);
        ft.put("lr_encoder", LR_ENCODER);
        ft.put("lr_heads", LR_HEADS);
        ft.put("warmup_ratio", WARMUP);
        ft.put("weight_decay", 0.01);
        entry.put("fine_tuning", ft);
        entry.put("cpu_seconds_per_step", o.timing().cpuSecondsPerStep());
        entry.put("seconds", (System.nanoTime() - t0) / 1e9);
        entry.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        return entry;
    }

    /** Mean, sample sd and count of test UAR per (start, steps) over every run in the file. */
    static void summarise(Path evidence) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(evidence));
        Map<String, List<Double>> groups = new java.util.TreeMap<>();
        for (JsonNode r : root.path("runs")) {
            if (!r.has("start")) {
                continue;
            }
            groups.computeIfAbsent(r.get("start").asText() + "/steps-" + r.get("steps").asInt(), k -> new ArrayList<>())
                    .add(r.get("test_uar").asDouble());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> g : groups.entrySet()) {
            summary.put(g.getKey(), meanSd(g.getValue()));
        }
        root.set("summary", JSON.valueToTree(summary));
        AtomicFiles.writeString(evidence, JSON.writeValueAsString(root) + "\n");
        for (Map.Entry<String, Object> e : summary.entrySet()) {
            System.out.println("summary " + e.getKey() + ": " + e.getValue());
        }
    }

    static Map<String, Object> meanSd(List<Double> xs) {
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean_test_uar", mean);
        m.put("sd", xs.size() > 1 ? Math.sqrt(ss / (xs.size() - 1)) : Double.NaN);
        m.put("runs", xs.size());
        m.put("test_uars", xs);
        return m;
    }

    /** Read-modify-write of the evidence file (one entry per label in {@code section}), atomically replaced. */
    static synchronized void record(Path evidence, String section, String label, Map<String, Object> entry)
            throws IOException {
        ObjectNode root = Files.isRegularFile(evidence) ? (ObjectNode) JSON.readTree(Files.readString(evidence))
                : JSON.createObjectNode();
        ObjectNode node = root.has(section) ? (ObjectNode) root.get(section) : root.putObject(section);
        node.set(label, JSON.valueToTree(entry));
        if (evidence.toAbsolutePath().getParent() != null) {
            Files.createDirectories(evidence.toAbsolutePath().getParent());
        }
        AtomicFiles.writeString(evidence, JSON.writeValueAsString(root) + "\n");
    }
}
