package org.ser4j.provenance;

import java.time.Instant;
import java.util.Map;

/**
 * What one fold run was made from and how it ended. Written as {@link RunStatus#RUNNING} before training, rewritten
 * as DONE (with the summary) or FAILED (with the error), so interrupted runs stay visible.
 *
 * @param experiment  experiment name
 * @param mode        vanilla | mtl | dann | fake-*
 * @param trial       trial number
 * @param fold        test session
 * @param seed        the derived seed of this fold run
 * @param configSha256 SHA-256 of {@code config.resolved.yaml}
 * @param summary     free-form result figures (selected step, UAR, ...), null while running
 */
public record RunProvenance(String experiment, String mode, int trial, int fold, long seed, String configSha256,
                            GitInfo git, EnvInfo env, DataFingerprint data, String weights, RunStatus status,
                            String startedAt, String finishedAt, String error, Map<String, Object> summary) {

    public RunProvenance finished(RunStatus newStatus, String errorText, Map<String, Object> newSummary) {
        return new RunProvenance(experiment, mode, trial, fold, seed, configSha256, git, env, data, weights,
                newStatus, startedAt, Instant.now().toString(), errorText, newSummary);
    }
}
