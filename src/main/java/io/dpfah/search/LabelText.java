package io.dpfah.search;

import io.dpfah.data.Labels;
import java.util.ArrayList;
import java.util.List;

/** Labels as text: class names where known, else class ids; multi-label items joined by "+". */
final class LabelText {
  private LabelText() {}

  /** The label(s) of item {@code i}, or "-" without labels. */
  static String of(Labels labels, int i, List<String> names) {
    if (labels == null) {
      return "-";
    }
    if (!labels.isMultiLabel()) {
      return name(labels.classId(i), names);
    }
    float[] row = labels.multiHot(i);
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < row.length; k++) {
      if (row[k] != 0) {
        parts.add(name(k, names));
      }
    }
    return parts.isEmpty() ? "(none)" : String.join("+", parts);
  }

  private static String name(int id, List<String> names) {
    return id >= 0 && id < names.size() ? names.get(id) : Integer.toString(id);
  }
}
