package io.dpfah.spec;

import io.dpfah.method.ClassifierUse;
import io.dpfah.method.MethodDefinition;
import io.dpfah.method.MethodRegistry;
import io.dpfah.method.Param;
import io.dpfah.method.ShallowHasher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Binds a {@link Doc} to a validated, fully defaulted {@link ExperimentSpec}. */
final class SpecBinder {
  static final List<String> ROOT_KEYS = List.of("name", "seed", "device", "threads", "data",
      "model", "hash", "classifier", "method", "loss", "optim", "train", "eval", "sweep");
  static final List<String> DATA_KEYS = List.of("dataset", "root", "protocol", "image_size",
      "channels", "normalization", "augmentation", "lists", "synthetic", "workers", "cache", "query_per_class",
      "train_per_class", "validation_per_class");
  static final List<String> AUGMENT_KEYS = List.of("flip", "crop_padding", "resize");
  static final List<String> LISTS_KEYS = List.of("train", "query", "database");
  static final List<String> SYNTHETIC_KEYS = List.of("classes", "train_per_class",
      "query_per_class", "database_per_class", "noise", "multi_label");
  static final List<String> MODEL_KEYS = List.of("backbone", "stem", "attention", "lambda",
      "reduction", "spatial_kernel", "placement", "zero_init_residual", "pretrained", "freeze",
      "bn_eval", "from_run");
  static final List<String> HASH_KEYS = List.of("bits");
  static final List<String> CLASSIFIER_KEYS = List.of("enabled", "input");
  static final List<String> LOSS_KEYS =
      List.of("pairwise", "classification", "quantization", "memory");
  static final List<String> OPTIM_KEYS = List.of("optimizer", "lr", "momentum", "weight_decay",
      "batch_size", "epochs", "schedule", "step_epochs", "gamma", "warmup_epochs",
      "backbone_lr_mult");
  static final List<String> TRAIN_KEYS = List.of("checkpoint", "checkpoint_every");
  static final List<String> EVAL_KEYS =
      List.of("topk", "precision_at", "every", "batch_size", "select");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final long BIG = Integer.MAX_VALUE;

  private SpecBinder() {}

  /** Binds the document; its {@code sweep} block, if any, becomes a {@link SweepSpec}. */
  static ExperimentSpec bind(Doc.Mapping root) {
    Section s = new Section(root, "", root.where(), ROOT_KEYS);
    String name = s.string("name", null);
    if (!NAME.matcher(name).matches()) {
      throw s.error("name", "'" + name + "' is not a valid name (letters, digits, '.', '_', '-';"
          + " it names the results folder)");
    }
    long seed = s.integer("seed", 0, 0, Long.MAX_VALUE);
    String device = s.string("device", "auto");
    if (!SpecEnums.DEVICE.matcher(device).matches()) {
      throw s.error("device", "'" + device + "' is not one of auto, cpu, gpu, gpu:N (N = 0, 1,"
          + " ...: the GPU's index among those CUDA_VISIBLE_DEVICES shows)");
    }
    int threads = (int) s.integer("threads", 0, 0, 4096);
    DataSpec data = data(s.section("data", DATA_KEYS));
    Section ms = s.section("model", MODEL_KEYS);
    ModelSpec model = model(ms);
    Section hs = s.section("hash", HASH_KEYS);
    HashSpec hash = new HashSpec((int) hs.integer("bits", 32, 4, 1024));
    MethodSpec method = method(s);
    MethodDefinition def = MethodRegistry.get(method.name());
    featuresSource(s, ms, hs, model, hash, method, def);
    Section cs = s.section("classifier", CLASSIFIER_KEYS);
    boolean signs = def.classifier() == ClassifierUse.SIGNS;
    ClassifierSpec classifier = new ClassifierSpec(cs.bool("enabled", def.hasClassifier()),
        cs.choice("input", signs ? "signs" : "codes", SpecEnums.CLASSIFIER_INPUTS));
    if (classifier.enabled() && !def.hasClassifier()) {
      throw cs.error("enabled", "method " + method.name() + " has no classification branch"
          + " (only " + String.join(", ", MethodRegistry.all().stream()
          .filter(MethodDefinition::hasClassifier).map(MethodDefinition::name).toList())
          + " use it); set it to false");
    }
    if (signs && !classifier.enabled()) {
      throw cs.error("enabled", "method " + method.name() + " trains through its classification"
          + " branch (its loss is the branch's cross-entropy); set it to true");
    }
    if (signs && !classifier.input().equals("signs")) {
      throw cs.error("input", "method " + method.name() + "'s classifier reads sign(u); use"
          + " signs, got '" + classifier.input() + "'");
    }
    if (!def.multiLabel() && data.synthetic() != null && data.synthetic().multiLabel()) {
      throw s.error("method", "method " + method.name() + " does not support multi-label data"
          + " (data.synthetic.multi_label is true)");
    }
    LossSpec loss = loss(s.section("loss", LOSS_KEYS), classifier.enabled());
    OptimSpec optim = optim(s.section("optim", OPTIM_KEYS));
    Section ts = s.section("train", TRAIN_KEYS);
    TrainSpec train = new TrainSpec(ts.bool("checkpoint", true),
        (int) ts.integer("checkpoint_every", 0, 0, BIG));
    EvalSpec eval = eval(s.section("eval", EVAL_KEYS), data);
    SweepSpec sweep = s.has("sweep") ? SweepBlock.parse(s, "sweep").spec() : null;
    return new ExperimentSpec(name, seed, device, threads, data, model, hash, classifier, method,
        loss, optim, train, eval, sweep);
  }

