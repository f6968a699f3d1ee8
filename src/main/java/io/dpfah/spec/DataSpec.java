package io.dpfah.spec;

import java.util.List;

/**
 * Data set, protocol and preprocessing.
 *
 * @param dataset registry name: fashion-mnist, synthetic, cifar10, image-folder, image-list
 * @param root folder holding the data set's files ({@code null} = the data set's default)
 * @param protocol registry name: fmnist-hash, synthetic, cifar10, cifar10-1, cifar10-2, lists
 * @param imageSize side of the square network input in pixels
 * @param channels 1 or 3; grey images are replicated to 3 channels when 3
 * @param normalization none, imagenet, or dataset (per-channel mean/std of the train split)
 * @param augmentation training-time augmentation
 * @param lists list files for the {@code lists} protocol (relative to root), else {@code null}
 * @param synthetic generator settings for the {@code synthetic} data set, else {@code null}
 * @param workers decoding threads, 0 = number of cores
 * @param cache keep decoded, resized images in memory
 * @param queryPerClass queries per class of the per-class protocols (fmnist-hash, cifar10,
 *     cifar10-1); 0 = the protocol's standard count (100)
 * @param trainPerClass training images per class of the same protocols; 0 = standard (500)
 * @param validationPerClass images per class taken out of the training split (by seed) as a
 *     validation split for model selection; 0 = none
 */
public record DataSpec(
    String dataset,
    String root,
    String protocol,
    int imageSize,
    int channels,
    String normalization,
    AugmentSpec augmentation,
    ListsSpec lists,
    SyntheticSpec synthetic,
    int workers,
    boolean cache,
    int queryPerClass,
    int trainPerClass,
    int validationPerClass) {

  /** A data spec with the protocols' standard per-class counts. */
  public DataSpec(String dataset, String root, String protocol, int imageSize, int channels,
      String normalization, AugmentSpec augmentation, ListsSpec lists, SyntheticSpec synthetic,
      int workers, boolean cache) {
    this(dataset, root, protocol, imageSize, channels, normalization, augmentation, lists,
        synthetic, workers, cache, 0, 0, 0);
  }

  /** A data spec without a validation split. */
  public DataSpec(String dataset, String root, String protocol, int imageSize, int channels,
      String normalization, AugmentSpec augmentation, ListsSpec lists, SyntheticSpec synthetic,
      int workers, boolean cache, int queryPerClass, int trainPerClass) {
    this(dataset, root, protocol, imageSize, channels, normalization, augmentation, lists,
        synthetic, workers, cache, queryPerClass, trainPerClass, 0);
  }

  /**
   * Training-time augmentation.
   *
   * @param flip random horizontal flip
   * @param cropPadding pad by this many pixels then random-crop back (0 = off)
   * @param resize side to resize to before cropping (0 = imageSize, no crop); 256 for 224 crops
   */
  public record AugmentSpec(boolean flip, int cropPadding, int resize) {}

  /**
   * DeepHash-pytorch / HashNet list files.
   *
   * @param train training list
   * @param query query (test) list
   * @param database database list
   */
  public record ListsSpec(String train, String query, String database) {}

  /**
   * Class-structured synthetic images.
   *
   * @param classes number of classes
   * @param trainPerClass training images per class
   * @param queryPerClass query images per class
   * @param databasePerClass database images per class (train not included)
   * @param noise pixel noise standard deviation in [0,1]
   * @param multiLabel give each image one or two labels
   */
  public record SyntheticSpec(
      int classes, int trainPerClass, int queryPerClass, int databasePerClass, double noise,
      boolean multiLabel) {}

  /** Convenience: all list-file names, for error messages. */
  public List<String> listFiles() {
    return lists == null ? List.of() : List.of(lists.train(), lists.query(), lists.database());
  }
}
