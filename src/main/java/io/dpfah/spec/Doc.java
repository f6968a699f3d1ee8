package io.dpfah.spec;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A spec document as a small mutable tree whose every node remembers where it came from
 * ({@code file:line} or {@code --set path}), built from SnakeYAML's node API. Overrides and sweep
 * values are spliced into this tree before it is bound to records, so they get the same checks.
 */
final class Doc {
  private static final int MAX_DEPTH = 32;

  private Doc() {}

  /** YAML core type of a scalar as SnakeYAML resolved it. */
  enum Kind { NULL, BOOL, INT, FLOAT, STR }

  /** A node of the tree. */
  sealed interface Node permits Scalar, Seq, Mapping {
    /** Where the node came from: {@code file:line} or {@code --set path}. */
    String where();
  }

  /** A scalar with its source text. */
  record Scalar(String text, Kind kind, String where) implements Node {
    boolean isNull() {
      return kind == Kind.NULL;
    }
  }

  /** A sequence. */
  record Seq(List<Node> items, String where) implements Node {}

  /** A key's value and where the key was written. */
  record Entry(String keyWhere, Node value) {}

  /** A mapping with string keys in document order. */
  static final class Mapping implements Node {
    final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final String where;

    Mapping(String where) {
      this.where = where;
    }

    @Override
    public String where() {
      return where;
    }