  private static DataSpec data(Section s) {
    String dataset = s.choice("dataset", null, SpecEnums.DATASETS);
    String root = s.optionalString("root");
    List<String> protocols = SpecEnums.PROTOCOLS_BY_DATASET.get(dataset);
    String protocol = s.choice("protocol", protocols.get(0), SpecEnums.PROTOCOLS);
    if (!protocols.contains(protocol)) {
      throw s.error("protocol", "'" + protocol + "' does not apply to data set '" + dataset
          + "' (use " + String.join(", ", protocols) + ")");
    }
    int imageSize = (int) s.integer("image_size", 32, 8, 4096);
    int channels = (int) s.integer("channels", 3, 1, 3);
    if (channels == 2) {
      throw s.error("channels", "must be 1 or 3, got 2");
    }
    String normalization = s.choice("normalization", "dataset", SpecEnums.NORMALIZATIONS);
    Section a = s.section("augmentation", AUGMENT_KEYS);
    boolean flip = a.bool("flip", false);
    int cropPadding = (int) a.integer("crop_padding", 0, 0, imageSize);
    int resize = (int) a.integer("resize", 0, 0, 8192);
    if (resize != 0 && resize < imageSize) {
      throw a.error("resize", "must be 0 or at least data.image_size (" + imageSize + "), got "
          + resize);
    }
    DataSpec.ListsSpec lists = null;
    if (protocol.equals("lists")) {
      Section l = s.section("lists", LISTS_KEYS);
      lists = new DataSpec.ListsSpec(
          nonBlank(l, "train", "train.txt"), nonBlank(l, "query", "test.txt"),
          nonBlank(l, "database", "database.txt"));
    } else if (s.has("lists")) {
      throw s.error("lists", "only allowed when data.protocol is lists (protocol is '"
          + protocol + "')");
    }
    DataSpec.SyntheticSpec synthetic = null;
    if (dataset.equals("synthetic")) {
      Section y = s.section("synthetic", SYNTHETIC_KEYS);
      synthetic = new DataSpec.SyntheticSpec(
          (int) y.integer("classes", 10, 2, 1000),
          (int) y.integer("train_per_class", 100, 1, BIG),
          (int) y.integer("query_per_class", 20, 1, BIG),
          (int) y.integer("database_per_class", 200, 1, BIG),
          y.number("noise", 0.3, 0, false, 1),
          y.bool("multi_label", false));
    } else if (s.has("synthetic")) {
      throw s.error("synthetic", "only allowed when data.dataset is synthetic (data set is '"
          + dataset + "')");
    }
    int workers = (int) s.integer("workers", 0, 0, 4096);
    boolean cache = s.bool("cache", true);
    int queryPerClass = perClass(s, "query_per_class", protocol);
    int trainPerClass = perClass(s, "train_per_class", protocol);
    int validationPerClass = (int) s.integer("validation_per_class", 0, 0, BIG);
    return new DataSpec(dataset, root, protocol, imageSize, channels, normalization,
        new DataSpec.AugmentSpec(flip, cropPadding, resize), lists, synthetic, workers, cache,
        queryPerClass, trainPerClass, validationPerClass);
  }

  /** A per-class count of the per-class protocols; 0 (the default) = the protocol's standard. */
  private static int perClass(Section s, String key, String protocol) {
    int v = (int) s.integer(key, 0, 0, BIG);
    if (v != 0 && !SpecEnums.PER_CLASS_PROTOCOLS.contains(protocol)) {
      throw s.error(key, "only applies to the protocols " + String.join(", ",
          SpecEnums.PER_CLASS_PROTOCOLS) + " (protocol is '" + protocol + "'); use 0");
    }
    return v;
  }

  private static String nonBlank(Section s, String key, String def) {
    String v = s.string(key, def);
    if (v.isBlank()) {
      throw s.error(key, "expected a file name, got ''");
    }
    return v;
  }

