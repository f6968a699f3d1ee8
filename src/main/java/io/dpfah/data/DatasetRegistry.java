package io.dpfah.data;

import io.dpfah.spec.DataSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Data set loaders by name ({@code DataSpec.dataset}); adding one is one class and one line. */
public final class DatasetRegistry {
  /** Opens the pool a data spec describes. */
  @FunctionalInterface
  public interface Factory {
    /** Loads (or indexes) the data set; throws {@link DataException} on bad or missing files. */
    ImageSource open(DataSpec spec);
  }

  private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

  static {
    FACTORIES.put("fashion-mnist", s -> FashionMnistSource.load(root(s)));
    FACTORIES.put("cifar10", s -> CifarBinarySource.load(rootOr(s, "data/cifar10")));
    FACTORIES.put("image-folder", s -> ImageFolderSource.load(root(s)));
    FACTORIES.put("image-list", DatasetRegistry::openLists);
    FACTORIES.put(
        "synthetic",
        s -> new SyntheticSource(
            s.synthetic(), s.channels(), s.imageSize(), SyntheticSource.DEFAULT_SEED));
  }

  private DatasetRegistry() {}

  /** Registered names. */
  public static Set<String> names() {
    return FACTORIES.keySet();
  }

  /** Opens {@code spec.dataset()}; unknown names fail listing the known ones. */
  public static ImageSource open(DataSpec spec) {
    Factory f = FACTORIES.get(spec.dataset());
    if (f == null) {
      throw new DataException(
          "data.dataset: unknown data set '" + spec.dataset() + "', expected one of " + names());
    }
    return f.open(spec);
  }

  private static ImageSource openLists(DataSpec s) {
    if (s.lists() == null) {
      throw new DataException("data.lists: the image-list data set needs train, query and database");
    }
    return ImageListSource.load(
        root(s), s.lists().train(), s.lists().query(), s.lists().database());
  }

  private static Path root(DataSpec s) {
    return s.root() == null ? null : Path.of(s.root());
  }

  private static Path rootOr(DataSpec s, String dflt) {
    return Path.of(s.root() == null ? dflt : s.root());
  }
}
