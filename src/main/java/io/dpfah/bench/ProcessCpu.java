package io.dpfah.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this whole process (every thread: libtorch's OpenMP workers, the JIT
 * compilers, the garbage collector), split into user and system time as {@code getrusage} and
 * Python's {@code resource.getrusage(RUSAGE_SELF)} report it, and its minor page faults (memory
 * first touched, e.g. freshly mapped allocations). Read from {@code /proc/self/stat} (fields 10,
 * 14 and 15; times in clock ticks of 1/100 s, Linux's {@code USER_HZ}); where that file does not
 * exist, user is the JVM's total process CPU time, system and faults NaN.
 *
 * @param userSeconds user-mode CPU seconds
 * @param systemSeconds kernel-mode CPU seconds
 * @param minorFaults minor page faults
 */
public record ProcessCpu(double userSeconds, double systemSeconds, double minorFaults) {

  /** Linux's {@code USER_HZ}: the unit of {@code /proc/<pid>/stat}'s times (100 on every ABI). */
  static final double TICKS_PER_SECOND = 100;

  private static final Path STAT = Path.of("/proc/self/stat");

  /** The process's CPU times now. */
  public static ProcessCpu now() {
    try {
      return parseStat(Files.readString(STAT));
    } catch (IOException | RuntimeException e) {
      var os = ManagementFactory.getOperatingSystemMXBean();
      long nanos = os instanceof com.sun.management.OperatingSystemMXBean sun
          ? sun.getProcessCpuTime() : -1;
      return new ProcessCpu(nanos < 0 ? Double.NaN : nanos / 1e9, Double.NaN, Double.NaN);
    }
  }

  /**
   * User and system time and minor faults from the text of a {@code /proc/<pid>/stat} file. The second field
   * (the command name, in parentheses) may itself hold spaces and parentheses, so fields are
   * counted from the last {@code ')'}.
   */
  static ProcessCpu parseStat(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: no ')'");
    }
    String[] f = stat.substring(close + 1).strip().split("\\s+");
    // f[0] is field 3 (state): field 10 (minflt) is f[7], 14 (utime) f[11], 15 (stime) f[12]
    return new ProcessCpu(Long.parseLong(f[11]) / TICKS_PER_SECOND,
        Long.parseLong(f[12]) / TICKS_PER_SECOND, Long.parseLong(f[7]));
  }

  /** The CPU time used and faults taken between {@code earlier} and this reading. */
  public ProcessCpu minus(ProcessCpu earlier) {
    return new ProcessCpu(userSeconds - earlier.userSeconds,
        systemSeconds - earlier.systemSeconds, minorFaults - earlier.minorFaults);
  }
}
