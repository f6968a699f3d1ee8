package io.dpfah.model;

import ai.djl.engine.Engine;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * Binds an exported libtorch function that DJL 0.36 does not wrap, through the JDK's
 * foreign-function API: {@code java.lang.foreign} (final from JDK 22; JDK 21's third preview has the
 * same shape for what is used here, and reflective calls need no {@code --enable-preview}) or JDK
 * 17's incubator module {@code jdk.incubator.foreign}, which has another shape. JDKs 18–20 have
 * other incubator or preview versions, and there a binding is reported unavailable. Both APIs are
 * reached reflectively, so the classes compile for release 17 and load on any JDK.
 *
 * <p>JVM options: JDK 17 needs {@code --add-modules jdk.incubator.foreign
 * --enable-native-access=ALL-UNNAMED}; JDK 21+ is given {@code --enable-native-access=ALL-UNNAMED}
 * to call without a warning. The launchers pass the right ones for the JDK and command.
 */
final class LibTorchCall {

  /** C types of arguments and results that the bound functions use. */
  enum CType {
    /** {@code void} (results only). */
    VOID,
    /** {@code bool}/{@code char}: a Java {@code byte}. */
    BYTE,
    /** {@code int}: a Java {@code int}. */
    INT,
    /** A 64-bit integer ({@code int64_t}, {@code size_t}) or an address held as one. */
    LONG,
    /** {@code double}. */
    DOUBLE,
    /** A pointer: an opaque {@code MemorySegment} (JDK 22+) or {@code MemoryAddress} (JDK 17). */
    POINTER
  }

  /** Which foreign-function API this JVM offers. */
  enum Api {
    /** {@code java.lang.foreign}: final since JDK 22, the same shape in JDK 21's preview. */
    FOREIGN,
    /** {@code jdk.incubator.foreign} of JDK 17, when the module has been added. */
    INCUBATOR,
    /** Neither: no call can be made. */
    NONE
  }

  /** A bound function, or why it could not be bound. */
  record Binding(MethodHandle handle, String unavailable) {
    boolean bound() {
      return handle != null;
    }

