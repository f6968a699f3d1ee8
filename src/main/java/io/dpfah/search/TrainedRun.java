package io.dpfah.search;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dpfah.data.DataException;
import io.dpfah.data.ImageFiles;
import io.dpfah.data.ImagePipeline;
import io.dpfah.data.Normalization;
import io.dpfah.data.RawImage;
import io.dpfah.eval.HashCodes;
import io.dpfah.method.MethodRegistry;
import io.dpfah.model.AttentionProbe;
import io.dpfah.model.Devices;
import io.dpfah.model.HashingNetwork;
import io.dpfah.model.ModelFactory;
import io.dpfah.results.IoFailures;
import io.dpfah.spec.ExperimentSpec;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A finished run's trained network, ready to encode new images exactly as the run encoded its
 * queries and database: the network {@code spec.yaml} describes, the weights saved in
 * {@code model/}, and the evaluation pipeline (channel conversion, pad or resize, centre crop)
 * with the normalisation recorded in {@code data.json}. Codes are the signs of the network's
 * outputs ({@link HashCodes#fromFloats}). Unlike training it leaves the CPU's denormal mode
 * alone, which could only flip a code bit whose value is within a denormal of zero. Weights saved
 * before ResNet blocks were grouped into layers load too ({@link FlatResNetLayout}). Holds native
 * memory: close it.
 */
public final class TrainedRun implements AutoCloseable {
  /** The folder a run saves its weights in. */
  public static final String MODEL_DIR = "model";
  /** The weights file prefix ({@code model/dpfah-0000.params}). */
  public static final String MODEL_PREFIX = "dpfah";

  private final RunFolder folder;
  private final Model model;
  private final HashingNetwork net;
  private final ImagePipeline pipeline;
  private final int batchSize;

  private TrainedRun(RunFolder folder, Model model, HashingNetwork net, ImagePipeline pipeline) {
    this.folder = folder;
    this.model = model;
    this.net = net;
    this.pipeline = pipeline;
    this.batchSize = folder.spec().eval().batchSize();
  }

  /**
   * Builds the run's network and loads its weights.
   *
   * @throws SearchException when the folder is not a run or holds no model, or the weights do not
   *     fit the network its spec describes
   */
  public static TrainedRun open(Path runDir) {
    RunFolder folder = RunFolder.open(runDir);
    String method = folder.spec().method().name();
    if (MethodRegistry.get(method).isShallow()) {
      throw new SearchException(runDir + ": a run of the shallow method " + method + " has no"
          + " trained network (its codes are in query_codes.npy and db_codes.npy, its hash in"
          + " hash_mean.npy and hash_projection.npy); expected a trained method's run");
    }
    Path modelDir = folder.file(MODEL_DIR);
    Path params = weightsFile(modelDir);
    ExperimentSpec spec = folder.spec();
    Normalization norm = folder.normalization();
    ImagePipeline pipeline = new ImagePipeline(spec.data(), ImagePipeline.Mode.EVAL, norm);
    // The classifier's width is stored with its weights; the count passed only has to be > 0.
    int classes = Math.max(1, folder.classNames().size());
    HashingNetwork net = ModelFactory.build(spec.model(), spec.hash(), spec.classifier(), classes,
        MethodRegistry.get(spec.method().name()).activation());
    Devices.threads(spec.threads());
    Model model = Model.newInstance(spec.name(), Devices.select(spec.device()), "PyTorch");
    try {
      load(model, net, modelDir);
      return new TrainedRun(folder, model, net, pipeline);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new SearchException(params + ": does not fit the network " + folder.file(
          RunFolder.SPEC_FILE) + " describes (" + e.getMessage() + ")", e);
    } catch (EOFException e) {
      model.close();
      throw new SearchException(params + ": truncated, expected the complete weights of the"
          + " network " + folder.file(RunFolder.SPEC_FILE) + " describes", e);
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot read " + params, e);
    }
  }

  /** Loads the weights, in the current block layout or else the older flat ResNet one. */
  private static void load(Model model, HashingNetwork net, Path modelDir)
      throws IOException, MalformedModelException {
    model.setBlock(net);
    try {
      model.load(modelDir, MODEL_PREFIX);
    } catch (MalformedModelException e) {
      if (!FlatResNetLayout.applies(net)) {
        throw e;
      }
      model.setBlock(new FlatResNetLayout(net));
      try {
        model.load(modelDir, MODEL_PREFIX);
      } catch (MalformedModelException | RuntimeException second) {
        e.addSuppressed(second);
        throw e;
      }
    }
  }

  private static Path weightsFile(Path modelDir) {
    if (Files.isDirectory(modelDir)) {
      try (Stream<Path> s = Files.list(modelDir)) {
        List<Path> params = s.filter(p -> {
          String n = p.getFileName().toString();
          return n.startsWith(MODEL_PREFIX + "-") && n.endsWith(".params");
        }).sorted().toList();
        if (!params.isEmpty()) {
          return params.get(params.size() - 1);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + modelDir, e);
      }
    }
    throw new SearchException(modelDir + ": no trained model, expected " + MODEL_PREFIX
        + "-0000.params (saved by a finished run; failed runs and committed results have none)");
  }

  /** The run folder. */
  public RunFolder folder() {
    return folder;
  }

  /** The run's spec. */
  public ExperimentSpec spec() {
    return folder.spec();
  }

  /** Code length K. */
  public int bits() {
    return folder.spec().hash().bits();
  }

  /** The evaluation pipeline images go through before the network. */
  public ImagePipeline pipeline() {
    return pipeline;
  }

  /** The run's network with its trained weights (inference only: no gradients). */
  public HashingNetwork network() {
    return net;
  }

  /** The manager of the network's arrays; make per-batch sub-managers of it. */
  public NDManager manager() {
    return model.getNDManager();
  }

  /** Encodes decoded images, in order. */
  public HashCodes encode(List<RawImage> images) {
    int bits = bits();
    float[] codes = new float[images.size() * bits];
    for (int from = 0; from < images.size(); from += batchSize) {
      int to = Math.min(images.size(), from + batchSize);
      forward(images.subList(from, to), codes, from * bits);
    }
    return HashCodes.fromFloats(codes, images.size(), bits);
  }

  /**
   * Decodes and encodes image files (PNG or JPEG), in order, one batch in memory at a time.
   *
   * @throws DataException naming the first file that cannot be decoded
   */
  public HashCodes encodeFiles(List<Path> files) {
    int bits = bits();
    float[] codes = new float[files.size() * bits];
    for (int from = 0; from < files.size(); from += batchSize) {
      List<Path> batch = files.subList(from, Math.min(files.size(), from + batchSize));
      forward(decode(batch), codes, from * bits);
    }
    return HashCodes.fromFloats(codes, files.size(), bits);
  }

  /**
   * Decodes image files, in order.
   *
   * @throws DataException naming the first file that cannot be read or decoded
   */
  public static List<RawImage> decode(List<Path> files) {
    List<RawImage> out = new ArrayList<>(files.size());
    for (Path f : files) {
      try {
        out.add(ImageFiles.decode(f));
      } catch (IOException e) {
        throw new DataException(f + ": cannot read image: " + IoFailures.reason(e), e);
      }
    }
    return out;
  }

  /**
   * Runs a few decoded images, as one batch, through the network's backbone in inference mode,
   * showing every attention module's input to {@code probe} in block order (for attention maps
   * of the trained network).
   */
  public void probeAttention(List<RawImage> images, AttentionProbe probe) {
    try (NDManager nd = model.getNDManager().newSubManager()) {
      net.backbone().forward(new ParameterStore(nd, false), new NDList(input(nd, images)), false,
          probe.params());
    }
  }

  private void forward(List<RawImage> batch, float[] codes, int offset) {
    try (NDManager nd = model.getNDManager().newSubManager()) {
      NDList out = net.forward(new ParameterStore(nd, false), new NDList(input(nd, batch)), false);
      System.arraycopy(out.get(0).toFloatArray(), 0, codes, offset, batch.size() * bits());
    }
  }

  /** A batch through the evaluation pipeline, as a B×C×S×S array of {@code nd}. */
  private NDArray input(NDManager nd, List<RawImage> batch) {
    int sample = pipeline.sampleSize();
    float[] pixels = new float[batch.size() * sample];
    SplittableRandom unused = new SplittableRandom(0);
    for (int i = 0; i < batch.size(); i++) {
      pipeline.finish(pipeline.prepare(batch.get(i)), unused, pixels, i * sample);
    }
    return nd.create(pixels,
        new Shape(batch.size(), pipeline.channels(), pipeline.size(), pipeline.size()));
  }

  @Override
  public void close() {
    model.close();
  }
}
