package org.ser4j.pretrain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.train.AdamW;
import org.ser4j.train.LearningRateSchedule;
import org.ser4j.train.OffHeapGc;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Seeds;
import org.ser4j.util.Shuffle;
import org.ser4j.weights.SafetensorsReader;
import org.ser4j.weights.SafetensorsWriter;

/**
 * The masked-prediction training loop: seeded epoch-wise shuffling, span masks drawn per step from a generator
 * seeded by (seed, step), AdamW (decay on matrices only) on a warm-up + linear-decay schedule, global-norm
 * clipping, a checkpoint every N steps from which {@link #run} resumes exactly, {@code metrics.jsonl}, a progress
 * line with the masked-prediction accuracy, and a final evaluation on held-out crops.
 *
 * <p>Everything a step does is a function of (weights, optimiser state, step, seed), so a resumed run computes the
 * same weights as an uninterrupted one (on one thread, where ND4J's kernels are deterministic).
 */
public final class Pretrainer {
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    /** What {@code trainer.json} keeps besides the tensors. */
    public record State(int step, long adamSteps, long seed, int totalSteps, double windowCorrect, double windowTotal,
                        double windowLoss, int windowSteps) {}

    /** Masked-prediction loss and accuracy over a set of crops. */
    public record Score(double loss, double maskedAccuracy, long maskedFrames) {}

    /** The finished run. */
    public record Result(int steps, double lastWindowLoss, double lastWindowMaskedAccuracy, Score heldOut) {}

    private final PretrainModel model;
    private final MaskedBatches batches;
    private final PretrainConfig.Train t;
    private final long seed;
    private final Path dir;
    private final PrintStream progress;
    private final int[] trainIdx;
    private final int[] heldOutIdx;
    private int stopAfter = -1;
    private int endStep = -1;

    /**
     * @param heldOut number of crops kept out of training for the final masked-prediction score (chosen by seed)
     */
    public Pretrainer(PretrainModel model, UnlabelledCrops crops, CropTargets targets, PretrainConfig.Train train,
                      long seed, int heldOut, Path dir, PrintStream progress) {
        this(model, new WaveformBatches(model, crops, targets), train, seed, seed, heldOut, dir, progress);
    }

    /**
     * @param seed      data order and masks
     * @param splitSeed the held-out split (the same for every stage of a run, so no stage trains on held-out audio)
     */
    Pretrainer(PretrainModel model, MaskedBatches batches, PretrainConfig.Train train, long seed, long splitSeed,
               int heldOut, Path dir, PrintStream progress) {
        this.model = model;
        this.batches = batches;
        this.t = train;
        this.seed = seed;
        this.dir = dir;
        this.progress = progress;
        int[] perm = permutation(batches.size(), Seeds.derive(splitSeed, "held-out"));
        int h = Math.min(heldOut, batches.size() - 1);
        heldOutIdx = java.util.Arrays.copyOf(perm, h);
        trainIdx = java.util.Arrays.copyOfRange(perm, h, perm.length);
        java.util.Arrays.sort(heldOutIdx);
        java.util.Arrays.sort(trainIdx);
    }

    /** Test hook: return early after this step (after its checkpoint, if one is due), as a crash would. */
    void stopAfter(int step) {
        this.stopAfter = step;
    }

    /**
     * Ends the run after {@code step} (checkpoint, metrics and held-out score as at a normal end) while the learning
     * rate schedule still spans {@code train.steps}: a run cut short this way computes the same weights as the first
     * {@code step} steps of the full run, so its checkpoints are shared.
     */
    void endAt(int step) {
        this.endStep = step;
    }

    public Path checkpointDir() {
        return dir.resolve("checkpoint");
    }

    static int[] permutation(int n, long seed) {
        int[] p = Shuffle.identity(n);
        Random r = new Random(seed);
        Shuffle.inPlace(p, r);
        return p;
    }

