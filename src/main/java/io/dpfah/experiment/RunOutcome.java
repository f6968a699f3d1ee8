package io.dpfah.experiment;

import io.dpfah.results.RunMetrics;
import java.nio.file.Path;

/**
 * How one run ended.
 *
 * @param runId the run's folder name
 * @param runDir the committed run folder
 * @param finished true when finished, false when recorded as failed
 * @param error the failure message, or {@code null}
 * @param metrics the content of metrics.json
 */
public record RunOutcome(
    String runId, Path runDir, boolean finished, String error, RunMetrics metrics) {}
