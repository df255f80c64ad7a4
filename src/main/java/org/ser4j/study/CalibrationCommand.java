package org.ser4j.study;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ser4j.data.synth.SynthLanguage;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ser4j study calibration}: the synthetic corpus's difficulty, measured with the MFCC baseline
 * ({@link SynthCalibration}) on corpora generated in memory, one per seed.
 */
@Command(name = "calibration", mixinStandardHelpOptions = true,
        description = "Difficulty calibration of the synthetic corpus with the MFCC + logistic-regression baseline: "
                + "pooled, within- and cross-language LOSO, each synthesis parameter alone, language ID.")
public final class CalibrationCommand implements Callable<Integer> {
    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", paramLabel = "S",
            description = "Corpus seeds (default ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--utts", defaultValue = "10", paramLabel = "N",
            description = "Utterances per speaker and emotion (default ${DEFAULT-VALUE}).")
    int utts;

    @Option(names = "--jitter", defaultValue = "100", paramLabel = "PCT",
            description = "Per-utterance jitter in percent of the table SDs (default ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--intensity", split = ",", paramLabel = "MIN,MAX",
            description = "Emotion intensity range (default: the generator's).")
    List<Double> intensity;

    @Option(names = "--style", paramLabel = "S", description = "Speaker style spread (default: the generator's).")
    Double style;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--no-language-id", description = "Skip the language-identification check.")
    boolean noLanguageId;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        SynthOptions d = SynthOptions.defaults();
        if (intensity != null && intensity.size() != 2) {
            throw new BadInputException("--intensity: expected MIN,MAX, got " + intensity.size() + " value(s)");
        }
        double intensityMin = intensity == null ? d.intensityMin() : intensity.get(0);
        double intensityMax = intensity == null ? d.intensityMax() : intensity.get(1);
        double s = style == null ? d.style() : style;
        int t = threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads;
        if (seeds.isEmpty()) {
            throw new BadInputException("--seeds: at least one seed");
        }
        Map<String, Object> all = new LinkedHashMap<>();
        for (long seed : seeds) {
            SynthOptions o;
            try {
                o = d.withSeed(seed).withUtts(utts).withJitter(jitter).withThreads(t)
                        .withIntensity(intensityMin, intensityMax, s);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("study calibration: " + e.getMessage());
            }
            long t0 = System.nanoTime();
            Map<String, Object> r = SynthCalibration.evaluate(SynthCalibration.extract(o));
            if (!noLanguageId) {
                r.put("language_id_shared_channel_loso",
                        SynthCalibration.languageIdUar(SynthCalibration.extract(o.withSharedChannel(true)).data()));
            }
            r.put("seconds", (System.nanoTime() - t0) / 1e9);
            all.put("seed_" + seed, r);
            System.out.printf(Locale.ROOT,
                    "seed %d: LOSO %.3f | en %.3f ja %.3f | en->ja %.3f ja->en %.3f | best single param %.3f | all params %.3f | langID %s%n",
                    seed, r.get("loso_pooled"), r.get("loso_within_en"), r.get("loso_within_ja"), r.get("cross_en_to_ja"),
                    r.get("cross_ja_to_en"), r.get("single_parameter_best"), r.get("all_parameters_loso"),
                    r.get("language_id_shared_channel_loso"));
        }
        all.put("options", Map.of("utts_per_speaker_emotion", utts, "jitter", jitter, "intensity",
                List.of(intensityMin, intensityMax), "style", s, "languages", List.of(
                SynthLanguage.EN.code(), SynthLanguage.JA.code())));
        StudyJson.printAndWrite(all, json);
        return 0;
    }
}
