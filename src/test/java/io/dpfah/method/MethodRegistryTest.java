package io.dpfah.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's method table is the one the declarations generate. */
class MethodRegistryTest {
  private static final String BEGIN = "<!-- methods:begin -->\n";
  private static final String END = "<!-- methods:end -->";

  @Test
  void readmeTableIsGenerated() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int b = readme.indexOf(BEGIN);
    int e = readme.indexOf(END);
    assertTrue(b >= 0 && e > b, "README.md lacks the " + BEGIN.strip() + " … " + END
        + " block");
    assertEquals(MethodRegistry.readmeTable(), readme.substring(b + BEGIN.length(), e),
        "README.md's method table is stale: replace it with the output of `dpfah methods`");
  }

  @Test
  void issueMethodsAreRegistered() {
    List<String> names = MethodRegistry.names();
    for (String m : List.of("dpfah", "dpsh", "hashnet", "dsh", "dhn", "dch", "dtsh", "csq",
        "dpn", "greedyhash", "orthohash")) {
      assertTrue(names.contains(m), m);
    }
    assertEquals("dpfah", MethodRegistry.DEFAULT);
  }

  @Test
  void headsOfTheNewMethods() {
    MethodDefinition greedy = MethodRegistry.get("greedyhash");
    assertEquals(HashActivation.NONE, greedy.activation());
    assertEquals(ClassifierUse.SIGNS, greedy.classifier());
    assertFalse(greedy.multiLabel(), "DeepHash-pytorch's GreedyHash is single-label");
    MethodDefinition ortho = MethodRegistry.get("orthohash");
    assertEquals(HashActivation.BATCH_NORM, ortho.activation());
    assertEquals(ClassifierUse.NONE, ortho.classifier());
    assertTrue(ortho.multiLabel());
  }
}
