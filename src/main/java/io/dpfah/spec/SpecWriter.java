package io.dpfah.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a resolved spec back out with every field explicit and snake_case keys, as YAML (which
 * {@link SpecLoader} reads back to an equal record) or as nested maps (for JSON).
 */
public final class SpecWriter {
  private SpecWriter() {}

  /** The fully resolved spec as YAML. */
  public static String toYaml(ExperimentSpec spec) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setWidth(100);
    return new Yaml(options).dump(toMap(spec));
  }

  /**
   * The fully resolved spec as nested {@link LinkedHashMap}s in field order; values are
   * String, Long, Integer, Double, Boolean, List, Map or null. Top-k "all" is written {@code all}.
   */
  public static Map<String, Object> toMap(ExperimentSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", spec.name());
    m.put("seed", spec.seed());
    m.put("device", spec.device());
    m.put("threads", spec.threads());
    m.put("data", data(spec.data()));
    ModelSpec model = spec.model();
    Map<String, Object> mo = new LinkedHashMap<>();
    mo.put("backbone", model.backbone());
    mo.put("stem", model.stem());
    mo.put("attention", model.attention());
    mo.put("lambda", model.lambda());
    mo.put("reduction", model.reduction());
    mo.put("spatial_kernel", model.spatialKernel());
    mo.put("placement", model.placement());
    mo.put("zero_init_residual", model.zeroInitResidual());
    mo.put("pretrained", model.pretrained());
    mo.put("freeze", model.freeze());
    mo.put("bn_eval", model.bnEval());
    mo.put("from_run", model.fromRun());
    m.put("model", mo);
    m.put("hash", single("bits", spec.hash().bits()));
    Map<String, Object> cl = single("enabled", spec.classifier().enabled());
    cl.put("input", spec.classifier().input());
    m.put("classifier", cl);
    Map<String, Object> me = single("name", spec.method().name());
    if (!spec.method().params().isEmpty()) {
      me.put(spec.method().name(), new LinkedHashMap<>(spec.method().params()));
    }
    m.put("method", me);
    LossSpec loss = spec.loss();
    Map<String, Object> lo = new LinkedHashMap<>();
    lo.put("pairwise", loss.pairwise());
    lo.put("classification", loss.classification());
    lo.put("quantization", loss.quantization());
    lo.put("memory", loss.memory());
    m.put("loss", lo);
    OptimSpec optim = spec.optim();
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("optimizer", optim.optimizer());
    op.put("lr", optim.lr());
    op.put("momentum", optim.momentum());
    op.put("weight_decay", optim.weightDecay());
    op.put("batch_size", optim.batchSize());
    op.put("epochs", optim.epochs());
    op.put("schedule", optim.schedule());
    op.put("step_epochs", optim.stepEpochs());
    op.put("gamma", optim.gamma());
    op.put("warmup_epochs", optim.warmupEpochs());
    op.put("backbone_lr_mult", optim.backboneLrMult());
    m.put("optim", op);
    Map<String, Object> tr = single("checkpoint", spec.train().checkpoint());
    tr.put("checkpoint_every", spec.train().checkpointEvery());
    m.put("train", tr);
    EvalSpec eval = spec.eval();
    Map<String, Object> ev = new LinkedHashMap<>();
    List<Object> topk = new ArrayList<>();
    eval.topk().forEach(k -> topk.add(k == -1 ? "all" : k));
    ev.put("topk", topk);
    ev.put("precision_at", new ArrayList<>(eval.precisionAt()));
    ev.put("every", eval.every());
    ev.put("batch_size", eval.batchSize());
    ev.put("select", eval.select());
    m.put("eval", ev);
    m.put("sweep", sweep(spec.sweep()));
    return m;
  }

  private static Map<String, Object> data(DataSpec d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", d.dataset());
    m.put("root", d.root());
    m.put("protocol", d.protocol());
    m.put("image_size", d.imageSize());
    m.put("channels", d.channels());
    m.put("normalization", d.normalization());
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("flip", d.augmentation().flip());
    a.put("crop_padding", d.augmentation().cropPadding());
    a.put("resize", d.augmentation().resize());
    m.put("augmentation", a);
    if (d.lists() == null) {
      m.put("lists", null);
    } else {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("train", d.lists().train());
      l.put("query", d.lists().query());
      l.put("database", d.lists().database());
      m.put("lists", l);
    }
    DataSpec.SyntheticSpec y = d.synthetic();
    if (y == null) {
      m.put("synthetic", null);
    } else {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("classes", y.classes());
      s.put("train_per_class", y.trainPerClass());
      s.put("query_per_class", y.queryPerClass());
      s.put("database_per_class", y.databasePerClass());
      s.put("noise", y.noise());
      s.put("multi_label", y.multiLabel());
      m.put("synthetic", s);
    }
    m.put("workers", d.workers());
    m.put("cache", d.cache());
    m.put("query_per_class", d.queryPerClass());
    m.put("train_per_class", d.trainPerClass());
    m.put("validation_per_class", d.validationPerClass());
    return m;
  }

  private static Map<String, Object> sweep(SweepSpec s) {
    if (s == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", s.mode());
    if (s.axes() != null && !s.axes().isEmpty()) {
      Map<String, Object> axes = new LinkedHashMap<>();
      s.axes().forEach((k, v) -> axes.put(k, new ArrayList<>(v)));
      m.put("axes", axes);
    }
    if (s.variants() != null && !s.variants().isEmpty()) {
      List<Object> variants = new ArrayList<>();
      s.variants().forEach(v -> variants.add(new LinkedHashMap<>(v)));
      m.put("variants", variants);
    }
    return m;
  }

  private static Map<String, Object> single(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    return m;
  }
}
