package io.dpfah.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Calls libtorch's {@code static bool at::Context::setFlushDenormal(bool)} (the function behind
 * PyTorch's {@code torch.set_flush_denormal}), which DJL 0.36 does not bind, through JDK 17's
 * incubating foreign-function API, reached reflectively so nothing is needed at compile time.
 * Needs the JVM options {@code --add-modules jdk.incubator.foreign
 * --enable-native-access=ALL-UNNAMED} (JDK 17's incubator API; later JDKs renamed it).
 */
final class FlushDenormal {

  /** libtorch_cpu's exported symbol for {@code at::Context::setFlushDenormal(bool)}. */
  static final String SYMBOL = "_ZN2at7Context16setFlushDenormalEb";

  private FlushDenormal() {}

  /** Outcome of one attempt: whether the mode is now in effect, and why not otherwise. */
  record Outcome(boolean applied, String detail) {}

  static Outcome set(boolean on) {
    Engine.getEngine("PyTorch"); // loads libtorch into this class loader's native libraries
    MethodHandle handle;
    try {
      handle = downcall();
    } catch (ClassNotFoundException e) {
      return new Outcome(
          false,
          "JDK foreign-function API unavailable: start the JVM with --add-modules"
              + " jdk.incubator.foreign --enable-native-access=ALL-UNNAMED (JDK 17)");
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Outcome(false, "cannot bind " + SYMBOL + ": " + cause);
    }
    byte supported;
    try {
      supported = (byte) handle.invoke(on ? 1 : 0);
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

  private static MethodHandle downcall() throws ReflectiveOperationException {
    Class<?> linker = Class.forName("jdk.incubator.foreign.CLinker");
    Class<?> symbols = Class.forName("jdk.incubator.foreign.SymbolLookup");
    Class<?> descriptor = Class.forName("jdk.incubator.foreign.FunctionDescriptor");
    Class<?> layout = Class.forName("jdk.incubator.foreign.MemoryLayout");
    Class<?> addressable = Class.forName("jdk.incubator.foreign.Addressable");
    Object lookup = symbols.getMethod("loaderLookup").invoke(null);
    Optional<?> symbol =
        (Optional<?>) symbols.getMethod("lookup", String.class).invoke(lookup, SYMBOL);
    if (symbol.isEmpty()) {
      throw new ReflectiveOperationException("symbol not exported by the loaded libtorch");
    }
    Object args = Array.newInstance(layout, 1);
    Array.set(args, 0, linker.getField("C_INT").get(null));
    Method of = descriptor.getMethod("of", layout, args.getClass());
    Object function = of.invoke(null, linker.getField("C_CHAR").get(null), args);
    Object instance = linker.getMethod("getInstance").invoke(null);
    return (MethodHandle)
        linker
            .getMethod("downcallHandle", addressable, MethodType.class, descriptor)
            .invoke(instance, symbol.get(), MethodType.methodType(byte.class, int.class), function);
  }
}
