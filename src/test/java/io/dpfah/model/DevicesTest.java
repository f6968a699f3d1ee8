package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class DevicesTest {

  @Test
  void resolvesNames() {
    assertEquals(Device.cpu(), Devices.select("cpu"));
    Device auto = Devices.select("auto");
    if (Engine.getEngine("PyTorch").getGpuCount() > 0) {
      assertEquals(Device.gpu(0), auto);
      assertEquals(Device.gpu(0), Devices.select("gpu"));
      assertEquals(Device.gpu(0), Devices.select("gpu:0"));
    } else {
      assertEquals(Device.cpu(), auto);
      ModelException e = assertThrows(ModelException.class, () -> Devices.select("gpu:0"));
      assertTrue(e.getMessage().startsWith("device: 'gpu:0' requested, but "), e.getMessage());
      assertEquals(e.getMessage(), assertThrows(ModelException.class,
          () -> Devices.select("gpu")).getMessage(), "gpu is gpu:0");
    }
    assertEquals(
        "device: expected auto, cpu, gpu or gpu:N, got 'tpu'",
        assertThrows(ModelException.class, () -> Devices.select("tpu")).getMessage());
  }

  @Test
  void gpuIndices() {
    assertEquals(0, Devices.gpuIndex("gpu"));
    assertEquals(0, Devices.gpuIndex("gpu:0"));
    assertEquals(3, Devices.gpuIndex("GPU:3"));
    assertEquals(-1, Devices.gpuIndex("gpu:"));
    assertEquals(-1, Devices.gpuIndex("gpu:-1"));
    assertEquals(-1, Devices.gpuIndex("cuda:0"));
  }

  @Test
  void whyAGpuCannotBeUsed() {
    String cpuBuild = assertThrows(ModelException.class, () -> Devices.gpu(0, 0, false,
        "libtorch 2.7.1 from /r/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64", null))
        .getMessage();
    assertEquals("device: 'gpu:0' requested, but the loaded libtorch is a CPU build (libtorch"
        + " 2.7.1 from /r/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64), which sees no GPU;"
        + " install the CUDA one: on a machine with an NVIDIA driver run with DPFAH_PROFILE=gpu"
        + " (the build without the CPU jar) and PYTORCH_FLAVOR=cu128, or PYTORCH_LIBRARY_PATH"
        + " set to a CUDA libtorch 2.7.1 folder (README: Clusters, GPU); or use device: cpu or"
        + " auto", cpuBuild);
    String none = assertThrows(ModelException.class,
        () -> Devices.gpu(0, 0, true, "libtorch 2.7.1 from /x", "")).getMessage();
    assertTrue(none.startsWith("device: 'gpu:0' requested, but no GPU is visible to the CUDA"
        + " build of libtorch (libtorch 2.7.1 from /x; CUDA_VISIBLE_DEVICES='')"), none);
    String tooFew = assertThrows(ModelException.class,
        () -> Devices.gpu(2, 2, true, "libtorch", "0,3")).getMessage();
    assertEquals("device: 'gpu:2' requested, but only 2 GPUs are visible (gpu:0 to gpu:1;"
        + " CUDA_VISIBLE_DEVICES='0,3', numbered from 0 in that order)", tooFew);
    String one = assertThrows(ModelException.class,
        () -> Devices.gpu(1, 1, true, "libtorch", null)).getMessage();
    assertTrue(one.endsWith("only 1 GPU is visible (gpu:0; CUDA_VISIBLE_DEVICES unset,"
        + " numbered from 0 in that order)"), one);
    assertEquals(Device.gpu(1), Devices.gpu(1, 2, true, "libtorch", "0,3"));
  }

  @Test
  void setsThreads() {
    int before = Devices.threads(0);
    try {
      assertEquals(1, Devices.threads(1));
    } finally {
      Devices.threads(before);
    }
    assertThrows(ModelException.class, () -> Devices.threads(-1));
  }
}