  private static ModelSpec model(Section s) {
    String backbone = s.choice("backbone", "resnet18", SpecEnums.BACKBONES);
    String stem = s.choice("stem", "imagenet", SpecEnums.STEMS);
    String attention = s.choice("attention", "pfa", SpecEnums.ATTENTIONS);
    double lambda = s.number("lambda", 1e-4, 0, true, Double.MAX_VALUE);
    int reduction = (int) s.integer("reduction", 16, 1, 1024);
    int kernel = (int) s.integer("spatial_kernel", 7, 1, 15);
    if (kernel % 2 == 0) {
      throw s.error("spatial_kernel", "must be odd, got " + kernel);
    }
    String placement = s.choice("placement", "auto", SpecEnums.PLACEMENTS);
    boolean zeroInit = s.bool("zero_init_residual", false);
    boolean resnet = backbone.startsWith("resnet");
    if (!resnet && !attention.equals("none")) {
      throw s.error("attention", backbone + " has no residual blocks to attach '" + attention
          + "' to; use none (attention variants need a ResNet backbone)");
    }
    if (!resnet && !stem.equals("imagenet")) {
      throw s.error("stem", "'" + stem + "' is a ResNet stem; " + backbone + " has its own"
          + " (use imagenet)");
    }
    String pretrained = s.optionalString("pretrained");
    if (pretrained != null && pretrained.isBlank()) {
      throw s.error("pretrained", "expected a .pth / .safetensors path or 'torchvision', got ''");
    }
    List<String> stages = resnet ? SpecEnums.RESNET_STAGES : SpecEnums.CLASSIC_STAGES;
    List<String> freeze = s.strings("freeze", List.of());
    for (String stage : freeze) {
      if (!stages.contains(stage)) {
        throw s.error("freeze", "'" + stage + "' is not a stage of " + backbone + " (stages: "
            + String.join(", ", stages) + ")");
      }
    }
    boolean bnEval = s.bool("bn_eval", false);
    if (bnEval && !resnet) {
      throw s.error("bn_eval", backbone + " has no BatchNorm layers; use false");
    }
    String fromRun = s.optionalString("from_run");
    if (fromRun != null && fromRun.isBlank()) {
      throw s.error("from_run", "expected a run folder (results/<experiment>/<run>), got ''");
    }
    if (fromRun != null && pretrained != null) {
      throw s.error("from_run", "model.pretrained is set too; the features come from one of"
          + " them (leave the other null)");
    }
    return new ModelSpec(backbone, stem, attention, lambda, reduction, kernel, placement,
        zeroInit, pretrained, freeze, bnEval, fromRun);
  }

  /**
   * A shallow method needs its features' network: pretrained weights, a trained run, or an
   * explicit opt-in to a random backbone; {@code model.from_run} is for shallow methods only.
   * A method that caps the code length by the feature width (ITQ) is checked here when the
   * backbone is known (with {@code model.from_run} the run's network is known at run time).
   */
  private static void featuresSource(Section s, Section ms, Section hs, ModelSpec model,
      HashSpec hash, MethodSpec method, MethodDefinition def) {
    String name = method.name();
    if (!def.isShallow()) {
      if (model.fromRun() != null) {
        throw ms.error("from_run", "only for the shallow methods ("
            + String.join(", ", MethodRegistry.all().stream().filter(MethodDefinition::isShallow)
            .map(MethodDefinition::name).toList()) + "), which hash a trained run's features;"
            + " method " + name + " trains its own network (model.pretrained starts it from"
            + " weights)");
      }
      return;
    }
    boolean random = method.bool(ShallowHasher.RANDOM_BACKBONE_KEY);
    String flag = "method." + name + "." + ShallowHasher.RANDOM_BACKBONE_KEY;
    boolean weights = model.pretrained() != null || model.fromRun() != null;
    if (!weights && !random) {
      throw s.error("method", "method " + name + " hashes a backbone's pooled features: set"
          + " model.pretrained (a weights file or torchvision) or model.from_run (a finished"
          + " run's folder), or " + flag + ": true for a randomly initialised backbone");
    }
    if (weights && random) {
      String field = model.pretrained() != null ? "pretrained" : "from_run";
      throw ms.error(field, flag + " is true, so the backbone must stay random: leave"
          + " model." + field + " null or set " + flag + " to false");
    }
    if (model.fromRun() == null) {
      int width = SpecEnums.FEATURE_WIDTHS.get(model.backbone());
      int max = def.createHasher(method).maxBits(width);
      if (hash.bits() > max) {
        throw hs.error("bits", "method " + name + " fits at most " + max + " bits on "
            + model.backbone() + "'s " + width + " pooled features, got " + hash.bits());
      }
    }
  }

