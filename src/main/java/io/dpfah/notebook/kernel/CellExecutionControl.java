package io.dpfah.notebook.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * In-process JShell execution: snippet code runs in this JVM (so cell values are real objects
 * that can be rendered), each invocation on its own daemon thread in its own thread group. Cell
 * classes are instrumented when loaded ({@link CellInstrumenter}), so a timeout or an interrupt
 * stops the cell cooperatively through {@link CellCancellation}: its code throws at the next loop
 * iteration or call, and library code it is in sees the thread interrupt.
 */
final class CellExecutionControl extends DirectExecutionControl {
  /** Why the running cell was stopped. */
  enum StopReason { TIMEOUT, INTERRUPT }

  private static final long POLL_MILLIS = 50;
  /** How long a stopped cell may take to reach a checkpoint or notice the interrupt. */
  static final long GRACE_MILLIS = 5000;
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final AtomicBoolean UNINSTRUMENTED_WARNED = new AtomicBoolean();

  private volatile long deadlineNanos;
  private volatile boolean hasDeadline;
  private volatile StopReason stopReason;
  private volatile Thread worker;
  private volatile boolean unstoppable;
  private Object lastValue;
  private Throwable lastFailure;

  /** A provider handing this instance to JShell. */
  ExecutionControlProvider provider() {
    CellExecutionControl self = this;
    return new ExecutionControlProvider() {
      @Override
      public String name() {
        return "dpfah-in-process";
      }

      @Override
      public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return self;
      }
    };
  }

  /** Starts a cell: clears any stop request. */
  void beginCell() {
    stopReason = null;
    unstoppable = false;
    CellCancellation.forgetFinished();
  }

  /** Sets the running cell's deadline to {@code timeoutNanos} from now ({@code 0} = none). */
  void restartClock(long timeoutNanos) {
    deadlineNanos = System.nanoTime() + timeoutNanos;
    hasDeadline = timeoutNanos > 0;
  }

  /** Asks the running snippet (if any) to stop; the reason is kept until the next cell. */
  void requestStop(StopReason reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  /** Why the current cell was stopped, or null. */
  StopReason stopReason() {
    return stopReason;
  }

  /**
   * True if a stopped snippet's thread was still running after {@link #GRACE_MILLIS}: it is in
   * library code that ignores interrupts (cell code itself always reaches a checkpoint).
   */
  boolean stopFailed() {
    return unstoppable;
  }

  /** True while snippet code is running. */
  boolean isRunning() {
    return worker != null;
  }

  /** Forgets the value and failure of the previous snippet. */
  void resetLast() {
    lastValue = null;
    lastFailure = null;
  }

  /** The object the last executed snippet evaluated to (null if none or null). */
  Object lastValue() {
    return lastValue;
  }

  /** The throwable the last executed snippet threw, or null. */
  Throwable lastFailure() {
    return lastFailure;
  }

  @Override
  protected String invoke(Method doit) throws Exception {
    Object[] result = new Object[1];
    Throwable[] thrown = new Throwable[1];
    ThreadGroup group = new ThreadGroup("dpfah-cell");
    Thread thread = new Thread(group, () -> {
      try {
        result[0] = doit.invoke(null);
      } catch (InvocationTargetException e) {
        thrown[0] = e.getCause();
      } catch (Throwable e) {
        thrown[0] = e;
      }
    }, "dpfah-cell-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.setContextClassLoader(doit.getDeclaringClass().getClassLoader());
    worker = thread;
    try {
      thread.start();
      while (thread.isAlive() && stopReason == null) {
        thread.join(POLL_MILLIS);
        if (hasDeadline && System.nanoTime() - deadlineNanos > 0) {
          requestStop(StopReason.TIMEOUT);
        }
      }
      if (stopReason != null) {
        CellCancellation.cancel(group);
        thread.join(GRACE_MILLIS);
        unstoppable = thread.isAlive();
        throw new StoppedException();
      }
    } finally {
      worker = null;
    }
    if (thrown[0] != null) {
      lastFailure = thrown[0];
      throw new InvocationTargetException(thrown[0]);
    }
    lastValue = result[0];
    return valueString(result[0]);
  }

  @Override
  public String varValue(String className, String varName) throws RunException, EngineTerminationException,
      InternalException {
    try {
      Field field = findClass(className).getDeclaredField(varName);
      field.setAccessible(true);
      Object value = field.get(null);
      lastValue = value;
      return valueString(value);
    } catch (ReflectiveOperationException e) {
      throw new InternalException("cannot read " + className + "." + varName + ": " + e);
    }
  }

  @Override
  public void stop() {
    requestStop(StopReason.INTERRUPT);
  }

  /** Loads the classes of a snippet with the cancellation checkpoints added. */
  @Override
  public void load(ClassBytecodes[] classes)
      throws ClassInstallException, NotImplementedException, EngineTerminationException {
    ClassBytecodes[] instrumented = new ClassBytecodes[classes.length];
    for (int i = 0; i < classes.length; i++) {
      byte[] bytes = classes[i].bytecodes();
      try {
        bytes = CellInstrumenter.instrument(bytes);
      } catch (RuntimeException e) {
        if (UNINSTRUMENTED_WARNED.compareAndSet(false, true)) {
          System.err.println("dpfah kernel: cannot add stop checkpoints to cell code (" + e
              + "); a runaway cell can then only be stopped if it checks Thread.interrupted()");
        }
      }
      instrumented[i] = new ClassBytecodes(classes[i].name(), bytes);
    }
    super.load(instrumented);
  }
}
