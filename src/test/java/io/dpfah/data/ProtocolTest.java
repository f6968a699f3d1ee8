package io.dpfah.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.DataSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProtocolTest {
  static final DataSpec SPEC = Fixtures.spec("x", null, "p", 32, 1, "none", null);

  @Test
  void fmnistHashTakesFirstPerClassInEachPart() {
    // train part: classes 0,1,0,1,0,1,0,1 (8); test part: 1,1,0,1,0,0 (6)
    InMemoryImageSource pool = Fixtures.pool(
        new int[] {0, 1, 0, 1, 0, 1, 0, 1}, new int[] {1, 1, 0, 1, 0, 0}, 2);
    RetrievalData d = new FmnistHashProtocol(2, 3).split(pool, SPEC, 0);
    // query: first 2 of class 0 in test (pool 10, 12) and of class 1 (8, 9)
    assertArrayEquals(new int[] {8, 9, 10, 12}, d.query());
    // train: first 3 of class 0 (0,2,4) and class 1 (1,3,5)
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, d.train());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 11, 13}, d.database());
    assertEquals(1000, d.defaultTopK());
    assertEquals("fmnist-hash", d.protocol());
  }

  @Test
  void fmnistHashTooFewImagesSaysHowMany() {
    InMemoryImageSource pool = Fixtures.pool(new int[] {0, 1, 0, 1}, new int[] {1, 0}, 2);
    DataException e = assertThrows(DataException.class,
        () -> new FmnistHashProtocol(2, 1).split(pool, SPEC, 0));
    assertTrue(e.getMessage().contains("has 1 images") && e.getMessage().contains("2 are needed"),
        e.getMessage());
  }

  /** 10 classes x 9 per class in the train part, x 3 per class in the test part. */
  static InMemoryImageSource tenClassPool() {
    int[] train = IntStream.range(0, 90).map(i -> i % 10).toArray();
    int[] test = IntStream.range(0, 30).map(i -> (i * 3) % 10).toArray();
    return Fixtures.pool(train, test, 10);
  }

  @Test
  void cifar10SizesDisjointAndPerClass() {
    InMemoryImageSource pool = tenClassPool();
    RetrievalData d = new Cifar10Protocol(Cifar10Protocol.Variant.CIFAR10, 2, 5)
        .split(pool, SPEC, 42);
    assertEquals(20, d.query().length);
    assertEquals(50, d.train().length);
    assertEquals(120 - 70, d.database().length);
    assertDisjoint(d.query(), d.train());
    assertDisjoint(d.query(), d.database());
    assertDisjoint(d.train(), d.database());
    int[] qc = pool.labels().subset(d.query()).classCounts();
    int[] tc = pool.labels().subset(d.train()).classCounts();
    for (int c = 0; c < 10; c++) {
      assertEquals(2, qc[c]);
      assertEquals(5, tc[c]);
    }
    assertEquals(-1, d.defaultTopK());
    assertEquals(42L, d.provenance().get("seed"));
    assertEquals(Splits.checksum(d.train()), d.provenance().get("trainSha256"));
    assertEquals(Arrays.asList(5, 5, 5, 5, 5, 5, 5, 5, 5, 5),
        d.provenance().get("trainClassCounts"));
  }

  @Test
  void cifar10SeedDeterminism() {
    InMemoryImageSource pool = tenClassPool();
    Cifar10Protocol p = new Cifar10Protocol(Cifar10Protocol.Variant.CIFAR10, 2, 5);
    RetrievalData a = p.split(pool, SPEC, 7);
    RetrievalData b = p.split(pool, SPEC, 7);
    RetrievalData c = p.split(pool, SPEC, 8);
    assertArrayEquals(a.query(), b.query());
    assertArrayEquals(a.train(), b.train());
    assertArrayEquals(a.database(), b.database());
    assertEquals(a.provenance(), b.provenance());
    assertFalse(Arrays.equals(a.train(), c.train()) && Arrays.equals(a.query(), c.query()));
    assertNotEquals(a.provenance().get("trainSha256"), c.provenance().get("trainSha256"));
  }

  @Test
  void cifar10Variant1DatabaseIsAllButQuery() {
    InMemoryImageSource pool = tenClassPool();
    RetrievalData d = new Cifar10Protocol(Cifar10Protocol.Variant.CIFAR10_1, 2, 5)
        .split(pool, SPEC, 3);
    RetrievalData d0 = new Cifar10Protocol(Cifar10Protocol.Variant.CIFAR10, 2, 5)
        .split(pool, SPEC, 3);
    assertArrayEquals(d0.query(), d.query());
    assertArrayEquals(d0.train(), d.train());
    assertEquals(100, d.database().length);
    assertDisjoint(d.query(), d.database());
    assertTrue(Arrays.stream(d.train()).allMatch(t -> Arrays.binarySearch(d.database(), t) >= 0));
  }

  @Test
  void cifar10Variant2UsesOfficialParts() {
    InMemoryImageSource pool = tenClassPool();
    RetrievalData d = new Cifar10Protocol(Cifar10Protocol.Variant.CIFAR10_2, 0, 0)
        .split(pool, SPEC, 3);
    assertArrayEquals(IntStream.range(90, 120).toArray(), d.query());
    assertArrayEquals(IntStream.range(0, 90).toArray(), d.train());
    assertArrayEquals(d.train(), d.database());
  }

  @Test
  void specCountsOverrideTheRegistrysStandardCounts() {
    DataSpec small = new DataSpec("x", null, "cifar10", 32, 1, "none", null, null, null, 1, false,
        3, 4);
    RetrievalData c = ProtocolRegistry.get("cifar10").split(tenClassPool(), small, 9);
    assertEquals(30, c.query().length);
    assertEquals(40, c.train().length);
    assertEquals(120 - 70, c.database().length);
    assertEquals(3, c.provenance().get("queryPerClass"));
    RetrievalData f = ProtocolRegistry.get("fmnist-hash").split(tenClassPool(), small, 9);
    assertEquals(30, f.query().length);
    assertEquals(40, f.train().length);
    assertEquals(120 - 30, f.database().length);
  }

  @Test
  void cifar10TooFewPerClass() {
    InMemoryImageSource pool = tenClassPool();
    DataException e = assertThrows(DataException.class,
        () -> new Cifar10Protocol(Cifar10Protocol.Variant.CIFAR10, 100, 500).split(pool, SPEC, 1));
    assertTrue(e.getMessage().contains("class 0 (c0) has 12 images")
        && e.getMessage().contains("600 are needed"), e.getMessage());
  }

  @Test
  void registryKnowsNamesAndRejectsUnknown() {
    assertEquals(List.of("fmnist-hash", "cifar10", "cifar10-1", "cifar10-2", "lists", "synthetic"),
        List.copyOf(ProtocolRegistry.names()));
    DataException e = assertThrows(DataException.class, () -> ProtocolRegistry.get("nope"));
    assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("fmnist-hash"));
  }

  static void assertDisjoint(int[] a, int[] b) {
    int[] s = b.clone();
    Arrays.sort(s);
    for (int x : a) {
      assertTrue(Arrays.binarySearch(s, x) < 0, "index " + x + " in both splits");
    }
  }
}
