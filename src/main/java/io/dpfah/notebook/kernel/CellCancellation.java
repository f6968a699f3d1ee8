package io.dpfah.notebook.kernel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cooperative cancellation of notebook cells, without {@code Thread.stop} (which throws from
 * JDK 20 on). Each cell runs in its own thread group. Stopping a cell (interrupt button or
 * timeout) marks that group cancelled and interrupts its threads:
 *
 * <ul>
 *   <li>code compiled from cells is instrumented ({@link CellInstrumenter}) to call {@link
 *       #checkpoint()} on every loop back-edge and method entry, which then throws {@link
 *       Cancelled} in the group's threads, so even {@code while (true) {}} ends;
 *   <li>library code (not instrumented) sees the interrupt: blocking calls throw {@link
 *       InterruptedException}, and dpfah's own long loops (training, encoding, sweeps) check
 *       {@link Thread#isInterrupted()} between batches and runs.
 * </ul>
 *
 * A thread busy in library code that ignores interrupts keeps running; the kernel then says so.
 */
public final class CellCancellation {
  private static final Set<ThreadGroup> CANCELLED = ConcurrentHashMap.newKeySet();
  private static volatile boolean any;

  private CellCancellation() {}

  /**
   * Called by instrumented cell code: throws {@link Cancelled} when the calling thread belongs to
   * a cancelled cell, returns at once otherwise (one volatile read while nothing is cancelled).
   */
  public static void checkpoint() {
    if (any && CANCELLED.contains(Thread.currentThread().getThreadGroup())) {
      throw new Cancelled();
    }
  }

  /** Cancels the cell running in {@code group}: its checkpoints throw, its threads are interrupted. */
  static void cancel(ThreadGroup group) {
    CANCELLED.add(group);
    any = true;
    group.interrupt();
  }

  /** Forgets cancelled groups that have no live thread left. */
  static void forgetFinished() {
    CANCELLED.removeIf(g -> g.activeCount() == 0);
    any = !CANCELLED.isEmpty();
  }

  /** Whether {@code group} is cancelled (for tests). */
  static boolean isCancelled(ThreadGroup group) {
    return CANCELLED.contains(group);
  }

  /**
   * Thrown into a cancelled cell's code. An {@link Error}, so {@code catch (Exception e)} in a cell
   * does not swallow it; a cell that catches it anyway meets it again at its next checkpoint.
   */
  static final class Cancelled extends Error {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cell cancelled", null, false, false);
    }
  }
}
