package io.dpfah.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Device selection for the PyTorch engine. */
public final class Devices {

  private static final Logger LOG = LoggerFactory.getLogger(Devices.class);
  private static final AtomicBoolean FLUSH_DENORMAL_WARNED = new AtomicBoolean();

  private Devices() {}

  /**
   * Resolves a spec device name: {@code auto} → the first GPU if the engine sees one, else CPU;
   * {@code gpu} → the first GPU, or a {@link ModelException} when there is none; {@code cpu}.
   */
  public static Device select(String device) {
    String name = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
    switch (name) {
      case "auto":
        return gpuCount() > 0 ? Device.gpu() : Device.cpu();
      case "cpu":
        return Device.cpu();
      case "gpu":
        int gpus = gpuCount();
        if (gpus == 0) {
          throw new ModelException(
              "device: 'gpu' requested but the PyTorch engine ("
                  + engine().getVersion()
                  + ") sees no GPU; this build loads the CPU libtorch (Maven profile 'cpu'). "
                  + "Use device: cpu or auto, or build with -Pgpu on a CUDA machine.");
        }
        return Device.gpu();
      default:
        throw new ModelException("device: expected auto, cpu or gpu, got '" + device + "'");
    }
  }

  /**
   * Sets PyTorch's intra-op CPU thread count when {@code threads > 0} (0 keeps the library
   * default) and returns the count now in effect. On a machine shared with other jobs, fewer
   * threads than cores avoid OpenMP oversubscription.
   */
  public static int threads(int threads) {
    if (threads < 0) {
      throw new ModelException("threads: expected >= 0 (0 = library default), got " + threads);
    }
    engine();
    if (threads > 0) {
      JniUtils.setNumThreads(threads);
    }
    return JniUtils.getNumThreads();
  }

  /**
   * PyTorch's {@code torch.set_flush_denormal(on)}: sets the CPU's flush-to-zero and
   * denormals-are-zero modes so subnormal floats (which can slow CPU training several-fold late
   * in training) become 0. DJL 0.36 has no binding for it; this calls libtorch's exported {@code
   * at::Context::setFlushDenormal} through the JDK's foreign-function API: {@code
   * java.lang.foreign} on JDK 21+ (21's preview has the same shape), the incubator module on JDK 17 (JVM options {@code
   * --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED}, as the launchers
   * pass). Where it cannot be called (JDK 18–20, or JDK 17 without those options) it returns
   * false, changes nothing, and logs why once per JVM.
   *
   * <p>As in PyTorch, the mode is per thread (the x86 MXCSR register): it applies to the calling
   * thread and to threads created afterwards by it, including libtorch's OpenMP workers if they
   * do not exist yet. Call it once on the training thread before the first tensor operation.
   *
   * @return whether the requested mode is now in effect on this thread (checked with a probe
   *     tensor operation on a subnormal value)
   */
  public static boolean flushDenormal(boolean on) {
    FlushDenormal.Outcome outcome = FlushDenormal.set(on);
    if (!outcome.applied() && FLUSH_DENORMAL_WARNED.compareAndSet(false, true)) {
      LOG.warn("flush-denormal {} not applied: {}", on ? "on" : "off", outcome.detail());
    }
    return outcome.applied();
  }

  private static int gpuCount() {
    return engine().getGpuCount();
  }

  /**
   * The PyTorch engine, or a clear error when libtorch cannot be loaded — typically a {@code -Pgpu}
   * build (no libtorch jar) on a machine that is offline and has no {@code PYTORCH_LIBRARY_PATH}.
   */
  static Engine engine() {
    try {
      return Engine.getEngine("PyTorch");
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new ModelException("cannot load libtorch for DJL's PyTorch engine (" + e.getMessage()
          + "). The default (cpu) build ships libtorch in a jar; a gpu build needs "
          + "PYTORCH_LIBRARY_PATH pointing at a libtorch 2.7.1 folder (PYTORCH_VERSION=2.7.1, "
          + "PYTORCH_FLAVOR=cu128, say) or network access once so DJL can download it.");
    }
  }
}
