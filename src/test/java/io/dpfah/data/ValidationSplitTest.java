package io.dpfah.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** data.validation_per_class: N per class out of the training set, by seed, disjoint from it. */
class ValidationSplitTest {

  /** 60 images, class of image i = i % 3 (20 per class); training = the even pool indices. */
  private static InMemoryImageSource pool() {
    int[] ids = IntStream.range(0, 60).map(i -> i % 3).toArray();
    return new InMemoryImageSource(1, 1, 1, new byte[60], Labels.ofClassIds(ids, 3),
        List.of("a", "b", "c"), 60, i -> "item " + i);
  }

  private static final int[] TRAIN = IntStream.range(0, 60).filter(i -> i % 2 == 0).toArray();

  @Test
  void takesNPerClassDisjointFromTheRestAndTogetherTheWholeTrainingSet() {
    ValidationSplit v = ValidationSplit.carve(pool(), TRAIN, 4, 7);
    // 30 training images, 10 per class (even i: classes 0, 2, 1, 0, 2, 1, ...)
    assertEquals(12, v.validation().length);
    assertEquals(18, v.train().length);
    int[] perClass = new int[3];
    for (int i : v.validation()) {
      perClass[i % 3]++;
    }
    assertArrayEquals(new int[] {4, 4, 4}, perClass);
    Set<Integer> val = new HashSet<>();
    Arrays.stream(v.validation()).forEach(val::add);
    for (int t : v.train()) {
      assertFalse(val.contains(t), "pool index " + t + " is in both");
    }
    int[] union = IntStream.concat(Arrays.stream(v.train()), Arrays.stream(v.validation()))
        .sorted().toArray();
    assertArrayEquals(TRAIN, union, "nothing lost, nothing added");
    assertTrue(isAscending(v.train()) && isAscending(v.validation()), "training-set order kept");
  }

  @Test
  void theSeedDecidesAndOnlyTheSeed() {
    ValidationSplit a = ValidationSplit.carve(pool(), TRAIN, 4, 7);
    assertEquals(a, ValidationSplit.carve(pool(), TRAIN, 4, 7));
    assertNotEquals(a, ValidationSplit.carve(pool(), TRAIN, 4, 8));
  }

  @Test
  void aClassTooSmallToKeepTrainingImagesIsAnError() {
    DataException e = assertThrows(DataException.class,
        () -> ValidationSplit.carve(pool(), TRAIN, 10, 1));
    assertEquals("data.validation_per_class: class 0 (a) has 10 training images; taking 10 for"
        + " validation would leave none to train on", e.getMessage());
  }

  @Test
  void multiLabelImagesCountForTheirLowestLabelAndUnlabelledOnesStay() {
    byte[][] rows = new byte[9][];
    for (int i = 0; i < 9; i++) {
      rows[i] = new byte[] {(byte) (i < 3 ? 1 : 0), 1, (byte) (i == 8 ? 0 : 1)};
    }
    rows[7] = new byte[] {0, 0, 0};
    Labels labels = Labels.ofMultiHot(rows);
    InMemoryImageSource multi = new InMemoryImageSource(1, 1, 1, new byte[9], labels,
        List.of("a", "b", "c"), 9, i -> "item " + i);
    // lowest labels: 0,0,0 (images 0-2), 1 (images 3-6, 8), none (image 7)
    ValidationSplit v = ValidationSplit.carve(multi, IntStream.range(0, 9).toArray(), 2, 3);
    int inA = 0;
    for (int i : v.validation()) {
      assertNotEquals(7, i, "an image without labels is never taken");
      inA += i < 3 ? 1 : 0;
    }
    assertEquals(4, v.validation().length);
    assertEquals(2, inA);
  }

  @Test
  void theProtocolsSplitCarriesTheValidationImagesAndTheirChecksum() {
    RetrievalData d = new RetrievalData("x", "p", pool(), TRAIN, new int[] {1, 3}, new int[] {5},
        -1, java.util.Map.of("trainSha256", "before"));
    RetrievalData v = d.withValidation(2, 5);
    assertArrayEquals(ValidationSplit.carve(pool(), TRAIN, 2, 5).validation(), v.validation());
    assertEquals(24, v.train().length);
    assertEquals(Splits.checksum(v.train()), v.provenance().get("trainSha256"));
    assertEquals(Splits.checksum(v.validation()), v.provenance().get("validationSha256"));
    assertEquals(2, v.provenance().get("validationPerClass"));
    assertArrayEquals(d.query(), v.query());
    assertArrayEquals(d.database(), v.database());
  }

  private static boolean isAscending(int[] a) {
    for (int i = 1; i < a.length; i++) {
      if (a[i] <= a[i - 1]) {
        return false;
      }
    }
    return true;
  }
}
