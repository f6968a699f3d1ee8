package io.dpfah.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;

/** Device selection for the PyTorch engine. */
public final class Devices {

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
                  + Engine.getEngine("PyTorch").getVersion()
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
    Engine.getEngine("PyTorch");
    if (threads > 0) {
      JniUtils.setNumThreads(threads);
    }
    return JniUtils.getNumThreads();
  }

  private static int gpuCount() {
    return Engine.getEngine("PyTorch").getGpuCount();
  }
}