    Node get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }
  }

  /** Parses a whole spec file; the root must be a mapping. */
  static Mapping parseFile(String yaml, String source) {
    org.yaml.snakeyaml.nodes.Node root;
    try {
      root = newYaml().compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
      throw new SpecException(source + ":" + line + ": malformed YAML: " + problem(e), e);
    } catch (YAMLException e) {
      throw new SpecException(source + ": malformed YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new SpecException(source + ":1: empty spec, expected a mapping with at least "
          + "name and data.dataset");
    }
    Node node = convert(root, source, null, "", 0);
    if (!(node instanceof Mapping m)) {
      throw new SpecException(node.where() + ": expected a mapping at the top level, got "
          + describe(node));
    }
    return m;
  }

  /** Parses an override value (a YAML scalar or flow collection); every node gets {@code where}. */
  static Node parseValue(String yaml, String where) {
    if (yaml.isBlank()) {
      return new Scalar("", Kind.NULL, where);
    }
    org.yaml.snakeyaml.nodes.Node root;
    try {
      root = newYaml().compose(new StringReader(yaml));
    } catch (YAMLException e) {
      String p = e instanceof MarkedYAMLException m ? problem(m) : e.getMessage();
      throw new SpecException(where + ": malformed value '" + yaml + "': " + p, e);
    }
    return convert(root, null, where, "", 0);
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setProcessComments(false);
    return new Yaml(options);
  }

  private static String problem(MarkedYAMLException e) {
    return e.getProblem() != null ? e.getProblem() : String.valueOf(e.getContext());
  }

  private static Node convert(
      org.yaml.snakeyaml.nodes.Node n, String source, String fixedWhere, String path, int depth) {
    String where =
        fixedWhere != null ? fixedWhere : source + ":" + (n.getStartMark().getLine() + 1);
    if (depth > MAX_DEPTH) {
      throw new SpecException(where + ": " + path + ": nested too deeply (recursive alias?)");
    }
    if (n instanceof ScalarNode s) {
      return new Scalar(s.getValue(), kindOf(s.getTag()), where);
    }
    if (n instanceof SequenceNode s) {
      List<Node> items = new ArrayList<>();
      for (int i = 0; i < s.getValue().size(); i++) {
        String itemPath = path + "[" + i + "]";
        items.add(convert(s.getValue().get(i), source, fixedWhere, itemPath, depth + 1));
      }
      return new Seq(items, where);
    }
    MappingNode mn = (MappingNode) n;
    Mapping m = new Mapping(where);
    for (NodeTuple t : mn.getValue()) {
      org.yaml.snakeyaml.nodes.Node k = t.getKeyNode();
      String keyWhere =
          fixedWhere != null ? fixedWhere : source + ":" + (k.getStartMark().getLine() + 1);
      if (!(k instanceof ScalarNode ks) || kindOf(ks.getTag()) == Kind.NULL) {
        throw new SpecException(keyWhere + ": " + (path.isEmpty() ? "(top level)" : path)
            + ": keys must be plain names");
      }
      String key = ks.getValue();
      String childPath = join(path, key);
      Entry previous = m.entries.get(key);
      if (previous != null) {
        throw new SpecException(keyWhere + ": " + childPath + ": duplicate key (first at "
            + previous.keyWhere() + ")");
      }
      m.entries.put(key, new Entry(keyWhere,
          convert(t.getValueNode(), source, fixedWhere, childPath, depth + 1)));
    }
    return m;
  }

  private static Kind kindOf(Tag tag) {
    if (Tag.NULL.equals(tag)) {
      return Kind.NULL;
    } else if (Tag.BOOL.equals(tag)) {
      return Kind.BOOL;
    } else if (Tag.INT.equals(tag)) {
      return Kind.INT;
    } else if (Tag.FLOAT.equals(tag)) {
      return Kind.FLOAT;
    }
    return Kind.STR;
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Splits a dotted path; under {@code sweep.axes} the rest is one key (axis paths hold dots). */
  static List<String> splitPath(String path, String where) {
    List<String> segments = Arrays.asList(path.split("\\.", -1));
    if (path.isEmpty() || segments.stream().anyMatch(String::isEmpty)) {
      throw new SpecException(where + ": '" + path + "' is not a valid field path "
          + "(expected names joined by dots, such as model.attention)");
    }
    if (segments.size() > 3 && segments.get(0).equals("sweep") && segments.get(1).equals("axes")) {
      List<String> joined = new ArrayList<>(segments.subList(0, 2));
      joined.add(String.join(".", segments.subList(2, segments.size())));
      return joined;
    }
    return segments;
  }

  /**
   * Puts {@code value} at {@code path} in {@code root}, creating missing (or null) sections.
   * The key is recorded as written at {@code keyWhere}.
   */
  static void set(Mapping root, List<String> path, Node value, String keyWhere) {
    Mapping m = root;
    String prefix = "";
    for (int i = 0; i < path.size() - 1; i++) {
      String key = path.get(i);
      prefix = join(prefix, key);
      Node child = m.get(key);
      if (child == null || child instanceof Scalar s && s.isNull()) {
        Mapping created = new Mapping(keyWhere);
        m.entries.put(key, new Entry(keyWhere, created));
        m = created;
      } else if (child instanceof Mapping cm) {
        m = cm;
      } else {
        throw new SpecException(keyWhere + ": " + String.join(".", path) + ": '" + prefix
            + "' is a value, not a section");
      }
    }
    String last = path.get(path.size() - 1);
    if (path.size() == 1 && last.equals("method") && m.get(last) instanceof Mapping section
        && value instanceof Scalar) {
      section.entries.put("name", new Entry(keyWhere, value));
      return;
    }
    m.entries.put(last, new Entry(keyWhere, value));
  }

  /** A deep copy, so that one document can be varied per sweep run. */
  static Node copy(Node n) {
    if (n instanceof Mapping m) {
      Mapping c = new Mapping(m.where());
      m.entries.forEach((k, e) -> c.entries.put(k, new Entry(e.keyWhere(), copy(e.value()))));
      return c;
    } else if (n instanceof Seq s) {
      return new Seq(s.items().stream().map(Doc::copy).toList(), s.where());
    }
    return n;
  }

  /** Plain Java value: null, Boolean, Integer/Long, Double, String, List or LinkedHashMap. */
  static Object plain(Node n) {
    if (n instanceof Mapping m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.entries.forEach((k, e) -> out.put(k, plain(e.value())));
      return Collections.unmodifiableMap(out);
    } else if (n instanceof Seq s) {
      List<Object> out = new ArrayList<>();
      s.items().forEach(i -> out.add(plain(i)));
      return Collections.unmodifiableList(out);
    }
    Scalar s = (Scalar) n;
    String t = s.text().replace("_", "");
    try {
      switch (s.kind()) {
        case NULL:
          return null;
        case BOOL:
          return Boolean.valueOf(List.of("true", "yes", "on").contains(t.toLowerCase()));
        case INT:
          long v = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
          if (v == (int) v) {
            return Integer.valueOf((int) v);
          }
          return Long.valueOf(v);
        case FLOAT:
          return Double.valueOf(t);
        default:
          return s.text();
      }
    } catch (NumberFormatException e) {
      return s.text();
    }
  }

  /** A short description of a node for "expected X, got Y" messages. */
  static String describe(Node n) {
    if (n instanceof Mapping) {
      return "a mapping";
    } else if (n instanceof Seq) {
      return "a list";
    }
    Scalar s = (Scalar) n;
    return s.isNull() ? "nothing" : "'" + s.text() + "'";
  }

  /** Compact source text of a node, used to build run ids. */
  static String text(Node n) {
    if (n instanceof Mapping m) {
      List<String> parts = new ArrayList<>();
      m.entries.forEach((k, e) -> parts.add(k + "-" + text(e.value())));
      return String.join("-", parts);
    } else if (n instanceof Seq s) {
      return String.join("-", s.items().stream().map(Doc::text).toList());
    }
    Scalar s = (Scalar) n;
    return s.isNull() ? "null" : s.text();
  }
}
