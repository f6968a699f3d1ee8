package io.dpfah.cli;

import io.dpfah.model.BackboneRegistry;
import java.util.Iterator;

/** The backbone registry's names, for picocli's {@code ${COMPLETION-CANDIDATES}} in help texts. */
public final class BackboneNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return BackboneRegistry.names().iterator();
  }
}
