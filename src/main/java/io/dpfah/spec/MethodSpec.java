package io.dpfah.spec;

import java.util.Map;

/**
 * The training method and its resolved hyper-parameters (every declared one, defaults filled in).
 *
 * @param name registry name, e.g. {@code dpfah}, {@code hashnet}
 * @param params value by key (Double, Integer or Boolean), in declaration order
 */
public record MethodSpec(String name, Map<String, Object> params) {
  /** A number parameter. */
  public double number(String key) {
    return ((Number) get(key)).doubleValue();
  }

  /** An integer parameter. */
  public int integer(String key) {
    return ((Number) get(key)).intValue();
  }

  /** A boolean parameter. */
  public boolean bool(String key) {
    return (Boolean) get(key);
  }

  private Object get(String key) {
    Object v = params.get(key);
    if (v == null) {
      throw new IllegalArgumentException("method " + name + " has no parameter " + key);
    }
    return v;
  }
}
