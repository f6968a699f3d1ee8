package io.dpfah.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A validation split carved out of the training images for model selection: for every class,
 * {@code perClass} of its training images, drawn by seed, leave the training set. An image's class
 * is its label, or for multi-label data its lowest label (images without labels are never taken).
 * Classes are drawn in class order from one generator seeded by the run's seed, each by a partial
 * Fisher-Yates shuffle of its training images in training-set order; both outputs keep ascending
 * training-set order.
 *
 * @param train the remaining training images (pool indices)
 * @param validation the validation images (pool indices), disjoint from {@code train}
 */
public record ValidationSplit(int[] train, int[] validation) {
  private static final long SALT = 0x5EEDCAFE0DDBA11L;

  /**
   * Carves {@code perClass} images of every class out of {@code train}.
   *
   * @throws DataException when a class that has training images has no more than {@code perClass}
   *     of them (none would be left to train on)
   */
  public static ValidationSplit carve(ImageSource pool, int[] train, int perClass, long seed) {
    Labels labels = pool.labels();
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < labels.numClasses(); c++) {
      byClass.add(new ArrayList<>());
    }
    for (int p = 0; p < train.length; p++) {
      int c = labels.classId(train[p]);
      if (c >= 0) {
        byClass.get(c).add(p);
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed ^ SALT);
    boolean[] taken = new boolean[train.length];
    int count = 0;
    for (int c = 0; c < byClass.size(); c++) {
      List<Integer> positions = byClass.get(c);
      if (positions.isEmpty()) {
        continue;
      }
      if (positions.size() <= perClass) {
        throw new DataException("data.validation_per_class: class " + c + " ("
            + pool.classNames().get(c) + ") has " + positions.size() + " training images"
            + (labels.isMultiLabel() ? " (as its lowest label)" : "") + "; taking " + perClass
            + " for validation would leave none to train on");
      }
      int[] a = positions.stream().mapToInt(Integer::intValue).toArray();
      for (int i = 0; i < perClass; i++) {
        int j = i + rnd.nextInt(a.length - i);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        taken[a[i]] = true;
      }
      count += perClass;
    }
    int[] rest = new int[train.length - count];
    int[] validation = new int[count];
    for (int p = 0, r = 0, v = 0; p < train.length; p++) {
      if (taken[p]) {
        validation[v++] = train[p];
      } else {
        rest[r++] = train[p];
      }
    }
    return new ValidationSplit(rest, validation);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidationSplit v && Arrays.equals(v.train, train)
        && Arrays.equals(v.validation, validation);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(train) + Arrays.hashCode(validation);
  }

  @Override
  public String toString() {
    return "ValidationSplit[" + train.length + " train, " + validation.length + " validation]";
  }
}
