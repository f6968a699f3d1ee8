package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Retrieval protocols by name ({@code DataSpec.protocol}); adding one is one class and one line. */
public final class ProtocolRegistry {
  private static final Map<String, Protocol> PROTOCOLS = new LinkedHashMap<>();

  static {
    PROTOCOLS.put("fmnist-hash", new FmnistHashProtocol(100, 500));
    PROTOCOLS.put("cifar10", new Cifar10Protocol(Cifar10Protocol.Variant.CIFAR10, 100, 500));
    PROTOCOLS.put("cifar10-1", new Cifar10Protocol(Cifar10Protocol.Variant.CIFAR10_1, 100, 500));
    PROTOCOLS.put("cifar10-2", new Cifar10Protocol(Cifar10Protocol.Variant.CIFAR10_2, 0, 0));
    PROTOCOLS.put("lists", PredefinedProtocol.LISTS);
    PROTOCOLS.put("synthetic", PredefinedProtocol.SYNTHETIC);
  }

  private ProtocolRegistry() {}

  /** Registered names. */
  public static Set<String> names() {
    return PROTOCOLS.keySet();
  }

  /** The protocol called {@code name}; unknown names fail listing the known ones. */
  public static Protocol get(String name) {
    Protocol p = PROTOCOLS.get(name);
    if (p == null) {
      throw new DataException(
          "data.protocol: unknown protocol '" + name + "', expected one of " + names());
    }
    return p;
  }

  /**
   * Opens {@code spec.dataset()} and splits it by {@code spec.protocol()}, then carves the
   * validation split out of the training images when {@code data.validation_per_class} asks.
   */
  public static RetrievalData load(DataSpec spec, long seed) {
    RetrievalData d = get(spec.protocol()).split(DatasetRegistry.open(spec), spec, seed);
    return spec.validationPerClass() > 0 ? d.withValidation(spec.validationPerClass(), seed) : d;
  }
}
