package org.ser4j.data.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.ser4j.audio.WavWriter;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.Csv;

/**
 * Writes a generated corpus: {@code wav/<speaker>/<utt_id>.wav} (16 kHz mono PCM16), {@code manifest.csv} (canonical,
 * with the extra column sentence_id), {@code params.csv} (every utterance's synthesis parameters and its
 * transcription) and {@code corpus_info.txt}. Nothing written depends on the thread count or the clock, so two runs
 * with the same options give byte-identical files.
 */
public final class SynthCorpusWriter {
    public static final String GENERATOR_VERSION = "ser4j-synth 1";

    private SynthCorpusWriter() {}

    /** What a run produced. */
    public record Summary(int utterances, double audioSeconds, double wallSeconds) {
        public double realTimeFactor() {
            return audioSeconds / Math.max(1e-9, wallSeconds);
        }
    }

    public static Summary write(SynthOptions options, Path out, boolean spectrograms) throws IOException {
        Files.createDirectories(out);
        SynthCorpus corpus = new SynthCorpus(options);
        long t0 = System.nanoTime();
        List<SynthesisedUtterance> utts = corpus.synthesiseAll(u -> {
            try {
                WavWriter.writePcm16(out.resolve(u.row().path()), u.samples(), SynthCorpus.SAMPLE_RATE);
                if (spectrograms && u.spec().k() == 0 && u.spec().session() == 1) {
                    SpectrogramImage.writePng(out.resolve("img").resolve(u.row().uttId() + ".png"),
                            SpectrogramImage.render(u.samples(), SynthCorpus.SAMPLE_RATE,
                                    u.row().uttId() + "   " + u.sentenceText()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out.resolve(u.row().path()), e);
            }
        }, false);
        double wall = (System.nanoTime() - t0) / 1e9;
        List<ManifestRow> rows = new ArrayList<>();
        double audio = 0;
        for (SynthesisedUtterance u : utts) {
            rows.add(u.row());
            audio += u.row().durationS();
        }
        Manifest.of(rows, out).write(out.resolve("manifest.csv"));
        AtomicFiles.writeString(out.resolve("params.csv"), paramsCsv(utts));
        AtomicFiles.writeString(out.resolve("corpus_info.txt"), info(options, corpus, utts.size(), audio));
        return new Summary(utts.size(), audio, wall);
    }

    static String paramsCsv(List<SynthesisedUtterance> utts) {
        List<SynthesisedUtterance> sorted = new ArrayList<>(utts);
        sorted.sort(Comparator.comparing(u -> u.row().uttId()));
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("utt_id", "speaker", "emotion", "sentence_id"));
        header.addAll(sorted.get(0).params().columns().keySet());
        header.add("text");
        sb.append(Csv.line(header)).append('\n');
        for (SynthesisedUtterance u : sorted) {
            List<String> f = new ArrayList<>(List.of(u.row().uttId(), u.row().speaker(), u.row().emotion(),
                    u.spec().sentenceId()));
            f.addAll(u.params().columns().values());
            f.add(u.sentenceText());
            sb.append(Csv.line(f)).append('\n');
        }
        return sb.toString();
    }

    static String info(SynthOptions o, SynthCorpus corpus, int n, double audioSeconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("Synthetic bilingual emotional-speech corpus (ser4j corpus synth)\n");
        sb.append("generator: ").append(GENERATOR_VERSION).append(" (Java source-filter formant synthesiser, no external tools)\n");
        sb.append(String.format(Locale.ROOT, "seed=%d speakers_per_session=%d utts_per_speaker_emotion=%d languages=%s%n",
                o.seed(), o.speakersPerSession(), o.uttsPerSpeakerEmotion(),
                String.join(",", o.languages().stream().map(SynthLanguage::code).toList())));
        sb.append(String.format(Locale.ROOT, "jitter=%.1f%% intensity=%.2f..%.2f style=%.2f shared_channel=%s%n",
                o.jitterPct(), o.intensityMin(), o.intensityMax(), o.style(), o.sharedChannel()));
        sb.append(String.format(Locale.ROOT, "utterances=%d speakers=%d sessions=%d audio_seconds=%.3f%n", n,
                corpus.speakers().size(), SynthOptions.SESSIONS, audioSeconds));
        sb.append("audio: 16 kHz, mono, 16-bit PCM WAV under wav/<speaker>/<utt_id>.wav\n");
        sb.append("labels: emotion in ang,hap,neu,sad; domain EM/EF/JM/JF = language x gender; session = ((n-1) mod 5) + 1 of speaker n\n");
        sb.append("files: manifest.csv (canonical manifest + sentence_id), params.csv (synthesis parameters + transcription)\n");
        sb.append("sentences: the same fixed sentence list for every seed (en01..en20, ja01..ja20); see params.csv text\n");
        return sb.toString();
    }
}
