package io.dpfah.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dpfah.spec.EvalSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol's customary mAP cut-off joins the spec's list when missing. */
class ProtocolTopKTest {
  private static final EvalSpec DEFAULT = new EvalSpec(List.of(-1, 1000), List.of(1), 0, 64);

  @Test
  void missingCutOffIsAppended() {
    EvalSpec e = RunExecutor.withProtocolTopK(DEFAULT, 5000);
    assertEquals(List.of(-1, 1000, 5000), e.topk());
    assertEquals(DEFAULT.precisionAt(), e.precisionAt());
    assertEquals(DEFAULT.batchSize(), e.batchSize());
  }

  @Test
  void listedCutOffLeavesTheSpecAlone() {
    assertSame(DEFAULT, RunExecutor.withProtocolTopK(DEFAULT, 1000));
    assertSame(DEFAULT, RunExecutor.withProtocolTopK(DEFAULT, -1));
    EvalSpec only100 = new EvalSpec(List.of(100), List.of(1), 0, 64);
    assertEquals(List.of(100, -1), RunExecutor.withProtocolTopK(only100, -1).topk());
  }
}
