package org.ser4j.study;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ser4j.data.Manifest;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ser4j study baseline}: the MFCC + logistic-regression baseline ({@link ManifestBaseline}) on a manifest. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "MFCC + logistic-regression baseline on a corpus manifest: pooled, per-domain, within- and "
                + "cross-language LOSO UARs over ang, hap, neu, sad.")
public final class BaselineCommand implements Callable<Integer> {
    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "Canonical manifest.csv.")
    Path manifest;

    @Option(names = "--threads", paramLabel = "T", description = "Feature threads (default: available processors).")
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        int t = threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads;
        if (t < 1) {
            throw new BadInputException("--threads: must be at least 1, got " + t);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("manifest", manifest.toString());
        r.putAll(SynthCalibration.evaluateEmotion(ManifestBaseline.features(Manifest.read(manifest), t)));
        StudyJson.printAndWrite(r, json);
        return 0;
    }
}
