package org.ser4j.app.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.ser4j.data.synth.SynthCorpusWriter;
import org.ser4j.data.synth.SynthLanguage;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.util.AtomicFiles;

/**
 * The demo's synthetic corpus ({@code <work>/synth/}): generated once, into a temporary folder that is renamed when
 * complete, so an interrupted generation is never mistaken for a corpus. A rerun finds {@code manifest.csv} and
 * reuses it.
 */
final class DemoCorpus {
    private DemoCorpus() {}

    static Path ensure(Path work, DemoSettings.CorpusOptions o, int threads, PrintStream out) throws IOException {
        Path dir = work.resolve("synth");
        Path manifest = dir.resolve("manifest.csv");
        if (Files.isRegularFile(manifest)) {
            out.println("corpus: reusing " + manifest);
            return manifest;
        }
        Path tmp = work.resolve("synth.tmp");
        AtomicFiles.deleteTree(tmp);
        Files.createDirectories(work);
        SynthOptions d = SynthOptions.defaults();
        SynthOptions options = new SynthOptions(o.seed(), o.speakersPerSession(), o.uttsPerSpeakerEmotion(),
                List.of(SynthLanguage.EN, SynthLanguage.JA), d.jitterPct(), d.intensityMin(), d.intensityMax(),
                d.style(), false, Math.max(1, threads));
        SynthCorpusWriter.Summary s = SynthCorpusWriter.write(options, tmp, false);
        AtomicFiles.deleteTree(dir);
        AtomicFiles.move(tmp, dir);
        out.printf(Locale.ROOT, "corpus: generated %d utterances (%.0f s of audio) in %.1f s -> %s%n", s.utterances(),
                s.audioSeconds(), s.wallSeconds(), dir);
        return manifest;
    }

}
