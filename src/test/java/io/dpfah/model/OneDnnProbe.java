package io.dpfah.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.dpfah.spec.ClassifierSpec;
import io.dpfah.spec.HashSpec;
import java.util.Arrays;

/**
 * Child-JVM entry for {@link OneDnnTest} (a SIGFPE in libtorch kills the JVM it happens in).
 * {@code toggle}: switches oneDNN off and on, and prints the state and a 1×1 convolution's input
 * gradient under each. {@code train BACKBONE}: applies the guard and runs one training step.
 */
public final class OneDnnProbe {
  private OneDnnProbe() {}

  public static void main(String[] args) {
    if (args[0].equals("toggle")) {
      String before = OneDnn.enabled().map(String::valueOf).orElse("unavailable");
      String off = String.valueOf(OneDnn.set(false));
      float[] gradOff = convGradient();
      String offState = OneDnn.enabled().map(String::valueOf).orElse("unavailable");
      String on = String.valueOf(OneDnn.set(true));
      float[] gradOn = convGradient();
      String onState = OneDnn.enabled().map(String::valueOf).orElse("unavailable");
      System.out.println("before=" + before + " setOff=" + off + " off=" + offState
          + " setOn=" + on + " on=" + onState);
      System.out.println("gradOff=" + Arrays.toString(gradOff));
      System.out.println("gradOn=" + Arrays.toString(gradOn));
    } else {
      HashingNetwork net = ModelFactory.build(Specs.spec(args[1], "imagenet", "pfa", "auto"),
          new HashSpec(16), new ClassifierSpec(true), 10);
      try (Model model = Model.newInstance("probe", Device.cpu(), "PyTorch")) {
        model.setBlock(net);
        System.out.println("guard=" + OneDnn.guard(net, Device.cpu()).orElse("none"));
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
          trainer.initialize(new Shape(2, 3, 32, 32));
          NDManager m = trainer.getManager();
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList out = trainer.forward(new NDList(m.randomNormal(new Shape(2, 3, 32, 32))));
            gc.backward(out.get(0).square().sum());
          }
          trainer.step();
        }
      }
      System.out.println("stepped");
    }
  }

  /** d/dx of sum((conv1x1(x))^2) for fixed x and weights: 1 input channel to 2, 2x2 map. */
  private static float[] convGradient() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray x = m.create(new float[] {1, -2, 3, 0.5f}, new Shape(1, 1, 2, 2));
      NDArray w = m.create(new float[] {0.5f, -1.5f}, new Shape(2, 1, 1, 1));
      x.setRequiresGradient(true);
      try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDList y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1));
        gc.backward(y.singletonOrThrow().square().sum());
      }
      return x.getGradient().toFloatArray();
    }
  }
}
