package org.ser4j.pretrain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.data.synth.SentenceBank;
import org.ser4j.data.synth.SpeakerProfile;
import org.ser4j.data.synth.SynthCorpus;
import org.ser4j.data.synth.SynthEmotion;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.data.synth.UtteranceSpec;
import org.ser4j.util.Seeds;
import org.ser4j.util.Sha256;

/**
 * The pre-training audio: one normalised crop per synthetic utterance, labels dropped.
 *
 * <p>Speakers are those of the bundled table whose number (within their domain EM/EF/JM/JF) lies in
 * {@code [speakerFrom, speakerTo]}; {@link SynthCorpus#plan()} only ever uses numbers 1..5 (one speaker per
 * session) or 1..10, so 6..10 here keeps every speaker of a default demo corpus out of pre-training. The plan is
 * built here rather than by {@code SynthCorpus.plan()} for that reason; each utterance is then synthesised by the
 * corpus generator itself, seeded by (synth seed, utterance), independent of thread count.
 *
 * <p>A crop starts at a multiple of the 320-sample hop (so MFCC frames and conv frames stay aligned) drawn from a
 * generator seeded by (seed, utterance id); utterances shorter than the crop are zero-padded and {@link #lengths}
 * holds their valid samples.
 */
public record UnlabelledCrops(List<String> ids, List<float[]> waves, int[] lengths, int cropSamples,
                              String fingerprint) {
    public static final int HOP = 320;

    public int size() {
        return ids.size();
    }

    public static UnlabelledCrops synthesise(PretrainConfig.Data d, long seed, int threads) {
        SynthOptions options = SynthOptions.defaults().withSeed(d.synthSeed()).withThreads(threads);
        SynthCorpus corpus = new SynthCorpus(options);
        List<UtteranceSpec> plan = new ArrayList<>();
        for (SpeakerProfile s : SpeakerProfile.bundled()) {
            if (s.number() < d.speakerFrom() || s.number() > d.speakerTo()) {
                continue;
            }
            for (SynthEmotion e : SynthEmotion.values()) {
                for (int k = 0; k < d.uttsPerSpeakerEmotion(); k++) {
                    int sentence = (int) Math.floorMod(Seeds.derive(d.synthSeed(), "sentence", s.id(), e.label(), k),
                            (long) SentenceBank.SENTENCES);
                    plan.add(new UtteranceSpec(s, e, k, sentence, s.session(SynthOptions.SESSIONS)));
                }
            }
        }
        int crop = (int) Math.round(d.cropSeconds() * SynthCorpus.SAMPLE_RATE);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pretrain-synth");
            t.setDaemon(true);
            return t;
        });
        List<String> ids = new ArrayList<>();
        List<float[]> waves = new ArrayList<>();
        int[] lengths = new int[plan.size()];
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (UtteranceSpec spec : plan) {
                futures.add(pool.submit(() -> corpus.synthesise(spec).samples()));
            }
            for (int i = 0; i < plan.size(); i++) {
                String id = plan.get(i).uttId();
                float[] full = futures.get(i).get();
                int valid = Math.min(full.length, crop);
                int offset = 0;
                if (full.length > crop) {
                    int starts = (full.length - crop) / HOP + 1;
                    offset = HOP * new SplittableRandom(Seeds.derive(seed, "crop", id)).nextInt(starts);
                }
                float[] x = new float[crop];
                System.arraycopy(full, offset, x, 0, valid);
                WaveformNormalizer.normalizeInto(x, 0, valid, x, 0);
                ids.add(id);
                waves.add(x);
                lengths[i] = valid;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("synthesis interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("synthesis failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new UnlabelledCrops(List.copyOf(ids), List.copyOf(waves), lengths, crop, fingerprint(ids, waves, lengths));
    }

    /** SHA-256 over ids, valid lengths and the float32 bits of every crop, in order. */
    static String fingerprint(List<String> ids, List<float[]> waves, int[] lengths) {
        MessageDigest md = Sha256.newDigest();
        for (int i = 0; i < ids.size(); i++) {
            md.update(ids.get(i).getBytes(StandardCharsets.UTF_8));
            float[] w = waves.get(i);
            ByteBuffer b = ByteBuffer.allocate(4 + 4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(lengths[i]);
            for (float v : w) {
                b.putFloat(v);
            }
            md.update(b.array());
        }
        return Sha256.hex(md.digest());
    }
}
