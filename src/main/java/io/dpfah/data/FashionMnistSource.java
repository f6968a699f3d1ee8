package io.dpfah.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST from its four IDX files (gzip or plain), as installed by the Debian package
 * {@code dataset-fashion-mnist}. Pool = the training images then the test images, file order;
 * grey 28x28.
 */
public final class FashionMnistSource {
  /** Where the Debian package installs the files. */
  public static final Path DEFAULT_ROOT = Path.of("/usr/share/datasets/fashion-mnist");

  /** The ten class names, by label. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** How to obtain the files. */
  public static final String HOW_TO_GET =
      "install them with `apt-get install dataset-fashion-mnist` (files go to " + DEFAULT_ROOT
          + ") or point data.root at a folder holding them";

  private static final String[] FILES = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
  };

  private FashionMnistSource() {}

  /** The files this loader needs under {@code root} (each as {@code name.gz} or plain). */
  public static List<Path> expectedFiles(Path root) {
    List<Path> out = new ArrayList<>();
    for (String f : FILES) {
      out.add(root.resolve(f + ".gz"));
    }
    return out;
  }

  /** Loads all 70,000 images into memory; {@code root == null} means {@link #DEFAULT_ROOT}. */
  public static InMemoryImageSource load(Path root) {
    Path dir = root == null ? DEFAULT_ROOT : root;
    Path[] paths = new Path[FILES.length];
    List<Path> missing = new ArrayList<>();
    for (int i = 0; i < FILES.length; i++) {
      Path gz = dir.resolve(FILES[i] + ".gz");
      Path plain = dir.resolve(FILES[i]);
      paths[i] = Files.isRegularFile(gz) ? gz : Files.isRegularFile(plain) ? plain : null;
      if (paths[i] == null) {
        missing.add(gz);
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingDataException("fashion-mnist", missing, HOW_TO_GET);
    }
    IdxReader.IdxArray trainImg = IdxReader.read(paths[0]);
    IdxReader.IdxArray trainLab = IdxReader.read(paths[1]);
    IdxReader.IdxArray testImg = IdxReader.read(paths[2]);
    IdxReader.IdxArray testLab = IdxReader.read(paths[3]);
    checkPair(paths[0], trainImg, paths[1], trainLab);
    checkPair(paths[2], testImg, paths[3], testLab);
    if (trainImg.dims()[1] != testImg.dims()[1] || trainImg.dims()[2] != testImg.dims()[2]) {
      throw new DataException(
          paths[2] + ": images are " + testImg.dims()[1] + "x" + testImg.dims()[2] + " but "
              + paths[0] + " holds " + trainImg.dims()[1] + "x" + trainImg.dims()[2]);
    }
    int nTrain = trainImg.count();
    int n = nTrain + testImg.count();
    byte[] pixels = new byte[trainImg.data().length + testImg.data().length];
    System.arraycopy(trainImg.data(), 0, pixels, 0, trainImg.data().length);
    System.arraycopy(testImg.data(), 0, pixels, trainImg.data().length, testImg.data().length);
    int[] ids = new int[n];
    fillLabels(ids, 0, trainLab.data(), paths[1]);
    fillLabels(ids, nTrain, testLab.data(), paths[3]);
    Path trainFile = paths[0];
    Path testFile = paths[2];
    return new InMemoryImageSource(
        1,
        trainImg.dims()[1],
        trainImg.dims()[2],
        pixels,
        Labels.ofClassIds(ids, CLASS_NAMES.size()),
        CLASS_NAMES,
        nTrain,
        i -> i < nTrain ? trainFile + " image " + i : testFile + " image " + (i - nTrain));
  }

  /**
   * Writes a smaller Fashion-MNIST into {@code out} in the same four-file layout (plain IDX,
   * loadable with {@code data.root: out}): the first {@code trainPerClass} training images and
   * the first {@code testPerClass} test images of every class, in file order.
   *
   * @param root the full data set ({@code null}: {@link #DEFAULT_ROOT})
   * @return {@code out}
   * @throws DataException if a class has fewer images than asked for
   */
  public static Path writeSubset(Path root, Path out, int trainPerClass, int testPerClass) {
    InMemoryImageSource src = load(root);
    try {
      Files.createDirectories(out);
      int[] sizes = {trainPerClass, testPerClass};
      for (int part = 0; part < 2; part++) {
        int from = part == 0 ? 0 : src.trainSize();
        int to = part == 0 ? src.trainSize() : src.size();
        List<Integer> picked = new ArrayList<>();
        int[] taken = new int[CLASS_NAMES.size()];
        for (int i = from; i < to; i++) {
          int c = src.labels().classId(i);
          if (taken[c] < sizes[part]) {
            taken[c]++;
            picked.add(i);
          }
        }
        for (int c = 0; c < taken.length; c++) {
          if (taken[c] < sizes[part]) {
            throw new DataException("fashion-mnist subset: class " + CLASS_NAMES.get(c) + " has "
                + taken[c] + " images in the " + (part == 0 ? "training" : "test")
                + " part, expected at least " + sizes[part]);
          }
        }
        RawImage first = src.image(picked.get(0));
        int px = first.height() * first.width();
        byte[] images = new byte[picked.size() * px];
        byte[] labels = new byte[picked.size()];
        for (int k = 0; k < picked.size(); k++) {
          System.arraycopy(src.image(picked.get(k)).pixels(), 0, images, k * px, px);
          labels[k] = (byte) src.labels().classId(picked.get(k));
        }
        writeIdx(out.resolve(FILES[2 * part]), 0x0803,
            new int[] {picked.size(), first.height(), first.width()}, images);
        writeIdx(out.resolve(FILES[2 * part + 1]), 0x0801, new int[] {picked.size()}, labels);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fashion-mnist subset into " + out, e);
    }
  }

  private static void writeIdx(Path file, int magic, int[] dims, byte[] data) throws IOException {
    try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(file)))) {
      o.writeInt(magic);
      for (int d : dims) {
        o.writeInt(d);
      }
      o.write(data);
    }
  }

  private static void checkPair(Path imgFile, IdxReader.IdxArray img, Path labFile,
      IdxReader.IdxArray lab) {
    if (img.dims().length != 3) {
      throw new DataException(
          imgFile + ": expected a 3-dimensional IDX array (n, rows, cols), got "
              + img.dims().length + " dimensions");
    }
    if (lab.dims().length != 1) {
      throw new DataException(
          labFile + ": expected a 1-dimensional IDX array of labels, got " + lab.dims().length
              + " dimensions");
    }
    if (img.count() != lab.count()) {
      throw new DataException(
          labFile + " holds " + lab.count() + " labels but " + imgFile + " holds " + img.count()
              + " images");
    }
  }

  private static void fillLabels(int[] ids, int offset, byte[] labels, Path file) {
    for (int i = 0; i < labels.length; i++) {
      int c = labels[i] & 0xff;
      if (c >= CLASS_NAMES.size()) {
        throw new DataException(file + ": label " + i + " is " + c + ", expected 0..9");
      }
      ids[offset + i] = c;
    }
  }
}
