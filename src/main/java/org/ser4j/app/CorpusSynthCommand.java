package org.ser4j.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.ser4j.data.synth.SynthCorpusWriter;
import org.ser4j.data.synth.SynthLanguage;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ser4j corpus synth}: generate the synthetic bilingual emotional-speech corpus. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Generate the synthetic bilingual (en/ja) emotional-speech corpus: 16 kHz WAVs, manifest.csv, "
                + "params.csv, corpus_info.txt. The output depends only on the options, not on --threads.")
public final class CorpusSynthCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Root seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--speakers-per-session", defaultValue = "1",
            description = "Speakers per (session, language, gender): 1 or 2 (default: ${DEFAULT-VALUE}).")
    int speakersPerSession;

    @Option(names = "--utts-per-speaker-emotion", defaultValue = "10",
            description = "Utterances per speaker and emotion (default: ${DEFAULT-VALUE}).")
    int utts;

    @Option(names = "--languages", defaultValue = "en,ja", split = ",",
            description = "Comma-separated languages among en, ja (default: ${DEFAULT-VALUE}).")
    List<String> languages;

    @Option(names = "--jitter", defaultValue = "100",
            description = "Per-utterance jitter in percent of the table SDs; the difficulty knob (default: ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--shared-channel", description = "Record Japanese sessions through the English channels too.")
    boolean sharedChannel;

    @Option(names = "--threads", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--spectrograms", description = "Also write img/<utt_id>.png spectrograms of the first take of each "
            + "session-1 speaker and emotion.")
    boolean spectrograms;

    @Override
    public Integer call() throws Exception {
        List<SynthLanguage> langs = new ArrayList<>();
        for (String l : languages) {
            try {
                SynthLanguage lang = SynthLanguage.fromCode(l);
                if (!langs.contains(lang)) {
                    langs.add(lang);
                }
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--languages: '" + l + "' is not a corpus language, expected en and/or ja");
            }
        }
        SynthOptions d = SynthOptions.defaults();
        SynthOptions options;
        try {
            options = new SynthOptions(seed, speakersPerSession, utts, langs, jitter, d.intensityMin(), d.intensityMax(),
                    d.style(), sharedChannel, threads == null ? d.threads() : threads);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        SynthCorpusWriter.Summary s = SynthCorpusWriter.write(options, out, spectrograms);
        System.out.printf(Locale.ROOT, "wrote %d utterances (%.1f s of audio) to %s in %.1f s (%.0fx real time, %d threads)%n",
                s.utterances(), s.audioSeconds(), out, s.wallSeconds(), s.realTimeFactor(), options.threads());
        return 0;
    }
}