    /** Calls the bound function; its result (null for void). */
    Object invoke(Object... args) {
      try {
        return handle.invokeWithArguments(args);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private LibTorchCall() {}

  /**
   * The API to use on a JDK of feature release {@code feature}, given whether the
   * {@code jdk.incubator.foreign} module is in the boot layer.
   */
  static Api api(int feature, boolean incubatorModule) {
    if (feature >= 21) {
      return Api.FOREIGN;
    }
    return feature == 17 && incubatorModule ? Api.INCUBATOR : Api.NONE;
  }

  /** Why {@link Api#NONE} on a JDK of feature release {@code feature}. */
  static String whyNone(int feature) {
    return feature == 17
        ? "JDK 17 needs the JVM options --add-modules jdk.incubator.foreign"
            + " --enable-native-access=ALL-UNNAMED (the dpfah launchers pass them)"
        : "JDK " + feature + " has no usable foreign-function API (dpfah uses JDK 21's preview,"
            + " the final one from JDK 22 and JDK 17's incubator version)";
  }

  /**
   * Binds libtorch's exported {@code symbol} as a function {@code result(args...)}; loads libtorch
   * first. Never throws: a failure is returned as {@link Binding#unavailable()}.
   */
  static Binding bind(String symbol, CType result, CType... args) {
    Engine.getEngine("PyTorch"); // loads libtorch into this class loader's native libraries
    int feature = Runtime.version().feature();
    Api api = api(feature, ModuleLayer.boot().findModule("jdk.incubator.foreign").isPresent());
    try {
      return switch (api) {
        case FOREIGN -> new Binding(foreign(symbol, result, List.of(args)), null);
        case INCUBATOR -> new Binding(incubator(symbol, result, List.of(args)), null);
        case NONE -> new Binding(null, whyNone(feature));
      };
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Binding(
          null, "cannot bind " + symbol + " (" + api + " API, JDK " + feature + "): " + cause);
    }
  }

  /** JDK 22+: {@code Linker.nativeLinker().downcallHandle(symbol, descriptor)}. */
  private static MethodHandle foreign(String name, CType result, List<CType> args)
      throws ReflectiveOperationException {
    Class<?> linker = Class.forName("java.lang.foreign.Linker");
    Class<?> option = Class.forName("java.lang.foreign.Linker$Option");
    Class<?> symbols = Class.forName("java.lang.foreign.SymbolLookup");
    Class<?> descriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
    Class<?> layout = Class.forName("java.lang.foreign.MemoryLayout");
    Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
    Class<?> values = Class.forName("java.lang.foreign.ValueLayout");
    Object lookup = symbols.getMethod("loaderLookup").invoke(null);
    Object symbol = found((Optional<?>) symbols.getMethod("find", String.class).invoke(lookup, name));
    Object layouts = layouts(layout, args, t -> values.getField(foreignLayout(t)).get(null));
    Object function = result == CType.VOID
        ? descriptor.getMethod("ofVoid", layouts.getClass()).invoke(null, layouts)
        : descriptor.getMethod("of", layout, layouts.getClass())
            .invoke(null, values.getField(foreignLayout(result)).get(null), layouts);
    Object options = Array.newInstance(option, 0);
    Object instance = linker.getMethod("nativeLinker").invoke(null);
    Method downcall = linker.getMethod("downcallHandle", segment, descriptor, options.getClass());
    return (MethodHandle) downcall.invoke(instance, symbol, function, options);
  }

  /** JDK 17: {@code CLinker.getInstance().downcallHandle(symbol, type, descriptor)}. */
  private static MethodHandle incubator(String name, CType result, List<CType> args)
      throws ReflectiveOperationException {
    Class<?> linker = Class.forName("jdk.incubator.foreign.CLinker");
    Class<?> symbols = Class.forName("jdk.incubator.foreign.SymbolLookup");
    Class<?> descriptor = Class.forName("jdk.incubator.foreign.FunctionDescriptor");
    Class<?> layout = Class.forName("jdk.incubator.foreign.MemoryLayout");
    Class<?> addressable = Class.forName("jdk.incubator.foreign.Addressable");
    Class<?> address = Class.forName("jdk.incubator.foreign.MemoryAddress");
    Object lookup = symbols.getMethod("loaderLookup").invoke(null);
    Object symbol =
        found((Optional<?>) symbols.getMethod("lookup", String.class).invoke(lookup, name));
    Object layouts = layouts(layout, args, t -> linker.getField(incubatorLayout(t)).get(null));
    Object function = result == CType.VOID
        ? descriptor.getMethod("ofVoid", layouts.getClass()).invoke(null, layouts)
        : descriptor.getMethod("of", layout, layouts.getClass())
            .invoke(null, linker.getField(incubatorLayout(result)).get(null), layouts);
    Class<?>[] params = args.stream().map(t -> javaType(t, address)).toArray(Class<?>[]::new);
    MethodType type = MethodType.methodType(javaType(result, address), params);
    Object instance = linker.getMethod("getInstance").invoke(null);
    return (MethodHandle)
        linker
            .getMethod("downcallHandle", addressable, MethodType.class, descriptor)
            .invoke(instance, symbol, type, function);
  }

  private interface LayoutOf {
    Object of(CType type) throws ReflectiveOperationException;
  }

  private static Object layouts(Class<?> layout, List<CType> args, LayoutOf of)
      throws ReflectiveOperationException {
    Object array = Array.newInstance(layout, args.size());
    for (int i = 0; i < args.size(); i++) {
      Array.set(array, i, of.of(args.get(i)));
    }
    return array;
  }

  private static String foreignLayout(CType type) {
    return switch (type) {
      case BYTE -> "JAVA_BYTE";
      case INT -> "JAVA_INT";
      case LONG -> "JAVA_LONG";
      case DOUBLE -> "JAVA_DOUBLE";
      case POINTER -> "ADDRESS";
      case VOID -> throw new IllegalArgumentException("void has no layout");
    };
  }

  private static String incubatorLayout(CType type) {
    return switch (type) {
      case BYTE -> "C_CHAR";
      case INT -> "C_INT";
      case LONG -> "C_LONG_LONG";
      case DOUBLE -> "C_DOUBLE";
      case POINTER -> "C_POINTER";
      case VOID -> throw new IllegalArgumentException("void has no layout");
    };
  }

  private static Class<?> javaType(CType type, Class<?> pointer) {
    return switch (type) {
      case VOID -> void.class;
      case BYTE -> byte.class;
      case INT -> int.class;
      case LONG -> long.class;
      case DOUBLE -> double.class;
      case POINTER -> pointer;
    };
  }

  private static Object found(Optional<?> symbol) throws ReflectiveOperationException {
    if (symbol.isEmpty()) {
      throw new ReflectiveOperationException("symbol not exported by the loaded libtorch");
    }
    return symbol.get();
  }
}
