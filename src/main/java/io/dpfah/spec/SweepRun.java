package io.dpfah.spec;

import java.util.Map;

/**
 * One run of a sweep.
 *
 * @param runId deterministic, readable, filesystem-safe id such as
 *     {@code attention=pfa,bits=32,seed=1} ({@code default} for a spec without sweep)
 * @param variant the swept values of this run, field path to plain value, in sweep order
 * @param spec the validated spec of this run (its {@code sweep} is {@code null})
 */
public record SweepRun(String runId, Map<String, Object> variant, ExperimentSpec spec) {}
