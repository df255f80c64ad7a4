package org.ser4j.pretrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ser4j.util.BadInputException;

/**
 * {@code experiments/pretrain-*.yaml}: everything one pre-training run depends on. Unknown keys are errors that name
 * the key and the file (as the experiment loader does), so a typo cannot silently fall back to a default.
 *
 * @param name   run name (folder under {@code runs_dir})
 * @param seed   root seed: model init, k-means, masks, data order are derived from it
 * @param output model directory written at the end (docs/contracts.md §5)
 */
public record PretrainConfig(String name, long seed, String runsDir, String output, Data data, Targets targets,
                             Model model, Train train, java.util.List<Stage> stages, Probe probe) {

    /** Targets of a later stage: MFCC k-means again (on whole utterances), or HuBERT iteration 2. */
    public static final String MFCC_TARGETS = "mfcc";
    /** Prefix of iteration-2 targets: k-means of hidden state L of the previous stage's encoder ({@code hidden_L}). */
    public static final String HIDDEN_TARGETS_PREFIX = "hidden_";

    /**
     * A stage after the waveform stage ({@code train}): the CNN is frozen as the previous stage left it, its output
     * is computed once per whole utterance, and the transformer is trained on random frame crops of those features
     * (a step then costs the transformer only). The encoder continues from the previous stage; the prediction head
     * is new, because the targets are new.
     *
     * @param name        folder of the stage under the run directory
     * @param targets     {@value #MFCC_TARGETS} or {@code hidden_L} (HF hidden_states index of the previous stage's
     *                    encoder, HuBERT iteration 2)
     * @param clusters    K of this stage's k-means
     * @param cropSeconds frame crops drawn per step at a seeded random offset of each utterance
     * @param steps       length of the learning-rate schedule (warm-up, then linear decay to 0 at this step)
     * @param stopAt      the stage stops after this step (0 = at {@code steps}); the schedule still spans {@code
     *                    steps}, so a shorter stop reuses the checkpoints of a longer run exactly
     */
    public record Stage(String name, String targets, int clusters, int kmeansFrames, double cropSeconds, int steps,
                        int stopAt, int batchSize, double lr, double warmupRatio, double weightDecay, double clipNorm,
                        int checkpointEvery) {
        public Stage {
            String where = "stages[" + name + "]";
            require(name != null && name.matches("[A-Za-z0-9._-]+"), where + ".name must be [A-Za-z0-9._-]+");
            require(targets != null && (targets.equals(MFCC_TARGETS) || targets.matches(HIDDEN_TARGETS_PREFIX + "[0-9]+")),
                    where + ".targets must be '" + MFCC_TARGETS + "' or 'hidden_L', got " + targets);
            require(clusters >= 2 && kmeansFrames >= clusters, where + ": need clusters >= 2 and kmeans_frames >= clusters");
            require(cropSeconds >= 0.1 && cropSeconds <= 10, where + ".crop_seconds must be in [0.1, 10]");
            require(steps >= 1 && batchSize >= 1 && lr > 0, where + ": steps, batch_size >= 1 and lr > 0 are required");
            require(warmupRatio >= 0 && warmupRatio <= 1, where + ".warmup_ratio must be in [0, 1]");
            require(checkpointEvery >= 0, where + ".checkpoint_every must be >= 0");
            require(stopAt >= 0 && stopAt <= steps, where + ".stop_at must be in [0, steps] (0 = steps)");
        }

        /** This stage's optimisation settings in the form the trainer takes. */
        public Train train() {
            return new Train(steps, batchSize, lr, warmupRatio, weightDecay, clipNorm, checkpointEvery);
        }

        /** The hidden-state index of iteration-2 targets, or -1 for MFCC targets. */
        public int stepsRun() {
            return stopAt == 0 ? steps : stopAt;
        }

        public int hiddenLayer() {
            return targets.startsWith(HIDDEN_TARGETS_PREFIX) ? Integer.parseInt(targets.substring(HIDDEN_TARGETS_PREFIX.length())) : -1;
        }
    }

    /**
     * Unlabelled synthetic speech.
     *
     * @param synthSeed      generator seed (must differ from every demo corpus seed)
     * @param speakerFrom    first speaker number per domain used (the demo corpus uses 1..5 with one speaker per
     *                       session; pre-training uses 6..10 so that no demo speaker is heard)
     * @param speakerTo      last speaker number per domain
     * @param uttsPerSpeakerEmotion takes per speaker and style (the emotion styles only vary the speech; no label is kept)
     * @param cropSeconds    one crop per utterance, at a seeded frame-aligned offset
     */
    public record Data(long synthSeed, int speakerFrom, int speakerTo, int uttsPerSpeakerEmotion, double cropSeconds) {}

    /** Targets objective: masked prediction of k-means clusters of MFCC + delta frames (HuBERT iteration 1). */
    public static final String CLUSTER_OBJECTIVE = "clusters";
    /** Targets objective: multi-target regression of frame MFCCs, pitch and voicing and their squares. */
    public static final String REGRESSION_OBJECTIVE = "regression";

    /**
     * Targets of the waveform stage (50 Hz frames).
     *
     * @param objective {@value #CLUSTER_OBJECTIVE} (default) or {@value #REGRESSION_OBJECTIVE}
     *                  ({@link FrameRegressionTargets})
     * @param clusters  K (cluster objective)
     * @param kmeansFrames frames subsampled for fitting (all frames are then assigned)
     * @param kmeansIterations maximum Lloyd iterations after k-means++ seeding
     * @param cepstra   MFCCs per frame of the regression objective
     */
    public record Targets(String objective, int clusters, int kmeansFrames, int kmeansIterations, int cepstra) {
        public Targets {
            objective = objective == null ? CLUSTER_OBJECTIVE : objective;
        }

        public boolean regression() {
            return REGRESSION_OBJECTIVE.equals(objective);
        }
    }

    /**
     * The linear probe run after pre-training ({@link EncoderProbe}): a default synthetic corpus generated with
     * {@code corpusSeed} (no pre-training speaker), the frozen encoder's mean-pooled last hidden state against the
     * MFCC baseline on the same leave-one-session-out folds.
     */
    public record Probe(long corpusSeed) {}

    /** Encoder architecture, masking and the prediction head. */
    public record Model(int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize, int convDim,
                        int numConvPosEmbeddings, int numConvPosEmbeddingGroups, double maskTimeProb,
                        int maskTimeLength, int projectionDim, double temperature, double unmaskedWeight) {}

    /** Optimisation. */
    public record Train(int steps, int batchSize, double lr, double warmupRatio, double weightDecay, double clipNorm,
                        int checkpointEvery) {}

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // absent numbers become 0 and are then rejected by the records' checks; unknown keys are reported first
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public PretrainConfig {
        String where = "pretrain config";
        require(name != null && name.matches("[A-Za-z0-9._-]+"), where + ": name must be [A-Za-z0-9._-]+, got " + name);
        require(runsDir != null && output != null, where + ": runs_dir and output are required");
        require(data != null && targets != null && model != null && train != null,
                where + ": data, targets, model and train blocks are required");
        require(data.speakerFrom() >= 1 && data.speakerTo() <= 10 && data.speakerFrom() <= data.speakerTo(),
                "data.speaker_from/speaker_to: need 1 <= from <= to <= 10 (speakers per domain in the table)");
        require(data.uttsPerSpeakerEmotion() >= 1, "data.utts_per_speaker_emotion must be >= 1");
        require(data.cropSeconds() >= 0.1 && data.cropSeconds() <= 10, "data.crop_seconds must be in [0.1, 10]");
        require(targets.objective().equals(CLUSTER_OBJECTIVE) || targets.regression(), "targets.objective must be '"
                + CLUSTER_OBJECTIVE + "' or '" + REGRESSION_OBJECTIVE + "', got " + targets.objective());
        if (targets.regression()) {
            require(targets.cepstra() >= 2 && targets.cepstra() <= 40, "targets.cepstra must be in [2, 40]");
        } else {
            require(targets.clusters() >= 2, "targets.clusters must be >= 2");
            require(targets.kmeansFrames() >= targets.clusters(), "targets.kmeans_frames must be >= targets.clusters");
            require(targets.kmeansIterations() >= 1, "targets.kmeans_iterations must be >= 1");
        }
        require(probe == null || probe.corpusSeed() != data.synthSeed(),
                "probe.corpus_seed must differ from data.synth_seed (the probe corpus must be unheard)");
        require(model.maskTimeProb() > 0 && model.maskTimeProb() < 1, "model.mask_time_prob must be in (0, 1)");
        require(model.maskTimeLength() >= 1, "model.mask_time_length must be >= 1");
        require(model.projectionDim() >= 1 && model.temperature() > 0 && model.unmaskedWeight() >= 0,
                "model.projection_dim >= 1, model.temperature > 0 and model.unmasked_weight >= 0 are required");
        require(train.steps() >= 1 && train.batchSize() >= 1 && train.lr() > 0,
                "train.steps, train.batch_size must be >= 1 and train.lr > 0");
        require(train.warmupRatio() >= 0 && train.warmupRatio() <= 1, "train.warmup_ratio must be in [0, 1]");
        require(train.checkpointEvery() >= 0, "train.checkpoint_every must be >= 0 (0 = only at the end)");
        stages = stages == null ? java.util.List.of() : java.util.List.copyOf(stages);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Stage st : stages) {
            require(names.add(st.name()), "stages: name '" + st.name() + "' is used twice");
            require(st.hiddenLayer() <= model.numHiddenLayers(), "stages[" + st.name() + "].targets: hidden_"
                    + st.hiddenLayer() + " does not exist (hidden_0 .. hidden_" + model.numHiddenLayers() + ")");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }

    public int utterances() {
        return 4 * (data.speakerTo() - data.speakerFrom() + 1) * 4 * data.uttsPerSpeakerEmotion();
    }

    public static PretrainConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("pretrain config " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException("pretrain config " + file + ": unreadable (" + e.getMessage() + ")", e);
        }
        try {
            return YAML.readValue(text, PretrainConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException("pretrain config " + file + ": unknown key '" + path(e) + "' (known keys here: "
                    + e.getKnownPropertyIds() + ")", e);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof BadInputException b) {
                throw new BadInputException("pretrain config " + file + ": " + b.getMessage(), b);
            }
            throw new BadInputException("pretrain config " + file + ": at '" + path(e) + "': "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException("pretrain config " + file + ": not valid YAML (" + e.getMessage() + ")", e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