    /** Crop indices of the batch at {@code step}: consecutive slices of a fresh seeded permutation per epoch. */
    int[] batch(int step) {
        int n = trainIdx.length;
        int[] out = new int[t.batchSize()];
        int cachedEpoch = -1;
        int[] perm = null;
        for (int j = 0; j < out.length; j++) {
            long pos = (long) step * t.batchSize() + j;
            int epoch = (int) (pos / n);
            if (epoch != cachedEpoch) {
                perm = permutation(n, Seeds.derive(seed, "order", epoch));
                cachedEpoch = epoch;
            }
            out[j] = trainIdx[perm[(int) (pos % n)]];
        }
        return out;
    }

    /** Placeholders of one batch: inputs, time mask (drawn from {@code rng}), one-hot targets and frame weights. */
    Map<String, INDArray> placeholders(int[] items, Random rng, double[] maskedOut) {
        return batches.placeholders(items, rng, maskedOut);
    }

    /** The variables the optimiser updates: all of them, minus the CNN when the graph starts at its features. */
    List<String> trainable() {
        return trainable(model);
    }

    static List<String> trainable(PretrainModel model) {
        List<String> out = new ArrayList<>(model.parameters().keySet());
        if (model.encoder().entry() == HubertGraph.Entry.CONV_FEATURES) {
            for (org.nd4j.autodiff.samediff.SDVariable v : model.encoder().featureEncoderVariables()) {
                out.remove(v.name());
            }
        }
        return out;
    }

    /**
     * The step's score on masked frames as [numerator, denominator]: for cluster targets correct predictions and
     * frames (masked accuracy); for regression targets the explained and the total sum of squares around zero over
     * the masked frames (R^2 of the standardised targets = numerator / denominator).
     */
    double[] maskedHits(INDArray output, Map<String, INDArray> ph, double[] masked) {
        float[] target = ph.get(PretrainModel.TARGETS).data().asFloat();
        float[] l = output.dup('c').data().asFloat();
        int k = model.outputWidth();
        double correct = 0;
        double total = 0;
        for (int row = 0; row < masked.length; row++) {
            if (masked[row] == 0) {
                continue;
            }
            if (model.regression()) {
                double sse = 0;
                double sst = 0;
                for (int c = 0; c < k; c++) {
                    double y = target[row * k + c];
                    double e = y - l[row * k + c];
                    sse += e * e;
                    sst += y * y;
                }
                correct += sst - sse;
                total += sst;
                continue;
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (l[row * k + c] > l[row * k + best]) {
                    best = c;
                }
            }
            total++;
            if (target[row * k + best] > 0.5f) {
                correct++;
            }
        }
        return new double[] {correct, total};
    }

