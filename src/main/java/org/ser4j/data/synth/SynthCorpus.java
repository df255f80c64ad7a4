package org.ser4j.data.synth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.ser4j.data.ManifestRow;
import org.ser4j.util.Seeds;

/**
 * The synthetic corpus as a pure function of {@link SynthOptions}: the utterance plan (speakers, sessions, sentence
 * assignment) and the synthesis of any single utterance. Every random draw of an utterance comes from generators
 * seeded by (seed, utterance key), never from a shared generator, so the result does not depend on thread count
 * or order.
 */
public final class SynthCorpus {
    public static final String CORPUS_NAME = "synth";
    public static final int SAMPLE_RATE = FormantSynthesiser.SAMPLE_RATE;

    private final SynthOptions options;
    private final EmotionTable emotions = EmotionTable.bundled();
    private final SentenceBank sentences = new SentenceBank();
    private final List<SpeakerProfile> speakers;
    private final Map<SynthLanguage, Map<Integer, ChannelProfile>> channels = new EnumMap<>(SynthLanguage.class);

    public SynthCorpus(SynthOptions options) {
        this.options = options;
        List<SpeakerProfile> chosen = new ArrayList<>();
        for (SpeakerProfile s : SpeakerProfile.bundled()) {
            if (options.languages().contains(s.language())
                    && s.number() <= SynthOptions.SESSIONS * options.speakersPerSession()) {
                chosen.add(s);
            }
        }
        this.speakers = List.copyOf(chosen);
        for (ChannelProfile c : ChannelProfile.bundled()) {
            channels.computeIfAbsent(c.language(), k -> new java.util.TreeMap<>()).put(c.session(), c);
        }
    }

    public SynthOptions options() {
        return options;
    }

    public List<SpeakerProfile> speakers() {
        return speakers;
    }

    public SentenceBank sentences() {
        return sentences;
    }

    /** All utterances, ordered by speaker (table order), emotion, k. */
    public List<UtteranceSpec> plan() {
        List<UtteranceSpec> out = new ArrayList<>();
        int perDomain = SynthOptions.SESSIONS * options.speakersPerSession();
        for (SpeakerProfile s : speakers) {
            int rotation = new SplittableRandom(Seeds.derive(options.seed(), "sentences", s.domain()))
                    .nextInt(SentenceBank.SENTENCES);
            int offset = ((s.number() - 1) * SentenceBank.SENTENCES / perDomain + rotation) % SentenceBank.SENTENCES;
            for (SynthEmotion e : SynthEmotion.values()) {
                for (int k = 0; k < options.uttsPerSpeakerEmotion(); k++) {
                    out.add(new UtteranceSpec(s, e, k, (offset + k) % SentenceBank.SENTENCES,
                            s.session(SynthOptions.SESSIONS)));
                }
            }
        }
        return out;
    }

    /** The channel of a speaker's session; with sharedChannel, Japanese sessions borrow the English channel. */
    public ChannelProfile channel(SynthLanguage lang, int session) {
        SynthLanguage source = options.sharedChannel() ? SynthLanguage.EN : lang;
        return channels.get(source).get(session);
    }

    public SynthesisedUtterance synthesise(UtteranceSpec spec) {
        SpeakerProfile spk = spec.speaker();
        SentencePlan sentence = sentences.get(spk.language(), spec.sentenceIndex());
        UtteranceParams params = UtteranceParams.draw(options, spec, emotions, sentence.words().size());
        SplittableRandom render = new SplittableRandom(params.renderSeed());
        FrameTracks tracks = new TimelineBuilder(spk, params, render.split()).build(sentence);
        float[] dry = FormantSynthesiser.render(tracks, spk, params, render.split());
        EmotionEffects.apply(dry, params, SAMPLE_RATE);
        float[] wet = RecordingChannel.apply(dry, channel(spk.language(), spec.session()), params, SAMPLE_RATE,
                render.split());
        ManifestRow row = new ManifestRow(spec.uttId(), spec.relativePath(), CORPUS_NAME, spk.language().code(), spk.id(),
                spk.gender(), spk.domain(), spec.session(), spec.emotion().label(), wet.length / (double) SAMPLE_RATE,
                Map.of("sentence_id", spec.sentenceId()));
        return new SynthesisedUtterance(spec, wet, row, params, sentence.text());
    }

    /**
     * Synthesises every planned utterance on {@code options.threads()} threads and hands each result to
     * {@code sink} (called from worker threads; it must be thread-safe). Returns the results in plan order
     * with their samples dropped if {@code keepSamples} is false, to bound memory.
     */
    public List<SynthesisedUtterance> synthesiseAll(Consumer<SynthesisedUtterance> sink, boolean keepSamples) {
        List<UtteranceSpec> plan = plan();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "synth-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SynthesisedUtterance>> futures = new ArrayList<>();
            for (UtteranceSpec spec : plan) {
                futures.add(pool.submit(() -> {
                    SynthesisedUtterance u = synthesise(spec);
                    if (sink != null) {
                        sink.accept(u);
                    }
                    return keepSamples ? u : new SynthesisedUtterance(u.spec(), null, u.row(), u.params(), u.sentenceText());
                }));
            }
            List<SynthesisedUtterance> out = new ArrayList<>();
            for (Future<SynthesisedUtterance> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("synthesis interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("synthesis failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
    }
}
