package org.ser4j.pretrain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.train.ConvFeatureCache;
import org.ser4j.train.Example;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Seeds;
import org.ser4j.util.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One frozen-CNN stage of a pre-training run ({@link PretrainConfig.Stage}): k-means targets of whole utterances
 * (MFCC + delta again, or HuBERT iteration 2 on a hidden state of the previous stage's encoder), a new prediction
 * head, the encoder continued from the previous stage, and masked prediction on crops of the cached CNN features.
 *
 * <p>WHY: on the waveform path the CNN dominates a step of the tiny encoder (6.5 s/step under contention for 0.5 s
 * crops); with the CNN frozen its output per utterance is computed once and a step costs the transformer only, so
 * thousands of steps on 2 s crops fit in minutes.
 */
final class FrozenCnnStage {
    private static final Logger LOG = LoggerFactory.getLogger(FrozenCnnStage.class);

    /** The trained stage and what its provenance records. */
    record Outcome(PretrainModel model, Map<String, Object> provenance) {}

    /** Test hook: stop the stage's trainer after this step (as a crash would); {@link #run} then returns null. */
    static volatile int stopAfterForTest = -1;

    private FrozenCnnStage() {}

    /**
     * The frozen CNN's output [T_u, C] of every whole utterance (normalised over the utterance), computed with the
     * CNN weights of {@code model}.
     */
    static List<float[]> cnnFeatures(PretrainModel model, UnlabelledUtterances utts) throws IOException {
        Map<String, INDArray> cnn = new LinkedHashMap<>();
        for (SDVariable v : model.encoder().featureEncoderVariables()) {
            cnn.put(v.name(), v.getArr());
        }
        List<Example> examples = new ArrayList<>();
        Map<String, float[]> raw = new java.util.HashMap<>();
        for (int i = 0; i < utts.size(); i++) {
            String id = utts.ids().get(i);
            raw.put(id, utts.raw().get(i));
            examples.add(new Example(id, "pretrain", "", "", 0, -1, -1, utts.raw().get(i).length));
        }
        ConvFeatureCache cache = ConvFeatureCache.of(model.encoder().config(), cnn, examples,
                ex -> raw.get(ex.uttId()), true, "pretrain-" + utts.fingerprint(), null);
        List<float[]> out = new ArrayList<>();
        for (Example e : examples) {
            out.add(cache.rows(e));
        }
        return out;
    }

    /** Hidden state {@code layer} (HF hidden_states index) of every utterance, [T_u][H], one utterance per call. */
    static List<float[][]> hiddenFrames(PretrainModel model, List<float[]> features, int layer) {
        HubertConfig cfg = model.encoder().config();
        SameDiff sd = SameDiff.create();
        HubertGraph g = HubertGraph.build(sd, cfg, HubertGraph.Mode.INFERENCE, 0L, HubertGraph.Entry.CONV_FEATURES);
        Map<String, INDArray> trained = model.encoderTensors();
        for (SDVariable v : g.parameters()) {
            v.getArr().assign(trained.get(v.name()));
        }
        int c = cfg.convDim().get(cfg.numConvLayers() - 1);
        String name = g.hiddenStateNames().get(layer);
        List<float[][]> out = new ArrayList<>();
        for (float[] rows : features) {
            int frames = rows.length / c;
            Map<String, INDArray> ph = new LinkedHashMap<>();
            ph.put(g.inputName(), Nd4j.create(rows, new long[] {1, frames, c}, 'c'));
            ph.put(g.maskName(), Nd4j.ones(DataType.FLOAT, 1, frames));
            INDArray h = sd.output(ph, name).get(name); // [1, T, H]
            float[] flat = h.dup('c').data().asFloat();
            int width = (int) h.size(2);
            float[][] f = new float[frames][width];
            for (int t = 0; t < frames; t++) {
                System.arraycopy(flat, t * width, f[t], 0, width);
            }
            out.add(f);
        }
        return out;
    }

    static Outcome run(PretrainConfig cfg, PretrainConfig.Stage stage, PretrainModel previous, List<float[]> features,
                       List<float[]> normalisedWaves, Path runDir, int heldOut, PrintStream progress)
            throws IOException {
        long stageSeed = Seeds.derive(cfg.seed(), "stage", stage.name());
        Path dir = runDir.resolve("stage-" + stage.name());
        long t0 = System.nanoTime();
        int c = previous.encoder().config().convDim().get(previous.encoder().config().numConvLayers() - 1);
        List<float[][]> frames = stage.hiddenLayer() < 0 ? ClusterTargets.mfccFrames(normalisedWaves)
                : hiddenFrames(previous, features, stage.hiddenLayer());
        int[] valid = new int[features.size()];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = features.get(i).length / c;
            if (frames.get(i).length < valid[i]) {
                throw new IllegalStateException("utterance " + i + ": " + frames.get(i).length + " target frames, "
                        + valid[i] + " CNN frames");
            }
        }
        ClusterTargets targets = ClusterTargets.cluster(frames, valid, valid, stage.clusters(), stage.kmeansFrames(),
                cfg.targets().kmeansIterations(), stageSeed);
        long t1 = System.nanoTime();
        LOG.info("stage {}: k-means K={} of {} on {} frames, inertia {} in {} s", stage.name(), stage.clusters(),
                stage.targets(), stage.kmeansFrames(), String.format("%.4f", targets.inertia()),
                String.format("%.1f", (t1 - t0) / 1e9));

        PretrainConfig.Model m = cfg.model();
        PretrainModel model = PretrainModel.build(PretrainRun.pretrainingEncoder(m), stage.clusters(),
                m.projectionDim(), m.temperature(), m.unmaskedWeight(), Seeds.derive(cfg.seed(), "init", stage.name()),
                HubertGraph.Entry.CONV_FEATURES);
        Map<String, INDArray> from = previous.encoderTensors();
        for (Map.Entry<String, INDArray> e : model.encoderTensors().entrySet()) {
            e.getValue().assign(from.get(e.getKey()));
        }
        guardStart(dir, from, targets);
        int cropFrames = model.encoder().config().framesFor((int) Math.round(stage.cropSeconds() * 16_000));
        FeatureBatches batches = new FeatureBatches(model, features, targets.labels(), cropFrames);
        Pretrainer trainer = new Pretrainer(model, batches, stage.train(), stageSeed, cfg.seed(), heldOut, dir,
                progress);
        Pretrainer.Score before = trainer.score(trainer.heldOutItems());
        long t2 = System.nanoTime();
        trainer.endAt(stage.stepsRun());
        if (stopAfterForTest > 0) {
            trainer.stopAfter(stopAfterForTest);
        }
        Pretrainer.Result r = trainer.run();
        if (r == null) {
            return null;
        }
        long t3 = System.nanoTime();
        LOG.info("stage {}: held-out masked accuracy {} (before training {}), chance {}", stage.name(),
                String.format("%.4f", r.heldOut().maskedAccuracy()), String.format("%.4f", before.maskedAccuracy()),
                String.format("%.4f", 1.0 / stage.clusters()));

        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", stage.name());
        p.put("kind", "frozen CNN, cached CNN features of whole utterances, random frame crops per step");
        p.put("targets", stage.hiddenLayer() < 0
                ? "k-means of MFCC 13 + delta 13 of whole utterances (50 Hz), standardised"
                : "HuBERT iteration 2: k-means of hidden_states[" + stage.hiddenLayer() + "] of the previous stage's "
                        + "encoder, standardised");
        p.put("clusters", stage.clusters());
        p.put("kmeans_frames", stage.kmeansFrames());
        p.put("kmeans_inertia", targets.inertia());
        p.put("crop_seconds", stage.cropSeconds());
        p.put("crop_frames", cropFrames);
        p.put("steps", r.steps());
        p.put("schedule_steps", stage.steps());
        p.put("batch_size", stage.batchSize());
        p.put("lr", stage.lr());
        p.put("warmup_ratio", stage.warmupRatio());
        p.put("final_train_loss", r.lastWindowLoss());
        p.put("final_train_masked_accuracy", r.lastWindowMaskedAccuracy());
        p.put("held_out_masked_accuracy_before", before.maskedAccuracy());
        p.put("held_out_masked_loss", r.heldOut().loss());
        p.put("held_out_masked_accuracy", r.heldOut().maskedAccuracy());
        p.put("chance_masked_accuracy", 1.0 / stage.clusters());
        p.put("majority_cluster_frequency", majorityFrequency(targets));
        p.put("seconds_per_step", (t3 - t2) / 1e9 / Math.max(1, r.steps()));
        p.put("seconds", Map.of("kmeans", (t1 - t0) / 1e9, "training", (t3 - t2) / 1e9));
        return new Outcome(model, p);
    }

    /** Share of the most frequent cluster among all labelled frames: the accuracy of always guessing it. */
    static double majorityFrequency(ClusterTargets targets) {
        long[] counts = new long[targets.clusters()];
        long total = 0;
        for (int[] row : targets.labels()) {
            for (int l : row) {
                if (l >= 0) {
                    counts[l]++;
                    total++;
                }
            }
        }
        long max = 0;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        return total == 0 ? Double.NaN : (double) max / total;
    }

    /**
     * A stage's checkpoint is only resumed from the same start (previous encoder and targets): a changed earlier
     * stage would otherwise continue silently from stale weights.
     */
    private static void guardStart(Path dir, Map<String, INDArray> start, ClusterTargets targets) throws IOException {
        MessageDigest md = Sha256.newDigest();
        for (Map.Entry<String, INDArray> e : start.entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            for (float v : e.getValue().castTo(DataType.FLOAT).dup('c').data().asFloat()) {
                int b = Float.floatToIntBits(v);
                md.update(new byte[] {(byte) b, (byte) (b >> 8), (byte) (b >> 16), (byte) (b >> 24)});
            }
        }
        for (int[] row : targets.labels()) {
            for (int l : row) {
                md.update((byte) l);
            }
        }
        String sha = Sha256.hex(md.digest());
        Path file = dir.resolve("start.sha256");
        if (Files.isRegularFile(file)) {
            String old = Files.readString(file).trim();
            if (!old.equals(sha)) {
                throw new BadInputException(dir + ": checkpoint of a stage that started from other weights or targets"
                        + " (an earlier stage changed); delete " + dir + " to start the stage over");
            }
            return;
        }
        Files.createDirectories(dir);
        AtomicFiles.writeString(file, sha + "\n");
    }
}
