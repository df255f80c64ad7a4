package org.ser4j.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.MersenneTwister;
import org.ser4j.audio.Mfcc;
import org.ser4j.audio.MfccConfig;
import org.ser4j.util.Seeds;

/**
 * HuBERT iteration-1 targets: every 20 ms frame of the pre-training audio gets the index of its nearest k-means
 * centroid in MFCC + delta space (13 + 13 dimensions, window 400 / hop 320 at 16 kHz, exactly one frame per conv
 * frame of the encoder: {@link MfccConfig#frameCount} and {@code HubertConfig.framesFor} agree).
 *
 * <p>Features are standardised per dimension (mean and SD over all valid frames) so that c0, which carries the
 * loudness, does not dominate the Euclidean distance. k-means++ seeding and Lloyd iterations come from Apache
 * Commons Math with a {@link MersenneTwister} seeded from the run seed, on a seeded subsample of frames; the result
 * is a pure function of (audio, seed, settings).
 *
 * @param labels     per crop, one cluster index per frame; -1 for frames of zero-padding
 * @param centroids  K centroids in standardised feature space
 * @param inertia    mean squared distance of all valid frames to their centroid
 */
public record ClusterTargets(int[][] labels, double[][] centroids, double inertia) implements CropTargets {
    static final int DELTA_WIDTH = 2;

    public int clusters() {
        return centroids.length;
    }

    @Override
    public void addTo(java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> ph, int[] items, int frames,
                      double[] maskedOut) {
        int[][] rows = new int[items.length][];
        for (int i = 0; i < items.length; i++) {
            rows[i] = labels[items[i]];
        }
        WaveformBatches.addTargets(ph, rows, frames, clusters(), maskedOut);
    }

    /** MFCC + delta per frame [frames][26] of one crop (frames that need samples beyond the crop are absent). */
    static float[][] features(Mfcc mfcc, float[] wave) {
        float[][] c = mfcc.mfcc(wave);
        float[][] d = Mfcc.deltas(c, DELTA_WIDTH);
        float[][] out = new float[c.length][];
        for (int t = 0; t < c.length; t++) {
            out[t] = new float[c[t].length + d[t].length];
            System.arraycopy(c[t], 0, out[t], 0, c[t].length);
            System.arraycopy(d[t], 0, out[t], c[t].length, d[t].length);
        }
        return out;
    }

    /** Valid frames of a crop with {@code validSamples} samples (same formula as the conv stack). */
    static int validFrames(MfccConfig cfg, int validSamples) {
        return cfg.frameCount(validSamples);
    }

    public static ClusterTargets fit(UnlabelledCrops crops, PretrainConfig.Targets t, long seed) {
        MfccConfig cfg = MfccConfig.hubertFrames16k();
        Mfcc mfcc = new Mfcc(cfg);
        int frames = cfg.frameCount(crops.cropSamples());
        List<float[][]> feats = new ArrayList<>();
        int[] valid = new int[crops.size()];
        int[] rows = new int[crops.size()];
        for (int i = 0; i < crops.size(); i++) {
            feats.add(features(mfcc, crops.waves().get(i)));
            valid[i] = validFrames(cfg, crops.lengths()[i]);
            rows[i] = frames;
        }
        return cluster(feats, valid, rows, t.clusters(), t.kmeansFrames(), t.kmeansIterations(), seed);
    }

    /** MFCC + delta frames of whole utterances (one per conv frame), for {@link #cluster}. */
    static List<float[][]> mfccFrames(List<float[]> waves) {
        Mfcc mfcc = new Mfcc(MfccConfig.hubertFrames16k());
        List<float[][]> feats = new ArrayList<>();
        for (float[] w : waves) {
            feats.add(features(mfcc, w));
        }
        return feats;
    }

    /**
     * Standardises the frame features per dimension, fits k-means++ / Lloyd on a seeded subsample of frames and
     * assigns every valid frame.
     *
     * @param feats per item, frame feature vectors (at least {@code valid[i]} frames)
     * @param valid per item, frames that get a label
     * @param rows  per item, length of its label row ({@code >= valid[i]}; the rest is -1)
     */
    static ClusterTargets cluster(List<float[][]> feats, int[] valid, int[] rows, int clusterCount, int kmeansFrames,
                                  int iterations, long seed) {
        int dim = -1;
        long total = 0;
        for (int i = 0; i < feats.size(); i++) {
            if (feats.get(i).length > 0) {
                dim = feats.get(i)[0].length;
            }
            total += valid[i];
        }
        double[] mean = new double[dim];
        double[] sq = new double[dim];
        for (int i = 0; i < feats.size(); i++) {
            for (int f = 0; f < valid[i]; f++) {
                for (int k = 0; k < dim; k++) {
                    double v = feats.get(i)[f][k];
                    mean[k] += v;
                    sq[k] += v * v;
                }
            }
        }
        double[] sd = new double[dim];
        for (int k = 0; k < dim; k++) {
            mean[k] /= total;
            sd[k] = Math.sqrt(Math.max(sq[k] / total - mean[k] * mean[k], 1e-12));
        }
        // Seeded subsample of (crop, frame) positions for fitting.
        List<double[]> all = new ArrayList<>();
        for (int i = 0; i < feats.size(); i++) {
            for (int f = 0; f < valid[i]; f++) {
                double[] z = new double[dim];
                for (int k = 0; k < dim; k++) {
                    z[k] = (feats.get(i)[f][k] - mean[k]) / sd[k];
                }
                all.add(z);
            }
        }
        SplittableRandom pick = new SplittableRandom(Seeds.derive(seed, "kmeans-subsample"));
        List<DoublePoint> sample = new ArrayList<>();
        int want = Math.min(kmeansFrames, all.size());
        int[] idx = new int[all.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < want; i++) { // partial Fisher-Yates: a uniform subset without repetition
            int j = i + pick.nextInt(idx.length - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
            sample.add(new DoublePoint(all.get(idx[i])));
        }
        KMeansPlusPlusClusterer<DoublePoint> km = new KMeansPlusPlusClusterer<>(clusterCount, iterations,
                new EuclideanDistance(), new MersenneTwister(Seeds.derive(seed, "kmeans")));
        List<CentroidCluster<DoublePoint>> clusters = km.cluster(sample);
        double[][] centroids = new double[clusters.size()][];
        for (int c = 0; c < centroids.length; c++) {
            centroids[c] = clusters.get(c).getCenter().getPoint().clone();
        }
        int[][] labels = new int[feats.size()][];
        double inertia = 0;
        int n = 0;
        for (int i = 0; i < feats.size(); i++) {
            labels[i] = new int[rows[i]];
            java.util.Arrays.fill(labels[i], -1);
            for (int f = 0; f < valid[i]; f++) {
                double[] z = all.get(n++);
                int best = 0;
                double bestD = Double.MAX_VALUE;
                for (int c = 0; c < centroids.length; c++) {
                    double s = 0;
                    for (int k = 0; k < dim; k++) {
                        double e = z[k] - centroids[c][k];
                        s += e * e;
                    }
                    if (s < bestD) {
                        bestD = s;
                        best = c;
                    }
                }
                labels[i][f] = best;
                inertia += bestD;
            }
        }
        return new ClusterTargets(labels, centroids, inertia / Math.max(1, n));
    }
}