    public Result run() throws IOException {
        Files.createDirectories(dir);
        Map<String, INDArray> params = model.parameters();
        List<String> trainable = trainable();
        AdamW adam = AdamW.defaults();
        State st = loadCheckpoint(params, adam);
        int step = st == null ? 0 : st.step();
        double wCorrect = st == null ? 0 : st.windowCorrect();
        double wTotal = st == null ? 0 : st.windowTotal();
        double wLoss = st == null ? 0 : st.windowLoss();
        int wSteps = st == null ? 0 : st.windowSteps();
        truncateMetrics(step);
        LearningRateSchedule schedule = LearningRateSchedule.ofRatio(t.warmupRatio(), t.steps());
        int logEvery = Math.max(1, Math.min(10, t.steps() / 10));
        long start = System.nanoTime();
        int startStep = step;
        double lastLoss = Double.NaN;
        double lastAcc = Double.NaN;
        int frames = batches.frames();
        int end = endStep > 0 ? Math.min(endStep, t.steps()) : t.steps();
        while (step < end) {
            int[] items = batch(step);
            double[] masked = new double[items.length * frames];
            Map<String, INDArray> ph = placeholders(items, new Random(Seeds.derive(seed, "mask", step)), masked);
            OutAndGrad og = model.sameDiff().calculateGradientsAndOutputs(ph,
                    List.of(PretrainModel.LOSS, PretrainModel.OUTPUT), trainable);
            Map<String, INDArray> grads = new LinkedHashMap<>();
            for (String n : trainable) {
                INDArray g = og.getGradients().get(n);
                if (g != null) {
                    grads.put(n, g);
                }
            }
            double norm = clip(grads, t.clipNorm());
            double stepLoss = og.getOutputs().get(PretrainModel.LOSS).getDouble(0);
            if (!Double.isFinite(stepLoss) || !Double.isFinite(norm)) {
                // Clipping cannot repair a NaN norm: stop before the update, so the last checkpoint stays clean.
                throw new IllegalStateException(String.format(Locale.ROOT, "pre-training step %d: non-finite %s "
                        + "(loss %s, gradient norm %s); no weights were updated, the last checkpoint in %s is intact",
                        step + 1, Double.isFinite(stepLoss) ? "gradient norm" : "loss", stepLoss, norm, dir));
            }
            double factor = schedule.factor(step);
            adam.step(params, grads, n -> factor * t.lr(), t.weightDecay(), n -> params.get(n).rank() > 1);
            double[] hits = maskedHits(og.getOutputs().get(PretrainModel.OUTPUT), ph, masked);
            wCorrect += hits[0];
            wTotal += hits[1];
            wLoss += stepLoss;
            wSteps++;
            OffHeapGc.afterStep();
            step++;
            if (step % logEvery == 0 || step == end) {
                lastLoss = wLoss / wSteps;
                lastAcc = wTotal > 0 ? wCorrect / wTotal : Double.NaN;
                appendMetrics(step, lastLoss, lastAcc, factor * t.lr());
                wCorrect = 0;
                wTotal = 0;
                wLoss = 0;
                wSteps = 0;
            }
            if (step == end || (t.checkpointEvery() > 0 && step % t.checkpointEvery() == 0)) {
                writeCheckpoint(params, adam, new State(step, adam.stepCount(), seed, t.steps(), wCorrect, wTotal,
                        wLoss, wSteps));
            }
            printProgress(step, startStep, start, lastLoss, lastAcc);
            if (step == stopAfter) {
                return null;
            }
        }
        if (Double.isNaN(lastLoss)) { // resumed at the very end: report the last logged window
            double[] last = lastLoggedWindow();
            lastLoss = last[0];
            lastAcc = last[1];
        }
        return new Result(step, lastLoss, lastAcc, score(heldOutIdx));
    }

    /** Masked-prediction loss and accuracy on the given crops, with masks seeded independently of training. */
    public Score score(int[] items) {
        double loss = 0;
        double correct = 0;
        double total = 0;
        int frames = batches.frames();
        Random rng = new Random(Seeds.derive(seed, "held-out-masks"));
        for (int from = 0; from < items.length; from += t.batchSize()) {
            int[] b = java.util.Arrays.copyOfRange(items, from, Math.min(items.length, from + t.batchSize()));
            double[] masked = new double[b.length * frames];
            Map<String, INDArray> ph = placeholders(b, rng, masked);
            Map<String, INDArray> out = model.sameDiff().output(ph, PretrainModel.LOSS_MASKED, PretrainModel.OUTPUT);
            double[] hits = maskedHits(out.get(PretrainModel.OUTPUT), ph, masked);
            loss += out.get(PretrainModel.LOSS_MASKED).getDouble(0) * hits[1];
            correct += hits[0];
            total += hits[1];
        }
        return new Score(total > 0 ? loss / total : Double.NaN, total > 0 ? correct / total : Double.NaN, (long) total);
    }

    public int[] heldOutItems() {
        return heldOutIdx.clone();
    }

    static double clip(Map<String, INDArray> grads, double maxNorm) {
        double sq = 0;
        for (INDArray g : grads.values()) {
            double n = g.norm2Number().doubleValue();
            sq += n * n;
        }
        double norm = Math.sqrt(sq);
        if (maxNorm > 0 && norm > maxNorm) {
            for (INDArray g : grads.values()) {
                g.muli(maxNorm / (norm + 1e-6));
            }
        }
        return norm;
    }

