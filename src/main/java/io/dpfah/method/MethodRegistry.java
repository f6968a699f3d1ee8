package io.dpfah.method;

import static io.dpfah.method.Param.bool;
import static io.dpfah.method.Param.integer;
import static io.dpfah.method.Param.number;

import io.dpfah.loss.HashingLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every method, one declaration each; the spec's {@code method} field, its
 * {@code method.<name>} sections, the resolved spec.yaml and the README's method table come from
 * here. Defaults are the reference implementation's ({@code get_config} of DeepHash-pytorch; for
 * OrthoHash cisip-FIRe's {@code configs/templates/orthocos.yaml}; for ITQ the authors'
 * {@code compressITQ.m}). The deep methods train the network on their loss; the shallow ones
 * ({@link MethodDefinition#shallow}: {@code lsh}, {@code itq}) fit a linear hash on a backbone's
 * pooled features and train nothing.
 */
public final class MethodRegistry {
  /** The default method. */
  public static final String DEFAULT = "dpfah";

  private static final double BIG = Double.MAX_VALUE;
  private static final String DHP = "DeepHash-pytorch ";
  private static final Map<String, MethodDefinition> METHODS = new LinkedHashMap<>();

  static {
    ClassifierUse none = ClassifierUse.NONE;
    add(new MethodDefinition("dpfah", "DPSH pairwise against the code memory + classification +"
        + " quantisation on tanh codes; weights in the `loss` section", "this project's paper",
        true, HashActivation.TANH, ClassifierUse.OPTIONAL, HashingLoss.termNames(),
        List.of(), Dpfah::new));
    add(new MethodDefinition("dpsh", "pairwise likelihood against the code memory + α·(u − sign"
        + " u)²", DHP + "DPSH.DPSHLoss", true, HashActivation.NONE, none,
        List.of("pairwise", "quantization"),
        List.of(number("alpha", 0.1, 0, false, BIG, "quantisation weight")),
        c -> new Dpsh(c, false)));
    add(new MethodDefinition("hashnet", "weighted pairwise likelihood on tanh(scale·u) within"
        + " the batch, scale continuation", DHP + "HashNet.HashNetLoss", true,
        HashActivation.NONE, none, List.of("pairwise"),
        List.of(number("alpha", 0.1, 0, true, BIG, "sigmoid steepness of the inner product"),
            integer("step_continuation", 20, 1, Integer.MAX_VALUE,
                "epochs per continuation step: scale = √(⌊(epoch−1)/step⌋ + 1)")),
        HashNet::new));
    add(new MethodDefinition("dsh", "contrastive loss on squared distances to the code memory,"
        + " margin 2K + α·|1 − |u||", DHP + "DSH.DSHLoss", true, HashActivation.NONE, none,
        List.of("pairwise", "quantization"),
        List.of(number("alpha", 0.1, 0, false, BIG, "quantisation weight")), Dsh::new));
    add(new MethodDefinition("dhn", "pairwise likelihood against the code memory + α·log cosh(|u|"
        + " − 1)", DHP + "DHN.DHNLoss", true, HashActivation.NONE, none,
        List.of("pairwise", "quantization"),
        List.of(number("alpha", 0.1, 0, false, BIG, "quantisation weight")),
        c -> new Dpsh(c, true)));
    add(new MethodDefinition("dch", "Cauchy cross-entropy on the normalised Hamming distance"
        + " within the batch + Cauchy quantisation", DHP + "DCH.DCHLoss", true,
        HashActivation.NONE, none, List.of("pairwise", "quantization"),
        List.of(number("gamma", 20.0, 0, true, BIG, "Cauchy scale γ"),
            number("lambda", 0.1, 0, false, BIG, "quantisation weight λ")), Dch::new));
    add(new MethodDefinition("dtsh", "triplet likelihood within the batch + λ·(u − sign u)²",
        DHP + "DTSH.DTSHLoss", true, HashActivation.NONE, none,
        List.of("triplet", "quantization"),
        List.of(number("alpha", 5.0, 0, false, BIG, "triplet margin α"),
            number("lambda", 1.0, 0, false, BIG, "quantisation weight λ")), Dtsh::new));
    add(new MethodDefinition("csq", "BCE of tanh(u) to the label's Hadamard centre +"
        + " λ·(|u| − 1)² (power-of-two bits)", DHP + "CSQ.CSQLoss", true, HashActivation.NONE,
        none, List.of("center", "quantization"),
        List.of(number("lambda", 0.0001, 0, false, BIG, "quantisation weight λ")), Csq::new));
    add(new MethodDefinition("dpn", "polarisation loss max(m − u·t, 0) to the label's random"
        + " target vector", DHP + "DPN.DPNLoss", true, HashActivation.NONE, none,
        List.of("polarization"),
        List.of(number("m", 1.0, 0, false, BIG, "polarisation margin"),
            number("p", 0.5, 0, false, 1, "fraction of −1 entries of each target vector"),
            bool("adaptive", false, "update the targets from the code memory after every epoch"
                + " (the reference's \"-A\")")), Dpn::new));
    add(new MethodDefinition("greedyhash", "cross-entropy of the classifier on sign(u)"
        + " (straight-through gradient, no bias; `classifier.input: signs`) + α·mean(|(|u| −"
        + " 1)³|)", DHP + "GreedyHash.GreedyHashLoss", false, HashActivation.NONE,
        ClassifierUse.SIGNS, List.of("classification", "quantization"),
        List.of(number("alpha", 0.1, 0, false, BIG, "quantisation weight α")), GreedyHash::new));
    add(new MethodDefinition("orthohash", "cross-entropy of s·(cos(u, c) − m·y) to a fixed ±1"
        + " codebook c + quan·mean(1 − cos(u, sign u)); u = BatchNorm(hash layer)",
        "cisip-FIRe OrthoCosLoss (orthocos.yaml)", true, HashActivation.BATCH_NORM, none,
        List.of("classification", "quantization"),
        List.of(number("s", 8.0, 0, true, BIG, "scale of the cosine logits"),
            number("m", 0.3, 0, false, BIG, "margin subtracted from the label's cosine"
                + " (OrthoCosLoss's own default is 0.2)"),
            number("quan", 0.0, 0, false, BIG, "quantisation weight")), OrthoHash::new));
    add(MethodDefinition.shallow("lsh", "sign of random Gaussian projections of the"
        + " centred pooled features (seeded)", "Charikar 2002, random hyperplanes", List.of(),
        p -> new Lsh()));
    add(MethodDefinition.shallow("itq", "PCA of the centred pooled features to K"
        + " dimensions, then an orthogonal rotation minimising ‖B − VR‖² (random orthogonal"
        + " start, seeded)", "Gong & Lazebnik 2011, ITQ.m / compressITQ.m",
        List.of(integer(Itq.ITERATIONS, 50, 0, Integer.MAX_VALUE, "alternating B/R updates"
            + " (the reference's n_iter; its loop `0:n_iter` makes one more)")),
        p -> new Itq(p.integer(Itq.ITERATIONS))));
  }

  private MethodRegistry() {}

  private static void add(MethodDefinition d) {
    METHODS.put(d.name(), d);
  }

  /** All method names, in registry order. */
  public static List<String> names() {
    return new ArrayList<>(METHODS.keySet());
  }

  /** All definitions, in registry order. */
  public static List<MethodDefinition> all() {
    return new ArrayList<>(METHODS.values());
  }

  /** The definition, or {@code null} for an unknown name. */
  public static MethodDefinition find(String name) {
    return METHODS.get(name);
  }

  /** The definition; an unknown name is an {@link IllegalArgumentException}. */
  public static MethodDefinition get(String name) {
    MethodDefinition d = METHODS.get(name);
    if (d == null) {
      throw new IllegalArgumentException("unknown method '" + name + "' (known: "
          + String.join(", ", names()) + ")");
    }
    return d;
  }

  /**
   * The README's method table (Markdown): per method a row with its summary, then one row per
   * hyper-parameter, generated from the declarations.
   */
  public static String readmeTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| method | kind | multi-label | reference | parameter | type | default |"
        + " allowed | meaning |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|\n");
    for (MethodDefinition d : METHODS.values()) {
      String head = "| `" + d.name() + "` | " + (d.isShallow() ? "shallow" : "deep") + " | "
          + (d.multiLabel() ? "yes" : "no") + " | " + d.reference() + " | ";
      String more = "| `" + d.name() + "` | | | | ";
      sb.append(head).append("| | | | ").append(cell(d.summary())).append(" |\n");
      for (Param p : d.params()) {
        sb.append(more).append("`method.").append(d.name()).append('.').append(p.key())
            .append("` | ").append(p.typeName())
            .append(" | `").append(p.defaultText()).append("` | ").append(p.range()).append(" | ")
            .append(cell(p.doc())).append(" |\n");
      }
    }
    return sb.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
