package io.dpfah.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpfah.data.Normalization;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run folder as {@link io.dpfah.experiment.RunExecutor} leaves it, read for reuse: its
 * {@code spec.yaml}, the normalisation recorded in {@code data.json}, the class names in
 * {@code metrics.json} and the saved codes ({@code *_codes.npy}, {@code *_labels.npy}; gitignored,
 * so only where the run was executed).
 *
 * @param dir the run folder
 * @param spec the run's resolved spec
 */
public record RunFolder(Path dir, ExperimentSpec spec) {
  /** The spec file every run folder holds. */
  public static final String SPEC_FILE = "spec.yaml";
  /** Data provenance, with the normalisation the run used. */
  public static final String DATA_FILE = "data.json";
  /** The run's metrics (class names in its classification section). */
  public static final String METRICS_FILE = "metrics.json";
  /** Database codes, one row per database item in the protocol's order. */
  public static final String DB_CODES = "db_codes.npy";
  /** Database labels, same rows. */
  public static final String DB_LABELS = "db_labels.npy";
  /** Query codes, one row per query in the protocol's order. */
  public static final String QUERY_CODES = "query_codes.npy";
  /** Query labels, same rows. */
  public static final String QUERY_LABELS = "query_labels.npy";
  /** The codes and labels, in the order above. */
  public static final List<String> CODE_FILES =
      List.of(QUERY_CODES, DB_CODES, QUERY_LABELS, DB_LABELS);

  /**
   * Reads {@code dir/spec.yaml}.
   *
   * @throws SearchException when the folder or its spec is missing
   * @throws io.dpfah.spec.SpecException when the spec is invalid
   */
  public static RunFolder open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new SearchException(dir + ": no such run folder, expected results/<experiment>/<run>");
    }
    Path spec = dir.resolve(SPEC_FILE);
    if (!Files.isRegularFile(spec)) {
      throw new SearchException(dir + ": no " + SPEC_FILE + ", expected a run folder written by"
          + " dpfah run or sweep (results/<experiment>/<run>)");
    }
    return new RunFolder(dir, SpecLoader.load(spec));
  }

  /** A file of the run folder. */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /** The codes files (of {@link #CODE_FILES}) that are absent. */
  public List<String> missingCodeFiles() {
    return missingCodeFiles(dir);
  }

  /** The codes files (of {@link #CODE_FILES}) absent from run folder {@code dir}. */
  public static List<String> missingCodeFiles(Path dir) {
    List<String> missing = new ArrayList<>();
    for (String f : CODE_FILES) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        missing.add(f);
      }
    }
    return List.copyOf(missing);
  }

  /**
   * The normalisation the run's evaluation pipeline applied: {@code data.json}'s when recorded,
   * else the fixed one the spec names ({@code none}, {@code imagenet}).
   *
   * @throws SearchException when a {@code dataset} normalisation is not recorded
   */
  public Normalization normalization() {
    JsonNode n = json(DATA_FILE).path("normalization");
    if (n.isObject()) {
      return new Normalization(n.path("kind").asText(), floats(n.path("mean")),
          floats(n.path("std")));
    }
    String kind = spec.data().normalization() == null ? "none" : spec.data().normalization();
    return switch (kind) {
      case "none" -> Normalization.none(spec.data().channels());
      case "imagenet" -> Normalization.imagenet(spec.data().channels());
      default -> throw new SearchException(file(DATA_FILE) + ": no normalization recorded,"
          + " expected the mean and std of the run's '" + kind + "' normalisation");
    };
  }

  /** The class names of {@code metrics.json}'s classification section, or an empty list. */
  public List<String> classNames() {
    List<String> names = new ArrayList<>();
    json(METRICS_FILE).path("classification").path("labels").forEach(l -> names.add(l.asText()));
    return List.copyOf(names);
  }

  /** A checksum of {@code data.json} ({@code querySha256}, ...), or null when absent. */
  String dataChecksum(String field) {
    JsonNode v = json(DATA_FILE).path(field);
    return v.isTextual() ? v.asText() : null;
  }

  /** A JSON file of the folder; a missing file reads as an empty object. */
  private JsonNode json(String name) {
    Path f = file(name);
    if (!Files.isRegularFile(f)) {
      return new ObjectMapper().createObjectNode();
    }
    try {
      return new ObjectMapper().readTree(f.toFile());
    } catch (JsonProcessingException e) {
      throw new SearchException(f + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  private float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    if (out.length != spec.data().channels()) {
      throw new SearchException(file(DATA_FILE) + ": normalization has " + out.length
          + " channel values, expected " + spec.data().channels() + " (data.channels)");
    }
    return out;
  }
}
