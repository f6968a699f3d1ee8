package io.dpfah.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Device selection for the PyTorch engine. */
public final class Devices {

  private static final Logger LOG = LoggerFactory.getLogger(Devices.class);
  private static final AtomicBoolean FLUSH_DENORMAL_WARNED = new AtomicBoolean();
  private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,4}))?");
  private static final String CUDA = "CUDA";
  private static final String VISIBLE = "CUDA_VISIBLE_DEVICES";
  private static final String LIBTORCH_VERSION = "2.7.1";

  private Devices() {}

  /**
   * Resolves a spec device name: {@code auto} → the first GPU the engine sees (CUDA numbers the
   * GPUs that {@code CUDA_VISIBLE_DEVICES} lets through, which is how Slurm hands a task its
   * GPUs), else the CPU; {@code gpu} or {@code gpu:N} → that GPU, or a {@link ModelException}
   * in one line saying why it is not there (a CPU build of libtorch, no visible GPU, too few);
   * {@code cpu}.
   */
  public static Device select(String device) {
    String name = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
    if (name.equals("cpu")) {
      return Device.cpu();
    }
    if (name.equals("auto")) {
      return gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
    }
    int index = gpuIndex(name);
    if (index < 0) {
      throw new ModelException("device: expected auto, cpu, gpu or gpu:N, got '" + device + "'");
    }
    Engine e = engine();
    return gpu(index, e.getGpuCount(), e.hasCapability(CUDA), libtorch(e),
        System.getenv(VISIBLE));
  }

  /**
   * The GPU {@code index} among {@code visible} ones, or the reason it cannot be used.
   *
   * @param cudaBuild whether the loaded libtorch is built with CUDA
   * @param libtorch which libtorch is loaded (version, folder), for the message
   * @param cudaVisible the value of {@code CUDA_VISIBLE_DEVICES}, or null
   */
  static Device gpu(int index, int visible, boolean cudaBuild, String libtorch,
      String cudaVisible) {
    String asked = "device: 'gpu:" + index + "' requested, but ";
    if (!cudaBuild) {
      throw new ModelException(asked + "the loaded libtorch is a CPU build (" + libtorch
          + "), which sees no GPU; install the CUDA one: on a machine with an NVIDIA driver run"
          + " with DPFAH_PROFILE=gpu (the build without the CPU jar) and PYTORCH_FLAVOR=cu128, or"
          + " PYTORCH_LIBRARY_PATH set to a CUDA libtorch " + LIBTORCH_VERSION
          + " folder (README: Clusters, GPU); or use device: cpu or auto");
    }
    String shown = cudaVisible == null ? "CUDA_VISIBLE_DEVICES unset"
        : "CUDA_VISIBLE_DEVICES='" + cudaVisible + "'";
    if (visible == 0) {
      throw new ModelException(asked + "no GPU is visible to the CUDA build of libtorch ("
          + libtorch + "; " + shown + "): no NVIDIA driver, no GPU on this node, or none"
          + " allocated (Slurm: dpfah slurm --gpus 1, i.e. --gres=gpu:1)");
    }
    if (index >= visible) {
      throw new ModelException(asked + "only " + visible + " GPU" + (visible == 1 ? " is" : "s are")
          + " visible (gpu:0" + (visible > 1 ? " to gpu:" + (visible - 1) : "") + "; " + shown
          + ", numbered from 0 in that order)");
    }
    return Device.gpu(index);
  }

  /** N of {@code gpu:N} ({@code gpu} = 0), or -1 when the name is not of that form. */
  public static int gpuIndex(String name) {
    Matcher m = GPU.matcher(name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return -1;
    }
    return m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
  }

  /** {@code libtorch 2.7.1 from <folder>}: what DJL loaded. */
  private static String libtorch(Engine e) {
    String path;
    try {
      path = LibUtils.getLibtorchPath();
    } catch (RuntimeException ex) {
      path = "unknown folder";
    }
    return "libtorch " + e.getVersion() + " from " + path;
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
          + "PYTORCH_LIBRARY_PATH pointing at a libtorch " + LIBTORCH_VERSION
          + " folder (PYTORCH_VERSION=" + LIBTORCH_VERSION + ", "
          + "PYTORCH_FLAVOR=cu128, say) or network access once so DJL can download it.");
    }
  }
}