    private void printProgress(int step, int startStep, long start, double loss, double acc) {
        if (progress == null) {
            return;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double perStep = step > startStep ? secs / (step - startStep) : 0;
        int width = 24;
        int filled = (int) Math.round(width * (double) step / t.steps());
        progress.print(String.format(Locale.ROOT, "\rpretrain [%s] %d/%d %.2f s/it ETA %ds loss %s " + model.scoreName() + " %s   ",
                "#".repeat(filled) + ".".repeat(width - filled), step, t.steps(), perStep,
                Math.round(perStep * (t.steps() - step)), Double.isNaN(loss) ? "-" : String.format(Locale.ROOT, "%.4f", loss),
                Double.isNaN(acc) ? "-" : String.format(Locale.ROOT, "%.4f", acc)));
        if (step >= t.steps()) {
            progress.println();
        }
        progress.flush();
    }

    // ---------------------------------------------------------------- metrics

    private Path metricsFile() {
        return dir.resolve("metrics.jsonl");
    }

    private void appendMetrics(int step, double loss, double acc, double lr) throws IOException {
        String line = String.format(Locale.ROOT, "{\"step\":%d,\"loss\":%.6f,\"%s\":%.6f,\"lr\":%.8g}%n",
                step, loss, model.scoreName(), acc, lr);
        Files.writeString(metricsFile(), line, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** On resume, drops metric lines written after the checkpoint (they will be written again). */
    private void truncateMetrics(int step) throws IOException {
        if (!Files.isRegularFile(metricsFile())) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(metricsFile())) {
            if (!line.isBlank() && JSON.readTree(line).path("step").asInt() <= step) {
                kept.add(line);
            }
        }
        AtomicFiles.writeString(metricsFile(), kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    }

    private double[] lastLoggedWindow() throws IOException {
        List<String> lines = Files.readAllLines(metricsFile());
        var n = JSON.readTree(lines.get(lines.size() - 1));
        return new double[] {n.path("loss").asDouble(), n.path(model.scoreName()).asDouble()};
    }

    // ---------------------------------------------------------------- checkpoints

    private void writeCheckpoint(Map<String, INDArray> params, AdamW adam, State st) throws IOException {
        Path tmp = dir.resolve("checkpoint.tmp");
        AtomicFiles.deleteTree(tmp);
        Files.createDirectories(tmp);
        SafetensorsWriter.writeShard(tmp.resolve("model.safetensors"), params);
        SafetensorsWriter.writeShard(tmp.resolve("optimizer.safetensors"), adam.state());
        AtomicFiles.writeString(tmp.resolve("trainer.json"), JSON.writeValueAsString(st) + "\n");
        AtomicFiles.publishDirectory(tmp, checkpointDir());
    }

    private State loadCheckpoint(Map<String, INDArray> params, AdamW adam) throws IOException {
        Path live = checkpointDir();
        if (!AtomicFiles.recoverDirectory(live, "trainer.json")) {
            return null;
        }
        State st = JSON.readValue(Files.readString(live.resolve("trainer.json")), State.class);
        if (st.seed() != seed || st.totalSteps() != t.steps()) {
            throw new BadInputException(live + ": checkpoint of a run with seed " + st.seed() + " and " + st.totalSteps()
                    + " steps, this run has seed " + seed + " and " + t.steps() + " steps; delete " + dir
                    + " to start over");
        }
        Map<String, INDArray> loaded = SafetensorsReader.read(live.resolve("model.safetensors"));
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray src = loaded.get(e.getKey());
            if (src == null || !java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new BadInputException(live + ": tensor '" + e.getKey() + "' is missing or has another shape");
            }
            e.getValue().assign(src);
        }
        adam.restore(SafetensorsReader.read(live.resolve("optimizer.safetensors")), st.adamSteps());
        return st;
    }

}
