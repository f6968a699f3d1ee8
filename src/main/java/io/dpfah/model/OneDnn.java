package io.dpfah.model;

import ai.djl.Device;
import ai.djl.nn.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * libtorch's oneDNN (MKLDNN) switch, PyTorch's {@code torch.backends.mkldnn.enabled}, and the guard
 * that uses it against a known crash.
 *
 * <p><b>The crash.</b> On virtual machines whose CPUID reports no cache sizes (Linux then has no
 * {@code /sys/devices/system/cpu/cpu0/cache}), libtorch 2.7.1's oneDNN divides by zero in {@code
 * brgemm_convolution_bwd_utils::brg_blocking_t::est_eff_1x1} during the backward pass of the
 * Bottleneck's 1×1 convolutions, and the JVM dies of SIGFPE. With oneDNN switched off, libtorch's
 * own convolutions run instead: same results to float rounding, no crash. NNPACK goes off with it:
 * libtorch would otherwise try it for some of those convolutions and, on CPUs it does not support,
 * print a warning at every call.
 *
 * <p><b>The guard</b> ({@link #guard}) switches oneDNN off for a training process only when all
 * hold: CPU device, a network with Bottleneck blocks, and no cache information. The environment
 * variable {@code DPFAH_ONEDNN} overrides it: {@code on} keeps oneDNN always, {@code off} switches it
 * off always, {@code auto} (default) is the rule above.
 *
 * <p>The calls go to libtorch's exported {@code at::globalContext()} and {@code
 * at::Context::setUserEnabledMkldnn(bool)} through {@link LibTorchCall}; where that API is missing
 * (JDK 18–20) the guard says what to do instead.
 */
public final class OneDnn {

  static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledMkldnnEb";
  static final String IS_ENABLED = "_ZNK2at7Context17userEnabledMkldnnEv";
  static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";

  /** Where Linux lists the CPU's caches; absent when the hypervisor's CPUID reports none. */
  static final Path CACHE_INFO = Path.of("/sys/devices/system/cpu/cpu0/cache");

  private static LibTorchCall.Binding context;
  private static LibTorchCall.Binding setter;
  private static LibTorchCall.Binding getter;
  private static LibTorchCall.Binding nnpack;

  private OneDnn() {}

  /** {@code DPFAH_ONEDNN} values. */
  enum Mode {
    AUTO,
    ON,
    OFF;

    static Mode parse(String value) {
      if (value == null || value.isBlank()) {
        return AUTO;
      }
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ModelException(
            "DPFAH_ONEDNN: expected auto, on or off, got '" + value + "'");
      }
    }
  }

  /**
   * Whether the guard switches oneDNN off: {@code mode} as parsed from {@code DPFAH_ONEDNN};
   * {@code cacheInfo} whether the OS lists CPU caches.
   */
  static boolean disable(Mode mode, boolean cpu, boolean bottleneck, boolean cacheInfo) {
    return switch (mode) {
      case ON -> false;
      case OFF -> true;
      case AUTO -> cpu && bottleneck && !cacheInfo;
    };
  }

  /**
   * Applies the guard before {@code network} trains on {@code device}.
   *
   * @return a line saying what was done and why, empty when oneDNN stays as it is
   * @throws ModelException when oneDNN must go off but this JDK cannot make the call (the message
   *     names the workaround) or {@code DPFAH_ONEDNN} is not one of its values
   */
  public static Optional<String> guard(Block network, Device device) {
    Mode mode = Mode.parse(System.getenv("DPFAH_ONEDNN"));
    boolean cacheInfo = !isLinux() || Files.isDirectory(CACHE_INFO);
    boolean bottleneck = contains(network, Bottleneck.class);
    if (!disable(mode, Device.Type.CPU.equals(device.getDeviceType()), bottleneck, cacheInfo)) {
      return Optional.empty();
    }
    String why = mode == Mode.OFF
        ? "DPFAH_ONEDNN=off"
        : "this CPU reports no cache sizes (" + CACHE_INFO + " is missing), where oneDNN's 1x1"
            + " convolution backward divides by zero (SIGFPE); set DPFAH_ONEDNN=on to keep it";
    String failure = set(false);
    if (failure != null) {
      throw new ModelException("cannot switch oneDNN off (" + why + "): " + failure
          + "; run with ONEDNN_MAX_CPU_ISA=AVX in the environment instead");
    }
    return Optional.of("oneDNN convolutions off: " + why);
  }

  /** Whether libtorch's convolutions may use oneDNN, or empty when the call is unavailable. */
  public static Optional<Boolean> enabled() {
    bindAll();
    if (!context.bound() || !getter.bound()) {
      return Optional.empty();
    }
    try {
      return Optional.of((byte) getter.handle().invoke(context.handle().invoke()) != 0);
    } catch (Throwable e) {
      return Optional.empty();
    }
  }

  /** Switches oneDNN (and NNPACK) on or off; null on success, else why it could not be done. */
  static String set(boolean on) {
    bindAll();
    for (LibTorchCall.Binding b : new LibTorchCall.Binding[] {context, setter, nnpack}) {
      if (!b.bound()) {
        return b.unavailable();
      }
    }
    try {
      Object ctx = context.handle().invoke();
      setter.handle().invoke(ctx, (byte) (on ? 1 : 0));
      nnpack.handle().invoke(ctx, (byte) (on ? 1 : 0));
    } catch (Throwable e) {
      return "call to " + SET_ENABLED + " failed: " + e;
    }
    Optional<Boolean> now = enabled();
    return now.isPresent() && now.get() == on ? null : "libtorch did not take the setting";
  }

  static boolean contains(Block block, Class<? extends Block> type) {
    if (type.isInstance(block)) {
      return true;
    }
    return block.getChildren().values().stream().anyMatch(child -> contains(child, type));
  }

  static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
  }

  private static synchronized void bindAll() {
    if (context == null) {
      context = LibTorchCall.bind(GLOBAL_CONTEXT, LibTorchCall.CType.POINTER);
      setter = LibTorchCall.bind(SET_ENABLED, LibTorchCall.CType.VOID,
          LibTorchCall.CType.POINTER, LibTorchCall.CType.BYTE);
      getter = LibTorchCall.bind(IS_ENABLED, LibTorchCall.CType.BYTE, LibTorchCall.CType.POINTER);
      nnpack = LibTorchCall.bind(SET_NNPACK, LibTorchCall.CType.VOID,
          LibTorchCall.CType.POINTER, LibTorchCall.CType.BYTE);
    }
  }
}
