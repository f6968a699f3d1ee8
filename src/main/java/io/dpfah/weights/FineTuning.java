package io.dpfah.weights;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.dpfah.model.AttentionModule;
import io.dpfah.model.Backbone;
import io.dpfah.model.HashingNetwork;
import io.dpfah.model.ModelException;
import io.dpfah.results.RunMetrics;
import io.dpfah.spec.ModelSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Pretrained weights and stage freezing for an initialised {@link HashingNetwork}. */
public final class FineTuning {

  private FineTuning() {}

  /**
   * Loads {@code model.pretrained} into the backbone (if set) and freezes the stages
   * {@code model.freeze} names. Call after the network's own initialisation.
   *
   * @return the load report, or null without pretrained weights
   */
  public static PretrainedWeights.Report prepare(HashingNetwork net, ModelSpec spec) {
    Backbone backbone = net.backbone();
    PretrainedWeights.Report report = null;
    if (spec.pretrained() != null) {
      report = PretrainedWeights.load(backbone,
          PretrainedWeights.resolve(spec.pretrained(), spec.backbone()));
    }
    for (String stage : spec.freeze()) {
      List<Block> blocks = backbone.stages().get(stage);
      if (blocks == null) {
        throw new ModelException("model.freeze: '" + stage + "' is not a stage of "
            + spec.backbone() + " (stages: " + String.join(", ", backbone.stages().keySet())
            + ")");
      }
      for (Block b : blocks) {
        b.freezeParameters(true);
      }
    }
    return report;
  }

  /** Ids of the backbone's own parameters (attention modules excluded): the ones pretrained. */
  public static Set<String> backboneParameterIds(HashingNetwork net) {
    Set<String> ids = new HashSet<>();
    collect(net.backbone(), ids);
    return ids;
  }

  private static void collect(Block block, Set<String> ids) {
    if (block instanceof AttentionModule) {
      return;
    }
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      ids.add(p.getValue().getId());
    }
    for (Pair<String, Block> c : block.getChildren()) {
      collect(c.getValue(), ids);
    }
  }

  /** The report as recorded in metrics.json and provenance.json. */
  public static RunMetrics.Pretrained toPretrained(PretrainedWeights.Report r) {
    return new RunMetrics.Pretrained(r.file().toAbsolutePath().toString(), r.sha256(),
        r.loaded().size(), r.dropped(), r.seconds());
  }
}
