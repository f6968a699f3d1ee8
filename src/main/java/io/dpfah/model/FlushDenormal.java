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
 * PyTorch's {@code torch.set_flush_denormal}), which DJL 0.36 does not bind, through the JDK's
 * foreign-function API. That API is final ({@code java.lang.foreign}) from JDK 22 and an incubator
 * module ({@code jdk.incubator.foreign}, with another shape) on JDK 17; JDKs 18–21 have only
 * incubator or preview versions, and there the call is reported unavailable. Both APIs are
 * reached reflectively, so the classes compile for release 17 and load on any JDK.
 *
 * <p>JVM options: JDK 17 needs {@code --add-modules jdk.incubator.foreign
 * --enable-native-access=ALL-UNNAMED}; JDK 22+ needs {@code --enable-native-access=ALL-UNNAMED} to
 * call it without a warning. The launchers pass the right ones for the JDK they start.
 */
final class FlushDenormal {

  /** libtorch_cpu's exported symbol for {@code at::Context::setFlushDenormal(bool)}. */
  static final String SYMBOL = "_ZN2at7Context16setFlushDenormalEb";

  private static final MethodType SIGNATURE = MethodType.methodType(byte.class, int.class);
  private static MethodHandle handle;
  private static String unavailable;

  private FlushDenormal() {}

  /** Outcome of one attempt: whether the mode is now in effect, and why not otherwise. */
  record Outcome(boolean applied, String detail) {}

  /** Which foreign-function API this JVM offers for the call. */
  enum Api {
    /** {@code java.lang.foreign}, final since JDK 22. */
    FOREIGN,
    /** {@code jdk.incubator.foreign} of JDK 17, when the module has been added. */
    INCUBATOR,
    /** Neither: the call cannot be made. */
    NONE
  }

  /**
   * The API to use on a JDK of feature release {@code feature}, given whether the
   * {@code jdk.incubator.foreign} module is in the boot layer.
   */
  static Api api(int feature, boolean incubatorModule) {
    if (feature >= 22) {
      return Api.FOREIGN;
    }
    return feature == 17 && incubatorModule ? Api.INCUBATOR : Api.NONE;
  }

  /** Why {@link Api#NONE} on a JDK of feature release {@code feature}. */
  static String whyNone(int feature) {
    return feature == 17
        ? "JDK 17 needs the JVM options --add-modules jdk.incubator.foreign"
            + " --enable-native-access=ALL-UNNAMED (the dpfah launchers pass them)"
        : "JDK " + feature + " has no usable foreign-function API (it is final from JDK 22;"
            + " JDK 17's incubator version is supported too)";
  }

  static Outcome set(boolean on) {
    Engine.getEngine("PyTorch"); // loads libtorch into this class loader's native libraries
    MethodHandle h = handle();
    if (h == null) {
      return new Outcome(false, unavailable);
    }
    byte supported;
    try {
      supported = (byte) h.invoke(on ? 1 : 0);
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

  /** The bound function, or null with {@link #unavailable} saying why; bound once per JVM. */
  private static synchronized MethodHandle handle() {
    if (handle != null || unavailable != null) {
      return handle;
    }
    int feature = Runtime.version().feature();
    Api api = api(feature, ModuleLayer.boot().findModule("jdk.incubator.foreign").isPresent());
    try {
      switch (api) {
        case FOREIGN -> handle = foreignDowncall();
        case INCUBATOR -> handle = incubatorDowncall();
        default -> unavailable = whyNone(feature);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      unavailable = "cannot bind " + SYMBOL + " (" + api + " API, JDK " + feature + "): " + cause;
    }
    return handle;
  }

  /** JDK 22+: {@code Linker.nativeLinker().downcallHandle(symbol, (JAVA_INT) -> JAVA_BYTE)}. */
  private static MethodHandle foreignDowncall() throws ReflectiveOperationException {
    Class<?> linker = Class.forName("java.lang.foreign.Linker");
    Class<?> option = Class.forName("java.lang.foreign.Linker$Option");
    Class<?> symbols = Class.forName("java.lang.foreign.SymbolLookup");
    Class<?> descriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
    Class<?> layout = Class.forName("java.lang.foreign.MemoryLayout");
    Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
    Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
    Object lookup = symbols.getMethod("loaderLookup").invoke(null);
    Object symbol = found((Optional<?>) symbols.getMethod("find", String.class).invoke(lookup, SYMBOL));
    Object args = Array.newInstance(layout, 1);
    Array.set(args, 0, valueLayout.getField("JAVA_INT").get(null));
    Object function = descriptor.getMethod("of", layout, args.getClass())
        .invoke(null, valueLayout.getField("JAVA_BYTE").get(null), args);
    Object options = Array.newInstance(option, 0);
    Object instance = linker.getMethod("nativeLinker").invoke(null);
    Method downcall = linker.getMethod("downcallHandle", segment, descriptor, options.getClass());
    return (MethodHandle) downcall.invoke(instance, symbol, function, options);
  }

  /** JDK 17: {@code CLinker.getInstance().downcallHandle(symbol, type, (C_INT) -> C_CHAR)}. */
  private static MethodHandle incubatorDowncall() throws ReflectiveOperationException {
    Class<?> linker = Class.forName("jdk.incubator.foreign.CLinker");
    Class<?> symbols = Class.forName("jdk.incubator.foreign.SymbolLookup");
    Class<?> descriptor = Class.forName("jdk.incubator.foreign.FunctionDescriptor");
    Class<?> layout = Class.forName("jdk.incubator.foreign.MemoryLayout");
    Class<?> addressable = Class.forName("jdk.incubator.foreign.Addressable");
    Object lookup = symbols.getMethod("loaderLookup").invoke(null);
    Object symbol =
        found((Optional<?>) symbols.getMethod("lookup", String.class).invoke(lookup, SYMBOL));
    Object args = Array.newInstance(layout, 1);
    Array.set(args, 0, linker.getField("C_INT").get(null));
    Method of = descriptor.getMethod("of", layout, args.getClass());
    Object function = of.invoke(null, linker.getField("C_CHAR").get(null), args);
    Object instance = linker.getMethod("getInstance").invoke(null);
    return (MethodHandle)
        linker
            .getMethod("downcallHandle", addressable, MethodType.class, descriptor)
            .invoke(instance, symbol, SIGNATURE, function);
  }

  private static Object found(Optional<?> symbol) throws ReflectiveOperationException {
    if (symbol.isEmpty()) {
      throw new ReflectiveOperationException("symbol not exported by the loaded libtorch");
    }
    return symbol.get();
  }
}
