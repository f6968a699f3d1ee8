package io.dpfah.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * Calls libtorch's {@code static bool at::Context::setFlushDenormal(bool)} (the function behind
 * PyTorch's {@code torch.set_flush_denormal}), which DJL 0.36 does not bind, through {@link
 * LibTorchCall} (the JDK's foreign-function API; see there for the JDKs and JVM options).
 */
final class FlushDenormal {

  /** libtorch_cpu's exported symbol for {@code at::Context::setFlushDenormal(bool)}. */
  static final String SYMBOL = "_ZN2at7Context16setFlushDenormalEb";

  private static LibTorchCall.Binding binding;

  private FlushDenormal() {}

  /** Outcome of one attempt: whether the mode is now in effect, and why not otherwise. */
  record Outcome(boolean applied, String detail) {}

  static Outcome set(boolean on) {
    LibTorchCall.Binding b = binding();
    if (!b.bound()) {
      return new Outcome(false, b.unavailable());
    }
    byte supported;
    try {
      supported = (byte) b.handle().invoke(on ? 1 : 0);
    } catch (Throwable e) {
      return new Outcome(false, "call to " + SYMBOL + " failed: " + e);
    }
    if (supported == 0) {
      return new Outcome(false, "libtorch reports no FTZ/DAZ support on this CPU");
    }
    boolean flushed = subnormalIsFlushed();
    return flushed == on
        ? new Outcome(true, on ? "denormals flushed to zero" : "denormals preserved")
        : new Outcome(false, "libtorch accepted the call but a probe tensor op disagrees");
  }

  /** Whether a libtorch op on this thread flushes a subnormal float to zero. */
  static boolean subnormalIsFlushed() {
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      float subnormal = Float.MIN_NORMAL / 4;
      return manager.create(new float[] {subnormal}).mul(1f).toFloatArray()[0] == 0f;
    }
  }

  /** The bound function (or why not), bound once per JVM. */
  private static synchronized LibTorchCall.Binding binding() {
    if (binding == null) {
      binding = LibTorchCall.bind(SYMBOL, LibTorchCall.CType.BYTE, LibTorchCall.CType.INT);
    }
    return binding;
  }
}
