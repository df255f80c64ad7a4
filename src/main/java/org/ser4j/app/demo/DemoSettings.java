package org.ser4j.app.demo;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ser4j.util.BadInputException;

/**
 * {@code experiments/demo.yaml}: what the demo runs and at which size (see the comments in that file).
 *
 * @param work           work folder, relative to the project root
 * @param workers        parallel single-thread workers
 * @param trials         trials per mode (the issue asks for at least 3; fewer is allowed for quick checks, with a
 *                       warning)
 * @param encoderWeights pretrained encoder folder; used when it exists, otherwise the encoder starts at random
 * @param corpus         synthetic corpus options
 * @param experiments    experiment YAMLs, run in this order
 * @param set            {@code key.path -> value} overrides for every experiment (the demo's sizing)
 * @param fusion         late-fusion search settings
 * @param reportSettings report settings YAML ({@code ser4j report --settings})
 */
public record DemoSettings(String work, int workers, int trials, String encoderWeights, CorpusOptions corpus,
                           List<String> experiments, Map<String, Object> set, FusionOptions fusion,
                           String reportSettings) {
    /** Options of the synthetic demo corpus ({@code ser4j corpus synth}). */
    public record CorpusOptions(long seed, int speakersPerSession, int uttsPerSpeakerEmotion) {}

    /** Late fusion: subset size k, how many best subsets to keep, selection protocol and combination rule. */
    public record FusionOptions(int k, int top, String protocol, String rule) {}

    public DemoSettings {
        require(work != null && !work.isBlank(), "work", "a folder is required");
        require(workers >= 1, "workers", "must be >= 1, got " + workers);
        require(trials >= 1, "trials", "must be >= 1, got " + trials);
        require(corpus != null, "corpus", "the block is required");
        require(experiments != null && !experiments.isEmpty(), "experiments", "list at least one experiment YAML");
        require(fusion != null && fusion.k() >= 1 && fusion.top() >= 1, "fusion", "needs k >= 1 and top >= 1");
        experiments = List.copyOf(experiments);
        set = set == null ? Map.of() : new LinkedHashMap<>(set);
    }

    private static void require(boolean ok, String key, String what) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": " + what);
        }
    }

    public static DemoSettings read(Path file) {
        ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        try {
            return yaml.readValue(Files.readString(file), DemoSettings.class);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": demo settings not found");
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException(file + ": unknown key '" + e.getPropertyName() + "'", e);
        } catch (IOException e) {
            Throwable c = e;
            while (c.getCause() != null) {
                c = c.getCause();
            }
            throw new BadInputException(file + ": " + (c instanceof IllegalArgumentException ? c.getMessage()
                    : e.getMessage()), e);
        }
    }

    public DemoSettings withWork(String w) {
        return new DemoSettings(w, workers, trials, encoderWeights, corpus, experiments, set, fusion, reportSettings);
    }

    public DemoSettings withWorkers(int n) {
        return new DemoSettings(work, n, trials, encoderWeights, corpus, experiments, set, fusion, reportSettings);
    }

    public DemoSettings withTrials(int n) {
        return new DemoSettings(work, workers, n, encoderWeights, corpus, experiments, set, fusion, reportSettings);
    }
}
