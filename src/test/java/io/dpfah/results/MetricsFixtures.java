package io.dpfah.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Hand-written metrics.json / history.csv / timing.csv files for tests. */
public final class MetricsFixtures {

  private MetricsFixtures() {}

  /** Writes a text file, creating folders. */
  public static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a finished run of an attention sweep; mAP@1000 = tie - 0.1, P@N = tie + 0.1 / +0.05,
   * p_r2 = tie - 0.2, PR curve of K+1 = 3 points.
   *
   * @return the run folder
   */
  public static Path finishedRun(Path exp, String attention, int bits, int seed, double tie,
      double stable, long totalParams, long attentionParams, double trainS) {
    String id = "attention=" + attention + ",bits=" + bits + ",seed=" + seed;
    String json = String.format(Locale.ROOT, """
        {
          "experiment": "ablation-attention",
          "run_id": "%s",
          "status": "finished",
          "error": null,
          "variant": {"model.attention": "%s", "hash.bits": %d, "seed": %d},
          "attention": "%s", "backbone": "resnet18", "bits": %d, "seed": %d,
          "dataset": "fashion-mnist", "protocol": "fmnist-hash",
          "params": {"total": %d, "backbone": 11000000, "attention": %d, "hash": 16416,
                     "classifier": 330},
          "retrieval": {
            "num_queries": 100, "num_database": 900, "bits": %d,
            "map": {"all": %s, "1000": %s},
            "map_tie_aware": {"all": %s, "1000": %s},
            "map_hashnet": {"all": %s, "1000": %s},
            "p_at_n": {"1": %s, "100": %s},
            "p_r2": %s,
            "pr_radius": {"precision": [1.0, %s, 0.5], "recall": [0.0, %s, 1.0]}
          },
          "classification": {"accuracy": 0.9, "macro_f1": 0.89, "labels": ["a", "b"],
                             "confusion": [[5, 1], [0, 4]]},
          "timing": {"train_s": %s, "encode_s": 3.0, "eval_s": 0.4, "total_s": 20.0,
                     "train_images_per_s": 400.0, "encode_images_per_s": 1500.0},
          "device": "cpu"
        }
        """, id, attention, bits, seed, attention, bits, seed, totalParams, attentionParams, bits,
        stable, stable - 0.1, tie, tie - 0.1, stable, stable - 0.1, tie + 0.1, tie + 0.05,
        tie - 0.2, tie, tie, trainS);
    write(exp.resolve(id).resolve("metrics.json"), json);
    return exp.resolve(id);
  }

  /** Writes a failed run that nevertheless carries a (misleading) retrieval section. */
  public static Path failedRun(Path exp, String attention, int bits, int seed, String error) {
    String id = "attention=" + attention + ",bits=" + bits + ",seed=" + seed;
    write(exp.resolve(id).resolve("metrics.json"), String.format(Locale.ROOT, """
        {"experiment": "ablation-attention", "run_id": "%s", "status": "failed",
         "error": "%s",
         "variant": {"model.attention": "%s", "hash.bits": %d, "seed": %d},
         "attention": "%s", "bits": %d, "seed": %d,
         "retrieval": {"map_tie_aware": {"all": 0.99}, "map": {"all": 0.99}}}
        """, id, error, attention, bits, seed, attention, bits, seed));
    return exp.resolve(id);
  }

  /**
   * Writes history.csv with the given total losses per epoch (other terms derived) and
   * timing.csv beside it (epoch e: 10·e seconds, 400 images/s, RSS 1000 + e MiB).
   */
  public static void history(Path runDir, double... losses) {
    StringBuilder sb = new StringBuilder(
        "epoch,loss,pairwise,classification,quantization,lr,map_all\n");
    StringBuilder timing = new StringBuilder("epoch,seconds,images_per_s,rss_mb\n");
    for (int i = 0; i < losses.length; i++) {
      sb.append(String.format(Locale.ROOT, "%d,%s,%s,0.1,0.01,0.001,%s%n", i + 1,
          losses[i], losses[i] - 0.11, i == losses.length - 1 ? "0.5" : ""));
      timing.append(String.format(Locale.ROOT, "%d,%d.0,400.0,%d%n", i + 1, 10 * (i + 1),
          1001 + i));
    }
    write(runDir.resolve("history.csv"), sb.toString());
    write(runDir.resolve("timing.csv"), timing.toString());
  }

  /**
   * Adds a {@code diagnostics} object to a run's metrics.json: the given bit balances (entropy
   * derived), mean |correlation|, buckets and Hamming histogram.
   */
  public static void diagnostics(Path runDir, double[] balance, double corr, int distinct,
      int largest, double share, long[] similar, long[] dissimilar) {
    Path file = runDir.resolve("metrics.json");
    StringBuilder b = new StringBuilder();
    StringBuilder h = new StringBuilder();
    for (double p : balance) {
      b.append(b.length() == 0 ? "" : ", ").append(p);
      double e = p <= 0 || p >= 1 ? 0
          : -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
      h.append(h.length() == 0 ? "" : ", ").append(e);
    }
    String json = String.format(Locale.ROOT, """
        "diagnostics": {"bit_balance": [%s], "bit_entropy": [%s],
          "mean_abs_bit_correlation": %s,
          "buckets": {"distinct": %d, "largest": %d, "query_bucket_share": %s},
          "hamming_histogram": {"similar": %s, "dissimilar": %s}},
          "classification":""", b, h, corr, distinct, largest, share,
        java.util.Arrays.toString(similar), java.util.Arrays.toString(dissimilar));
    try {
      String text = Files.readString(file);
      if (!text.contains("\"classification\":")) {
        throw new IllegalStateException(file + " has no classification field to insert before");
      }
      write(file, text.replace("\"classification\":", json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