  /**
   * {@code method: NAME} or {@code method: {name: NAME, NAME: {param: value, ...}, ...}}. Every
   * method section present is validated (a sweep over methods may use several); the chosen
   * method's parameters are resolved with their declared defaults.
   */
  private static MethodSpec method(Section s) {
    List<String> names = MethodRegistry.names();
    if (!(s.node("method") instanceof Doc.Mapping)) {
      String name = s.choice("method", MethodRegistry.DEFAULT, names);
      return new MethodSpec(name, resolve(MethodRegistry.get(name), null));
    }
    List<String> keys = new ArrayList<>();
    keys.add("name");
    keys.addAll(names);
    Section ms = s.section("method", keys);
    String name = ms.choice("name", MethodRegistry.DEFAULT, names);
    Map<String, Object> chosen = null;
    for (MethodDefinition d : MethodRegistry.all()) {
      if (ms.has(d.name()) || d.name().equals(name)) {
        Map<String, Object> values = resolve(d, ms.section(d.name(),
            d.params().stream().map(Param::key).toList()));
        if (d.name().equals(name)) {
          chosen = values;
        }
      }
    }
    return new MethodSpec(name, chosen);
  }

  /** Every declared parameter of {@code d}, read from {@code s} (null: all defaults). */
  private static Map<String, Object> resolve(MethodDefinition d, Section s) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Param p : d.params()) {
      Object v;
      if (s == null) {
        v = p.def();
      } else {
        v = switch (p.type()) {
          case NUMBER -> s.number(p.key(), (Double) p.def(), p.min(), p.minOpen(), p.max());
          case INTEGER -> (int) s.integer(p.key(), (Integer) p.def(), (long) p.min(),
              (long) p.max());
          case BOOLEAN -> s.bool(p.key(), (Boolean) p.def());
        };
      }
      out.put(p.key(), v);
    }
    return Collections.unmodifiableMap(out);
  }

  private static LossSpec loss(Section s, boolean classifierEnabled) {
    double pairwise = s.number("pairwise", 1.0, 0, false, Double.MAX_VALUE);
    double classification =
        s.number("classification", classifierEnabled ? 1.0 : 0.0, 0, false, Double.MAX_VALUE);
    if (!classifierEnabled && classification != 0) {
      throw s.error("classification", "must be 0 when classifier.enabled is false, got "
          + classification);
    }
    double quantization = s.number("quantization", 0.1, 0, false, Double.MAX_VALUE);
    boolean memory = s.bool("memory", true);
    if (pairwise == 0 && classification == 0) {
      throw s.error("pairwise and classification weights are both 0: nothing to learn");
    }
    return new LossSpec(pairwise, classification, quantization, memory);
  }

  private static OptimSpec optim(Section s) {
    String optimizer = s.choice("optimizer", "adam", SpecEnums.OPTIMIZERS);
    double lr = s.number("lr", 1e-3, 0, true, 10);
    double momentum = s.number("momentum", 0.9, 0, false, 1);
    double weightDecay = s.number("weight_decay", 1e-5, 0, false, 1);
    int batchSize = (int) s.integer("batch_size", 64, 2, BIG);
    int epochs = (int) s.integer("epochs", 10, 1, BIG);
    String schedule = s.choice("schedule", "cosine", SpecEnums.SCHEDULES);
    int stepEpochs = (int) s.integer("step_epochs", 10, 1, BIG);
    double gamma = s.number("gamma", 0.1, 0, true, 1);
    int warmup = (int) s.integer("warmup_epochs", 0, 0, BIG);
    if (warmup > epochs) {
      throw s.error("warmup_epochs", "must be between 0 and optim.epochs (" + epochs + "), got "
          + warmup);
    }
    double backboneLrMult = s.number("backbone_lr_mult", 1.0, 0, false, 1000);
    return new OptimSpec(optimizer, lr, momentum, weightDecay, batchSize, epochs, schedule,
        stepEpochs, gamma, warmup, backboneLrMult);
  }

  private static EvalSpec eval(Section s, DataSpec data) {
    List<Integer> topk = s.positiveInts("topk", List.of(-1, 1000), true, true);
    List<Integer> precisionAt = s.positiveInts("precision_at", List.of(1, 10, 100, 1000), false,
        false);
    int every = (int) s.integer("every", 0, 0, BIG);
    int batchSize = (int) s.integer("batch_size", 256, 1, BIG);
    String select = s.choice("select", "last", SpecEnums.SELECTIONS);
    if (select.equals("best") && data.validationPerClass() == 0) {
      throw s.error("select", "'best' picks the epoch on a validation split, and there is none:"
          + " set data.validation_per_class (images per class taken out of the training set)");
    }
    return new EvalSpec(topk, precisionAt, every, batchSize, select);
  }
}
