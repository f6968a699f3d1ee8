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
      assertEquals(Device.gpu(), auto);
      assertEquals(Device.gpu(), Devices.select("gpu"));
    } else {
      assertEquals(Device.cpu(), auto);
      ModelException e = assertThrows(ModelException.class, () -> Devices.select("gpu"));
      assertTrue(e.getMessage().startsWith("device: 'gpu' requested but"), e.getMessage());
    }
    assertEquals(
        "device: expected auto, cpu or gpu, got 'tpu'",
        assertThrows(ModelException.class, () -> Devices.select("tpu")).getMessage());
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
