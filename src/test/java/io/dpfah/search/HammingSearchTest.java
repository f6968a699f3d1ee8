package io.dpfah.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.eval.HashCodes;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HammingSearchTest {

  /** Codes of {@code bits} bits with bit b of item i set when bit b of {@code words[i]} is. */
  private static HashCodes codes(int bits, long... words) {
    return HashCodes.fromPacked(words, words.length, bits);
  }

  @Test
  void handMadeCodesGiveTheKnownNeighboursTiesByLowerIndex() {
    HashCodes q = codes(4, 0b0000);
    //                      d:  2       0       1       4       1       0       3
    HashCodes db = codes(4, 0b0011, 0b0000, 0b1000, 0b1111, 0b0100, 0b0000, 0b0111);
    List<Neighbour> top = HammingSearch.nearest(q, 0, db, 5);
    assertEquals(List.of(new Neighbour(1, 1, 0), new Neighbour(2, 5, 0), new Neighbour(3, 2, 1),
        new Neighbour(4, 4, 1), new Neighbour(5, 0, 2)), top);
    assertEquals(7, HammingSearch.nearest(q, 0, db, 50).size(), "k above n gives all");
    assertEquals(List.of(1, 5, 2, 4, 0, 6, 3),
        HammingSearch.nearest(q, 0, db, 7).stream().map(Neighbour::index).toList());
  }

  @Test
  void rankingIsNonDecreasingAndMatchesAFullSortOnRandomCodes() {
    SplittableRandom rnd = new SplittableRandom(5);
    int bits = 70;
    long[] packed = new long[2 * 500];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = i % 2 == 0 ? rnd.nextLong() : rnd.nextLong() & ((1L << 6) - 1);
    }
    HashCodes db = HashCodes.fromPacked(packed, 500, bits);
    HashCodes q = HashCodes.fromPacked(new long[] {packed[0] ^ 0b1011, packed[1]}, 1, bits);
    List<Neighbour> top = HammingSearch.nearest(q, 0, db, 40);
    List<Integer> expected = IntStream.range(0, 500).boxed()
        .sorted(Comparator.comparingInt((Integer j) -> q.distance(0, db, j))
            .thenComparingInt(j -> j))
        .limit(40).toList();
    assertEquals(expected, top.stream().map(Neighbour::index).toList());
    assertEquals(3, top.get(0).distance());
    for (int r = 1; r < top.size(); r++) {
      assertTrue(top.get(r - 1).distance() <= top.get(r).distance(), "rank " + r);
      assertEquals(r + 1, top.get(r).rank());
    }
  }

  @Test
  void differentCodeLengthsAndKBelowOneAreRefused() {
    SearchException e = assertThrows(SearchException.class,
        () -> HammingSearch.nearest(codes(8, 1), 0, codes(16, 1), 3));
    assertTrue(e.getMessage().contains("8 bits") && e.getMessage().contains("16"),
        e.getMessage());
    assertThrows(SearchException.class,
        () -> HammingSearch.nearest(codes(8, 1), 0, codes(8, 1), 0));
  }
}
