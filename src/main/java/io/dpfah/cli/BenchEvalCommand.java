package io.dpfah.cli;

import io.dpfah.data.Labels;
import io.dpfah.eval.EvalOptions;
import io.dpfah.eval.HashCodes;
import io.dpfah.eval.RetrievalEvaluator;
import io.dpfah.eval.RetrievalMetrics;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dpfah bench-eval}: times {@link RetrievalEvaluator} on random codes with class
 * structure (each item is its class centre with about a quarter of the bits flipped).
 */
@Command(
    name = "bench-eval",
    mixinStandardHelpOptions = true,
    description = "Benchmark the retrieval evaluator on random clustered codes.")
public final class BenchEvalCommand implements Callable<Integer> {

  @Option(names = "--queries", defaultValue = "1000", description = "Number of queries (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--db", defaultValue = "69000", description = "Database size (default: ${DEFAULT-VALUE}).")
  int db;

  @Option(names = "--bits", split = ",", defaultValue = "16,32,64", description = "Code lengths (default: ${DEFAULT-VALUE}).")
  List<Integer> bits;

  @Option(names = "--classes", defaultValue = "10", description = "Number of classes (default: ${DEFAULT-VALUE}).")
  int classes;

  @Option(names = "--threads", defaultValue = "0", description = "Worker threads, 0 = all cores.")
  int threads;

  @Option(names = "--repeat", defaultValue = "3", description = "Timed runs per setting; the median is printed.")
  int repeat;

  @Option(names = "--scale", description = "Also run 10,000 queries x 1,000,000 items at 64 bits and report peak heap.")
  boolean scale;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
  long seed;

  /** Random clustered problem. */
  private record Problem(HashCodes query, Labels queryLabels, HashCodes db, Labels dbLabels) {}

  private Problem problem(int nq, int ndb, int k) {
    SplittableRandom rnd = new SplittableRandom(seed * 31 + k);
    int words = (k + 63) >>> 6;
    long[][] centres = new long[classes][words];
    for (long[] c : centres) {
      for (int w = 0; w < words; w++) {
        c[w] = rnd.nextLong() & lastMask(k, w, words);
      }
    }
    int[] qc = new int[nq];
    int[] dc = new int[ndb];
    long[] qp = fill(rnd, qc, centres, k, words);
    long[] dp = fill(rnd, dc, centres, k, words);
    return new Problem(HashCodes.fromPacked(qp, nq, k), Labels.ofClassIds(qc, classes),
        HashCodes.fromPacked(dp, ndb, k), Labels.ofClassIds(dc, classes));
  }

  private static long lastMask(int k, int w, int words) {
    return w == words - 1 && (k & 63) != 0 ? (1L << (k & 63)) - 1 : -1L;
  }

  private long[] fill(SplittableRandom rnd, int[] cls, long[][] centres, int k, int words) {
    long[] packed = new long[cls.length * words];
    for (int i = 0; i < cls.length; i++) {
      cls[i] = rnd.nextInt(classes);
      for (int w = 0; w < words; w++) {
        long flips = rnd.nextLong() & rnd.nextLong();
        packed[i * words + w] = (centres[cls[i]][w] ^ flips) & lastMask(k, w, words);
      }
    }
    return packed;
  }

  /** Median wall-clock and process CPU seconds of {@code repeat} runs. */
  private double[] time(Problem p, EvalOptions o) {
    double[] wall = new double[Math.max(1, repeat)];
    double[] cpu = new double[wall.length];
    for (int r = 0; r < wall.length; r++) {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      RetrievalEvaluator.evaluate(p.query(), p.queryLabels(), p.db(), p.dbLabels(), o);
      wall[r] = (System.nanoTime() - t0) / 1e9;
      cpu[r] = (processCpuNanos() - c0) / 1e9;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new double[] {wall[wall.length / 2], cpu[cpu.length / 2]};
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  private static String fmt(double[] t) {
    return String.format("%.3f (%.3f)", t[0], t[1]);
  }

  @Override
  public Integer call() {
    int cores = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    System.out.printf("bench-eval: %d queries x %d database items, %d classes, %d threads%n",
        queries, db, classes, cores);
    EvalOptions all = new EvalOptions(List.of(-1), List.of(), threads);
    EvalOptions top = new EvalOptions(List.of(1000), List.of(), threads);
    EvalOptions full = new EvalOptions(List.of(-1, 1000), List.of(1, 10, 100, 1000), threads);
    System.out.println("  seconds are wall-clock (median of " + repeat + " runs after a warm-up), CPU seconds"
        + " of the whole process in brackets; 'defaults' = mAP@all+@1000, P@1..1000, PR curve");
    System.out.printf("  %5s %20s %20s %20s %10s%n", "bits", "mAP@all s (cpu)", "mAP@1000 s (cpu)",
        "defaults s (cpu)", "mAP@all");
    for (int k : bits) {
      Problem p = problem(queries, db, k);
      RetrievalMetrics warm = RetrievalEvaluator.evaluate(p.query(), p.queryLabels(), p.db(), p.dbLabels(), full);
      double[] tAll = time(p, all);
      double[] tTop = time(p, top);
      double[] tFull = time(p, full);
      System.out.printf("  %5d %20s %20s %20s %10.4f%n", k, fmt(tAll), fmt(tTop), fmt(tFull), warm.mapAll());
    }
    if (scale) {
      runScale(full);
    }
    return 0;
  }

  private void runScale(EvalOptions options) {
    int nq = 10_000;
    int ndb = 1_000_000;
    System.out.printf("scale: %d queries x %d database items, 64 bits, mAP@all/@1000 + P@N + PR%n", nq, ndb);
    Problem p = problem(nq, ndb, 64);
    System.gc();
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(b -> b.getType() == MemoryType.HEAP).toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long gcBefore = gcCount();
    long c0 = processCpuNanos();
    long t0 = System.nanoTime();
    RetrievalMetrics m = RetrievalEvaluator.evaluate(p.query(), p.queryLabels(), p.db(), p.dbLabels(), options);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - c0) / 1e9;
    long peak = heap.stream().mapToLong(b -> b.getPeakUsage().getUsed()).sum();
    System.out.printf("  time %.2f s wall, %.2f s CPU, mAP@all %.4f (stable %.4f)%n",
        seconds, cpu, m.mapAll(), m.map().get(-1));
    System.out.printf("  heap: inputs resident before the run %.1f MB, peak during the run %.1f MB "
        + "(sum of heap pool peaks), max heap %.0f MB, GCs during run %d%n",
        baseline / 1e6, peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6, gcCount() - gcBefore);
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }
}
