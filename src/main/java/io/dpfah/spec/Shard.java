package io.dpfah.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code index} of {@code count} (1-based): takes every {@code count}-th item starting at
 * item {@code index - 1}, so the shards 1..count together hold every item exactly once.
 *
 * @param index 1-based shard number, in [1, count]
 * @param count number of shards, at least 1
 */
public record Shard(int index, int count) {
  private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

  /** Checks the bounds. */
  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new SpecException("shard " + index + "/" + count
          + ": expected i/n with n >= 1 and 1 <= i <= n");
    }
  }

  /** Parses {@code "i/n"}, such as {@code 2/4}. */
  public static Shard parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new SpecException("shard '" + text + "': expected i/n with 1 <= i <= n, such as 2/4");
    }
    return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** This shard's items, in their original order. */
  public <T> List<T> select(List<T> items) {
    List<T> out = new ArrayList<>();
    for (int k = index - 1; k < items.size(); k += count) {
      out.add(items.get(k));
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
