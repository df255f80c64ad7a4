package org.ser4j.pretrain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
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
 * The whole synthetic utterances behind the pre-training data, raw (as the generator made them), labels dropped.
 * {@link UnlabelledCrops} cuts the waveform stage's crops from them; the frozen-CNN stages use them whole
 * ({@link #normalised}), since their crops are cut from the cached CNN features.
 *
 * <p>Speakers are those of the bundled table whose number (within their domain EM/EF/JM/JF) lies in
 * {@code [speakerFrom, speakerTo]}; {@link SynthCorpus#plan()} only ever uses numbers 1..5 (one speaker per session)
 * or 1..10, so 6..10 here keeps every speaker of a default demo corpus out of pre-training. The plan is built here
 * rather than by {@code SynthCorpus.plan()} for that reason; each utterance is synthesised by the corpus generator
 * itself, seeded by (synth seed, utterance), independent of thread count.
 */
public record UnlabelledUtterances(List<String> ids, List<float[]> raw) {

    public int size() {
        return ids.size();
    }

    public static UnlabelledUtterances synthesise(PretrainConfig.Data d, int threads) {
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
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pretrain-synth");
            t.setDaemon(true);
            return t;
        });
        List<String> ids = new ArrayList<>();
        List<float[]> waves = new ArrayList<>();
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (UtteranceSpec spec : plan) {
                futures.add(pool.submit(() -> corpus.synthesise(spec).samples()));
            }
            for (int i = 0; i < plan.size(); i++) {
                ids.add(plan.get(i).uttId());
                waves.add(futures.get(i).get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("synthesis interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("synthesis failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new UnlabelledUtterances(List.copyOf(ids), List.copyOf(waves));
    }

    /** Each utterance brought to zero mean and unit variance over all its samples (as inference does). */
    public List<float[]> normalised() {
        List<float[]> out = new ArrayList<>(raw.size());
        for (float[] w : raw) {
            out.add(WaveformNormalizer.normalize(w));
        }
        return out;
    }

    /** SHA-256 over ids, lengths and the float32 bits of every raw utterance, in order. */
    public String fingerprint() {
        MessageDigest md = Sha256.newDigest();
        for (int i = 0; i < ids.size(); i++) {
            md.update(ids.get(i).getBytes(StandardCharsets.UTF_8));
            float[] w = raw.get(i);
            ByteBuffer b = ByteBuffer.allocate(4 + 4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(w.length);
            for (float v : w) {
                b.putFloat(v);
            }
            md.update(b.array());
        }
        return Sha256.hex(md.digest());
    }
}
