package io.dpfah.results;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Reads and writes {@code metrics.json} as a {@link RunMetrics}. Written indented, in the
 * record's field order; non-finite numbers are written as Jackson does ({@code "NaN"}) and read
 * from that or a bare {@code NaN}. Reading does not coerce: a string where a number belongs, a
 * fraction where an integer belongs or a number where a string belongs is an error naming the
 * file and the field.
 */
public final class MetricsFile {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .withCoercionConfig(LogicalType.Integer, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Float, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Boolean, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  private MetricsFile() {}

  /**
   * Reads a metrics file. Unknown fields are ignored; absent ones are {@code null}.
   *
   * @throws ResultsReadException naming the file (and the field) when it cannot be read, is not
   *     JSON or a field has the wrong type
   */
  public static RunMetrics read(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (JacksonException e) {
      throw new ResultsReadException(file + ": not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")" : ""), e);
    } catch (IOException e) {
      throw new ResultsReadException(file + ": cannot read: " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new ResultsReadException(file + ": expected a JSON object at the top level");
    }
    try {
      return MAPPER.treeToValue(root, RunMetrics.class);
    } catch (JsonMappingException e) {
      throw new ResultsReadException(file + ": " + describe(root, e), e);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new ResultsReadException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a metrics file (indented JSON). */
  public static void write(Path file, RunMetrics metrics) {
    try {
      MAPPER.writeValue(file.toFile(), metrics);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Replaces a metrics file without a moment in which it is half-written: the new content goes
   * to a hidden file beside it, which is then moved over the old one.
   */
  public static void replace(Path file, RunMetrics metrics) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".metrics-", ".json");
      MAPPER.writeValue(tmp.toFile(), metrics);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace " + file + " (unchanged)", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the move succeeded or the file was never created
        }
      }
    }
  }

  /** The JSON text of a metrics file, as {@link #write} writes it. */
  public static String toJson(RunMetrics metrics) {
    try {
      return MAPPER.writeValueAsString(metrics);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot serialise " + metrics, e);
    }
  }

  /** "field 'a.b[2]': expected ..., found ..." for a databind error under {@code root}. */
  private static String describe(JsonNode root, JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    JsonPointer pointer = JsonPointer.empty();
    for (Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
        pointer = pointer.appendProperty(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
        pointer = pointer.appendIndex(r.getIndex());
      }
    }
    JsonNode node = root.at(pointer);
    String found = node.isMissingNode() ? "nothing" : node.toString();
    String field = "field '" + path + "': ";
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      return field + e.getCause().getMessage();
    }
    if (e instanceof InvalidFormatException f && node.isObject()
        && f.getValue() instanceof String key && node.has(key)) {
      return field + "key \"" + key + "\" is not " + expected(f.getTargetType());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return field + "expected " + expected(m.getTargetType()) + ", found " + found;
    }
    return field + e.getOriginalMessage();
  }

  private static String expected(Class<?> type) {
    if (type == Double.class || type == Float.class || type == double.class
        || type == float.class) {
      return "a number";
    }
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
      return "an integer";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (type == RunMetrics.Cutoff.class) {
      return "\"all\" or a positive integer";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }
}
