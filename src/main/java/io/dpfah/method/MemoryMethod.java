package io.dpfah.method;

import io.dpfah.weights.StateDict;

/** A method whose training state is its {@link LabelMemory}: checkpoints save and restore it. */
interface MemoryMethod extends Method {

  /** The method's memory of codes and labels. */
  LabelMemory memory();

  @Override
  default void save(StateDict out, String prefix) {
    memory().save(out, prefix + "memory/");
  }

  @Override
  default void load(StateDict in, String prefix) {
    memory().load(in, prefix + "memory/");
  }

  @Override
  default void close() {
    memory().close();
  }
}
