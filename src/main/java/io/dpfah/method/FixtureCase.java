package io.dpfah.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpfah.eval.EvalInputException;
import io.dpfah.eval.Npy;
import io.dpfah.eval.NpyArray;
import io.dpfah.model.HashingNetwork;
import io.dpfah.spec.MethodSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One method-loss case folder (see {@code shared/fixtures/methods/README.md}): a method, its
 * hyper-parameters under the reference's names, and steps of (u, y, ind) run in order against
 * one loss object; {@link #run} gives each step's loss and d loss / d u.
 *
 * @param dir the folder
 * @param method the method's definition
 * @param params its hyper-parameters (defaults, overridden by the case's {@code config})
 * @param bits code length K
 * @param classes number of labels C
 * @param numTrain rows of the code memory
 * @param multiLabel whether the labels are multi-hot
 * @param centers class centres (C×K) from {@code centers.npy}, or {@code null}
 * @param classifier the classification branch's weight (C×K) from {@code fc.npy} for a method
 *     whose loss reads the branch's logits ({@link ClassifierUse#SIGNS}), else {@code null}; fixed
 *     across the steps
 * @param steps the steps' inputs and reference values
 */
public record FixtureCase(Path dir, MethodDefinition method, MethodSpec params, int bits,
    int classes, int numTrain, boolean multiLabel, float[] centers, float[] classifier,
    List<Step> steps) {

  /**
   * One step.
   *
   * @param u network output (B×K)
   * @param y labels (B×C)
   * @param ind training positions (B)
   * @param loss the reference loss, or NaN when the case has none
   * @param gradient the reference d loss / d u (B×K), or {@code null}
   */
  public record Step(float[] u, float[] y, int[] ind, double loss, float[] gradient) {}

  /** Losses and gradients of every step. */
  public record Outcome(double[] losses, List<float[]> gradients) {}

  /** Reads and checks a case folder. */
  public static FixtureCase load(Path dir) {
    Path json = dir.resolve("case.json");
    if (!Files.isRegularFile(json)) {
      throw new FixtureCaseException(json + ": missing (a case folder holds case.json, u<k>.npy,"
          + " y<k>.npy, ind<k>.npy)");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json.toFile());
    } catch (IOException e) {
      throw new FixtureCaseException(json + ": not valid JSON: " + e.getMessage());
    }
    String name = text(root, json, "method");
    MethodDefinition def = MethodRegistry.find(name);
    if (def == null) {
      throw new FixtureCaseException(json + ": method: unknown method '" + name + "' (known: "
          + String.join(", ", MethodRegistry.names()) + ")");
    }
    if (def.isShallow()) {
      throw new FixtureCaseException(json + ": method: " + name + " is a shallow method (fitted"
          + " on features, no loss to check); cases are for the trained methods");
    }
    int bits = positive(root, json, "bits");
    int classes = positive(root, json, "classes");
    int numTrain = positive(root, json, "num_train");
    boolean multi = root.path("multi_label").asBoolean(false);
    if (multi && !def.multiLabel()) {
      throw new FixtureCaseException(json + ": method " + name
          + " does not support multi-label data");
    }
    MethodSpec params = params(def, root.path("config"), json);
    float[] centers = null;
    if (root.hasNonNull("centers")) {
      centers = floats(dir, root.get("centers").asText(), classes, bits);
    }
    float[] fc = null;
    if (def.classifier() == ClassifierUse.SIGNS) {
      if (!root.hasNonNull("fc")) {
        throw new FixtureCaseException(json + ": fc: method " + name + " needs its classifier's"
            + " weight, a [" + classes + ", " + bits + "] .npy file");
      }
      fc = floats(dir, root.get("fc").asText(), classes, bits);
    }
    JsonNode stepsNode = root.path("steps");
    if (!stepsNode.isArray() || stepsNode.isEmpty()) {
      throw new FixtureCaseException(json + ": steps: expected a non-empty list");
    }
    List<Step> steps = new ArrayList<>();
    for (int k = 0; k < stepsNode.size(); k++) {
      JsonNode s = stepsNode.get(k);
      NpyArray ua = read(dir, s.path("u").asText("u" + k + ".npy"));
      if (ua.ndim() != 2 || ua.dim(1) != bits) {
        throw shape(ua, "[B, " + bits + "]");
      }
      int b = ua.dim(0);
      float[] y = floats(dir, s.path("y").asText("y" + k + ".npy"), b, classes);
      NpyArray ia = read(dir, s.path("ind").asText("ind" + k + ".npy"));
      if (ia.ndim() != 1 || ia.dim(0) != b) {
        throw shape(ia, "[" + b + "]");
      }
      int[] ind = ia.toInts();
      for (int i : ind) {
        if (i < 0 || i >= numTrain) {
          throw new FixtureCaseException(ia.source() + ": position " + i
              + " is outside 0.." + (numTrain - 1) + " (num_train " + numTrain + ")");
        }
      }
      float[] g = s.hasNonNull("grad_u") ? floats(dir, s.get("grad_u").asText(), b, bits) : null;
      double loss = s.has("loss") ? s.get("loss").asDouble() : Double.NaN;
      steps.add(new Step(ua.toFloats(), y, ind, loss, g));
    }
    return new FixtureCase(dir, def, params, bits, classes, numTrain, multi, centers, fc,
        steps);
  }

  /**
   * Runs every step, in order, against one instance of the method; a {@link ClassifierUse#SIGNS}
   * method gets the logits the network's branch computes ({@link
   * HashingNetwork#straightThroughSign}, then the bias-free Linear with the case's weight).
   */
  public Outcome run() {
    double[] losses = new double[steps.size()];
    List<float[]> grads = new ArrayList<>();
    try (NDManager root = NDManager.newBaseManager();
        Method m = method.create(new MethodContext(params, bits, classes, numTrain, multiLabel, 0,
            null, null, centers, root))) {
      for (int k = 0; k < steps.size(); k++) {
        Step s = steps.get(k);
        try (NDManager nd = root.newSubManager()) {
          int b = s.ind().length;
          NDArray u = nd.create(s.u(), new Shape(b, bits));
          u.setRequiresGradient(true);
          NDArray y = nd.create(s.y(), new Shape(b, classes));
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = classifier == null ? null : Linear.linear(
                HashingNetwork.straightThroughSign(u),
                nd.create(classifier, new Shape(classes, bits))).singletonOrThrow();
            Method.Result r = m.loss(new MethodBatch(nd, u, logits, y, s.ind()));
            losses[k] = r.total().getFloat();
            gc.backward(r.total());
          }
          grads.add(u.getGradient().toFloatArray());
        }
      }
    }
    return new Outcome(losses, grads);
  }

  private static MethodSpec params(MethodDefinition def, JsonNode config, Path json) {
    Map<String, Object> values = new LinkedHashMap<>();
    def.params().forEach(p -> values.put(p.key(), p.def()));
    Iterator<Map.Entry<String, JsonNode>> it = config.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = json + ": config." + e.getKey();
      Param p = def.params().stream().filter(x -> x.key().equals(e.getKey())).findFirst()
          .orElseThrow(() -> new FixtureCaseException(field + ": unknown hyper-parameter of "
              + def.name() + (def.params().isEmpty() ? " (it has none)" : " (known: "
              + String.join(", ", def.params().stream().map(Param::key).toList()) + ")")));
      JsonNode v = e.getValue();
      Object value = switch (p.type()) {
        case BOOLEAN -> {
          if (!v.isBoolean()) {
            throw new FixtureCaseException(field + ": expected true or false, got " + v);
          }
          yield v.asBoolean();
        }
        case INTEGER -> {
          if (!v.isIntegralNumber()) {
            throw new FixtureCaseException(field + ": expected an integer, got " + v);
          }
          yield v.asInt();
        }
        case NUMBER -> {
          if (!v.isNumber()) {
            throw new FixtureCaseException(field + ": expected a number, got " + v);
          }
          yield v.asDouble();
        }
      };
      if (value instanceof Number n) {
        double d = n.doubleValue();
        if (d < p.min() || (p.minOpen() && d == p.min()) || d > p.max()) {
          throw new FixtureCaseException(field + ": must be " + p.range() + ", got " + v);
        }
      }
      values.put(p.key(), value);
    }
    return new MethodSpec(def.name(), values);
  }

  private static NpyArray read(Path dir, String file) {
    Path f = dir.resolve(file);
    if (!Files.isRegularFile(f)) {
      throw new FixtureCaseException(f + ": missing");
    }
    try {
      return Npy.read(f);
    } catch (EvalInputException e) {
      throw new FixtureCaseException(e.getMessage());
    }
  }

  private static float[] floats(Path dir, String file, int rows, int cols) {
    NpyArray a = read(dir, file);
    if (a.ndim() != 2 || a.dim(0) != rows || a.dim(1) != cols) {
      throw shape(a, "[" + rows + ", " + cols + "]");
    }
    return a.toFloats();
  }

  private static FixtureCaseException shape(NpyArray a, String expected) {
    return new FixtureCaseException(a.source() + ": expected shape " + expected + ", got "
        + java.util.Arrays.toString(a.shape()));
  }

  private static String text(JsonNode root, Path json, String key) {
    JsonNode n = root.get(key);
    if (n == null || !n.isTextual()) {
      throw new FixtureCaseException(json + ": " + key + ": required string is missing");
    }
    return n.asText();
  }

  private static int positive(JsonNode root, Path json, String key) {
    JsonNode n = root.get(key);
    if (n == null || !n.isIntegralNumber() || n.asInt() < 1) {
      throw new FixtureCaseException(json + ": " + key + ": expected a positive integer, got "
          + n);
    }
    return n.asInt();
  }
}
