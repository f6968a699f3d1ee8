/**
 * The side-by-side benchmark against PyTorch (bench/README.md): dpfah's timed side ({@link
 * io.dpfah.bench.TrainingBenchmark}, the real {@link io.dpfah.train.HashTrainer} step on in-memory
 * images), the one-line measurement format both sides print ({@link io.dpfah.bench.BenchLine}),
 * process CPU time ({@link io.dpfah.bench.ProcessCpu}) and the median / range / ratio table
 * ({@link io.dpfah.bench.SideBySide}).
 */
package io.dpfah.bench;
