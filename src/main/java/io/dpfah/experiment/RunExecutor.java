package io.dpfah.experiment;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import io.dpfah.data.BatchLoader;
import io.dpfah.data.ImageCache;
import io.dpfah.data.ImagePipeline;
import io.dpfah.data.Labels;
import io.dpfah.data.Normalization;
import io.dpfah.data.ProtocolRegistry;
import io.dpfah.data.RetrievalData;
import io.dpfah.eval.ClassificationReport;
import io.dpfah.eval.CodeDiagnostics;
import io.dpfah.eval.EvalOptions;
import io.dpfah.eval.HashCodes;
import io.dpfah.eval.Npy;
import io.dpfah.eval.RetrievalEvaluator;
import io.dpfah.eval.RetrievalMetrics;
import io.dpfah.method.LinearHash;
import io.dpfah.method.MethodDefinition;
import io.dpfah.method.MethodRegistry;
import io.dpfah.model.Devices;
import io.dpfah.model.HashingNetwork;
import io.dpfah.model.ModelFactory;
import io.dpfah.model.OneDnn;
import io.dpfah.model.ParameterCount;
import io.dpfah.results.IoFailures;
import io.dpfah.results.ResultsReader;
import io.dpfah.results.RunLog;
import io.dpfah.results.RunMetrics;
import io.dpfah.results.RunWriter;
import io.dpfah.spec.EvalSpec;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecWriter;
import io.dpfah.train.EpochRecord;
import io.dpfah.train.Encoded;
import io.dpfah.train.HashTrainer;
import io.dpfah.weights.FineTuning;
import io.dpfah.weights.PretrainedWeights;
import io.dpfah.train.Progress;
import io.dpfah.train.TrainingResult;
import io.dpfah.train.BestEpoch;
import io.dpfah.train.CheckpointException;
import io.dpfah.weights.StateDict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

/**
 * Runs one experiment end to end — spec → data → model → train → eval → results (for a shallow
 * method: features → fit → codes, {@link ShallowRun}) — and commits its results folder. A
 * failure (bad data, a non-finite loss, ...) is recorded as a failed run with its error; it never
 * leaves a folder that looks finished.
 */
public final class RunExecutor {
  /** A shallow run's objective per iteration ({@code iteration,quantization_loss}). */
  public static final String FIT_FILE = "fit.csv";
  /** A shallow run's training-feature mean (float32, F). */
  public static final String HASH_MEAN_FILE = "hash_mean.npy";
  /** A shallow run's projection (float32, F×K): codes are sign((x − mean) · projection). */
  public static final String HASH_PROJECTION_FILE = "hash_projection.npy";

  private final Path resultsRoot;
  private final boolean force;
  private final Progress.Factory progress;

  /**
   * @param resultsRoot the folder holding one sub-folder per experiment (usually {@code results})
   * @param force replace a finished run with the same id
   * @param progress makes the progress printer of a run
   */
  public RunExecutor(Path resultsRoot, boolean force, Progress.Factory progress) {
    this.resultsRoot = resultsRoot;
    this.force = force;
    this.progress = progress;
  }

  /** The folder of an experiment's runs. */
  public Path experimentDir(ExperimentSpec spec) {
    return resultsRoot.resolve(spec.name());
  }

  /**
   * Trains and evaluates one run. What it prints also goes, with timestamps, to the run folder's
   * {@code run.log}. A run whose thread is interrupted stops at the next batch and is recorded as
   * failed; the interrupt is kept for the caller.
   *
   * <p>A killed attempt's work folder with a checkpoint is resumed (unless {@code force}): the
   * run says so and continues from the checkpoint, giving the same history.csv and figures as an
   * uninterrupted run. A failure to write the work folder (a full disk, no permission) is not
   * recorded as a failed run: it is thrown, and the folder keeps its last checkpoint for a later
   * attempt.
   *
   * @param spec the resolved spec (no sweep)
   * @param runId the run's folder name
   * @param variant the sweep axis values of this run ({@code {}} for a single run)
   * @throws java.io.UncheckedIOException when the run folder cannot be written
   * @throws CheckpointException when the checkpoint to resume from was written for another spec
   *     or cannot be read
   */
  public RunOutcome run(ExperimentSpec spec, String runId, Map<String, Object> variant) {
    RunWriter writer = RunWriter.begin(experimentDir(spec), runId, force);
    try {
      StateDict checkpoint = writer.resumed()
          ? RunCheckpoint.open(writer.checkpointFile(), spec) : null;
      return run(spec, runId, variant, writer, checkpoint);
    } finally {
      writer.release();
    }
  }

  private RunOutcome run(ExperimentSpec spec, String runId, Map<String, Object> variant,
      RunWriter writer, StateDict checkpoint) {
    Draft metrics = new Draft(spec, runId, variant);
    long start = System.nanoTime();
    boolean interrupted = false;
    try (RunLog runLog = writer.openLog()) {
      Progress log = progress.create(spec.optim().epochs()).logTo(runLog::line);
      log.info("run " + spec.name() + "/" + runId + " → " + writer.finalDir());
      try {
        writer.writeText("spec.yaml", SpecWriter.toYaml(spec));
        execute(spec, writer, metrics, log, checkpoint);
        metrics.status = RunMetrics.FINISHED;
      } catch (RuntimeException | IOException | LinkageError e) {
        // An interrupt closes NIO channels: clear it while the failure is written, restore it after.
        interrupted = Thread.interrupted();
        if (!interrupted && (e instanceof UncheckedIOException || e instanceof IOException)) {
          throw stopped(e, writer, log, runId);
        }
        String message = e instanceof UncheckedIOException io
            ? "I/O error: " + IoFailures.describe(io)
            : e.getMessage() == null ? e.toString() : e.getMessage();
        metrics.status = RunMetrics.FAILED;
        metrics.error = interrupted && !(e instanceof CancellationException)
            ? "interrupted (" + message + ")" : message;
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        writer.writeText("error.txt", trace.toString());
        log.info("run " + runId + " FAILED: " + metrics.error);
      } finally {
        if (checkpoint != null) {
          checkpoint.close();
        }
      }
      metrics.totalS = seconds(start);
    }
    try {
      RunMetrics m = metrics.toMetrics();
      Path dir = writer.commit(m);
      boolean ok = m.finished();
      return new RunOutcome(runId, dir, ok, ok ? null : m.error(), m);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The work folder could not be written: says so in the log (if it still can) and returns the
   * failure to throw. The folder stays unfinished, with its last checkpoint, for a later attempt.
   */
  private static UncheckedIOException stopped(Throwable e, RunWriter writer, Progress log,
      String runId) {
    UncheckedIOException io = e instanceof UncheckedIOException u ? u
        : new UncheckedIOException("cannot write the run folder " + writer.workDir(),
            (IOException) e);
    try {
      log.info("run " + runId + " stopped: I/O error: " + IoFailures.describe(io) + " (its work"
          + " folder " + writer.workDir() + (RunWriter.hasCheckpoint(writer.workDir())
          ? " keeps the last checkpoint: run it again to resume)" : " is left unfinished)"));
    } catch (UncheckedIOException ignored) {
      // the log is on the same failing disk; the exception says it all
    }
    return io;
  }

  /** The fields of metrics.json as the run reaches them; the rest stay absent. */
  private static final class Draft {
    private final ExperimentSpec spec;
    private final String runId;
    private final Map<String, Object> variant;
    String status;
    String error;
    Boolean flushDenormal;
    String device;
    String backbone;
    String attention;
    RunMetrics.Pretrained pretrained;
    RunMetrics.Features features;
    RunMetrics.Params params;
    RunMetrics.Cutoff protocolTopk;
    RunMetrics.Selection selection;
    List<RunMetrics.Resume> resumedFrom;
    RunMetrics.Retrieval retrieval;
    RunMetrics.Diagnostics diagnostics;
    RunMetrics.Classification classification;
    Double dataS;
    Double trainS;
    Double trainImagesPerS;
    Double encodeS;
    Double encodeImagesPerS;
    Double evalS;
    Double totalS;

    Draft(ExperimentSpec spec, String runId, Map<String, Object> variant) {
      this.spec = spec;
      this.runId = runId;
      this.variant = variant;
      this.backbone = spec.model().backbone();
      this.attention = spec.model().attention();
    }

    RunMetrics toMetrics() {
      return new RunMetrics(spec.name(), runId, status, error, variant, attention, backbone,
          spec.hash().bits(), spec.seed(), spec.data().dataset(), spec.data().protocol(),
          flushDenormal, device, pretrained, features, params, protocolTopk, selection, retrieval, diagnostics, classification, new RunMetrics.Timing(dataS, trainS,
              trainImagesPerS, encodeS, encodeImagesPerS, evalS, totalS), resumedFrom);
    }
  }

  private void execute(ExperimentSpec spec, RunWriter writer, Draft metrics, Progress log,
      StateDict checkpoint) throws IOException {
    long t = System.nanoTime();
    RetrievalData data = ProtocolRegistry.load(spec.data(), spec.seed());
    long check = System.nanoTime();
    data.pool().checkReadable();
    double checkS = seconds(check);
    if (checkS > 1) {
      log.info(String.format(Locale.ROOT, "checked %d image files in %.1f s", data.pool().size(),
          checkS));
    }
    Normalization norm = Normalization.resolve(spec.data(), data);
    Labels labels = data.pool().labels();
    log.info(String.format(Locale.ROOT, "data %s/%s: %d train, %d query, %d database, %d classes%s",
        spec.data().dataset(), spec.data().protocol(), data.train().length, data.query().length,
        data.database().length, labels.numClasses(), labels.isMultiLabel() ? " (multi-label)" : ""));
    boolean validating = data.validation().length > 0;
    if (validating) {
      log.info(String.format(Locale.ROOT, "validation: %d images (%d per class) taken out of the"
          + " training set, ranked against the %d left; epoch chosen by %s", data.validation().length,
          spec.data().validationPerClass(), data.train().length,
          spec.eval().selectsBest() ? "its mAP (eval.select: best)" : "the last (eval.select: last)"));
    }
    Map<String, Object> dataInfo = new LinkedHashMap<>(data.provenance());
    dataInfo.put("normalization", Map.of("kind", norm.kind(), "mean", norm.meanList(),
        "std", norm.stdList()));
    writer.writeJson("data.json", dataInfo);
    metrics.dataS = seconds(t);

    Device device = Devices.select(spec.device());
    Devices.threads(spec.threads());
    boolean ftz = !Boolean.getBoolean("dpfah.keepDenormals") && Devices.flushDenormal(true);
    metrics.flushDenormal = ftz;
    Map<String, Object> provenance = Provenance.collect(device, spec.seed());
    writer.writeJson("provenance.json", provenance);
    metrics.device = device.toString();
    Engine.getInstance().setRandomSeed((int) spec.seed());
    MethodDefinition method = MethodRegistry.get(spec.method().name());
    EvalOptions evalOptions = EvalOptions.of(withProtocolTopK(spec.eval(), data.defaultTopK()));
    if (method.isShallow()) {
      executeShallow(spec, method, data, norm, device, evalOptions, writer, metrics, provenance,
          log);
      return;
    }
    int workers = spec.data().workers();
    int evalBatch = spec.eval().batchSize();
    try (Model model = Model.newInstance(spec.name(), device, "PyTorch")) {
      HashingNetwork net = ModelFactory.build(spec.model(), spec.hash(), spec.classifier(),
          labels.numClasses(), method.activation());
      model.setBlock(net);
      Optional<String> oneDnn = OneDnn.guard(net, device);
      if (oneDnn.isPresent()) {
        log.info(oneDnn.get());
        provenance.put("onednn", oneDnn.get());
        writer.writeJson("provenance.json", provenance);
      }
      ImageCache trainCache = ImageCache.forSpec(spec.data());
      ImageCache evalCache = ImageCache.forSpec(spec.data());
      ImagePipeline evalPipeline = new ImagePipeline(spec.data(), ImagePipeline.Mode.EVAL, norm);
      BatchLoader.Options evalOptions0 = BatchLoader.Options.evaluation(evalBatch, workers);
      try (HashTrainer trainer = new HashTrainer(spec, model, labels, data.train());
          BatchLoader train = new BatchLoader(data.pool(), data.train(),
              new ImagePipeline(spec.data(), ImagePipeline.Mode.TRAIN, norm),
              BatchLoader.Options.training(spec.optim().batchSize(), workers), spec.seed(),
              trainCache);
          BatchLoader query = new BatchLoader(data.pool(), data.query(), evalPipeline,
              evalOptions0, spec.seed(), evalCache);
          BatchLoader db = new BatchLoader(data.pool(), data.database(), evalPipeline,
              evalOptions0, spec.seed(), evalCache);
          BatchLoader valQuery = new BatchLoader(data.pool(), data.validation(), evalPipeline,
              evalOptions0, spec.seed(), evalCache);
          BatchLoader valDb = new BatchLoader(data.pool(), validating ? data.train() : new int[0],
              evalPipeline, evalOptions0, spec.seed(), evalCache)) {
        recordPretrained(trainer.pretrained(), metrics, provenance, writer, log);
        ParameterCount p = ParameterCount.of(net);
        metrics.params = new RunMetrics.Params(p.total(), p.backbone(), p.attention(), p.hash(),
            p.classifier());
        metrics.protocolTopk = cutoff(data);
        List<String> terms = method.terms();
        String header = "epoch,loss," + String.join(",", terms) + ",lr,map_all"
            + (validating ? ",val_map_all" : "");

        List<String> timing = new ArrayList<>();
        List<RunMetrics.Resume> resumedFrom = new ArrayList<>();
        BestEpoch chosen = checkpoint == null ? new BestEpoch() : RunCheckpoint.best(checkpoint);
        HashTrainer.Position at = HashTrainer.Position.START;
        if (checkpoint != null) {
          at = trainer.restore(checkpoint);
          RunCheckpoint.RunState state = RunCheckpoint.runState(checkpoint);
          timing.addAll(state.timing());
          resumedFrom.addAll(state.resumedFrom());
          resumedFrom.add(new RunMetrics.Resume(at.epoch(), at.batch(), at.step()));
          metrics.resumedFrom = resumedFrom;
          log.info("resuming from checkpoint " + writer.checkpointFile() + ": " + at.describe()
              + " of " + spec.optim().epochs() + " epochs (" + at.step() + " steps)");
        }
        StringBuilder history = new StringBuilder(header).append('\n');
        at.history().forEach(r -> history.append(historyLine(r, terms, validating)).append('\n'));
        writer.writeText(ResultsReader.HISTORY_FILE, history.toString());
        writer.writeText(ResultsReader.TIMING_FILE, "epoch,seconds,images_per_s,rss_mb\n"
            + timing.stream().map(l -> l + "\n").collect(Collectors.joining()));

        HashTrainer.EpochHook hook = rec -> {
          EpochRecord r = rec;
          int epoch = rec.epoch();
          boolean last = epoch == spec.optim().epochs();
          if (spec.eval().every() > 0 && epoch % spec.eval().every() == 0 && !last) {
            double map = evaluate(trainer, query, db, data.query(), data.database(), labels,
                evalOptions).metrics().mapAll();
            log.info(String.format(Locale.ROOT, "epoch %d: tie-aware mAP@all %.4f", epoch, map));
            r = r.withMap(map);
          }
          if (validating) {
            double map = evaluate(trainer, valQuery, valDb, data.validation(), data.train(),
                labels, VALIDATION).metrics().mapAll();
            boolean better = spec.eval().selectsBest() && chosen.offer(epoch, map);
            if (better) {
              chosen.keep(trainer.weights());
            }
            log.info(String.format(Locale.ROOT, "epoch %d: validation mAP@all %.4f%s", epoch, map,
                better ? " (best so far)" : ""));
            r = r.withValidationMap(map);
          }
          return r;
        };
        String sha = RunCheckpoint.specSha256(spec);
        String runId = writer.finalDir().getFileName().toString();
        List<RunMetrics.Resume> resumes = List.copyOf(resumedFrom);
        HashTrainer.Checkpointer checkpointer = !spec.train().checkpoint() ? null
            : (state, position) -> {
              long t0 = System.nanoTime();
              RunCheckpoint.RunState run = new RunCheckpoint.RunState(RunCheckpoint.FORMAT, sha,
                  runId, List.copyOf(timing), resumes, chosen.epoch(),
                  chosen.epoch() == 0 ? null : chosen.map());
              long bytes = RunCheckpoint.write(writer.checkpointFile(), state, run, chosen);
              log.info(String.format(Locale.ROOT, "checkpoint: %s (%.1f MB, %.2f s)",
                  position.describe(), bytes / 1e6, seconds(t0)));
            };
        TrainingResult tr = trainer.train(train::epoch, hook, log, rec -> {
          writer.appendLine(ResultsReader.HISTORY_FILE, historyLine(rec, terms, validating));
          String line = timingLine(rec);
          timing.add(line);
          writer.appendLine(ResultsReader.TIMING_FILE, line);
        }, checkpointer);
        metrics.trainS = tr.seconds();
        metrics.trainImagesPerS = tr.imagesPerSecond();

        int epochs = spec.optim().epochs();
        int selected = spec.eval().selectsBest() && chosen.epoch() > 0 ? chosen.epoch() : epochs;
        if (selected != epochs) {
          trainer.setWeights(chosen.weights());
          log.info(String.format(Locale.ROOT, "selected epoch %d of %d (validation mAP@all %.4f);"
              + " the figures below are its weights' on the queries", selected, epochs,
              chosen.map()));
        }
        Double selectedMap = validating
            ? tr.history().get(selected - 1).validationMap() : null;
        metrics.selection = new RunMetrics.Selection(spec.eval().select(), selected, epochs,
            selectedMap, validating ? data.validation().length : null,
            validating ? data.train().length : null);

        Evaluation ev = evaluate(trainer, query, db, data.query(), data.database(), labels,
            evalOptions);
        finish(ev, metrics, writer, log);
        if (ev.encodedQuery().logits() != null) {
          metrics.classification =
              classification(ev.encodedQuery(), ev.queryLabels(), data).toClassification();
        }
        model.save(Files.createDirectories(writer.workDir().resolve("model")), "dpfah");
      }
    }
  }

  /**
   * A shallow method: features, fit and codes by {@link ShallowRun}; history.csv and timing.csv
   * get their headers only (no epochs), {@code fit.csv} the objective per iteration if the
   * method has one, {@code hash_mean.npy} and {@code hash_projection.npy} the fitted hash.
   */
  private static void executeShallow(ExperimentSpec spec, MethodDefinition method,
      RetrievalData data, Normalization norm, Device device, EvalOptions evalOptions,
      RunWriter writer, Draft metrics, Map<String, Object> provenance, Progress log) {
    metrics.protocolTopk = cutoff(data);
    writer.appendLine(ResultsReader.HISTORY_FILE, "epoch,loss,lr,map_all");
    writer.appendLine(ResultsReader.TIMING_FILE, "epoch,seconds,images_per_s,rss_mb");
    ShallowRun.Output out = ShallowRun.run(spec, method, data, norm, device, log);
    metrics.features = out.features();
    recordPretrained(out.pretrained(), metrics, provenance, writer, log);
    provenance.put("features", out.features());
    writer.writeJson("provenance.json", provenance);
    metrics.backbone = out.network().backbone();
    metrics.attention = out.network().attention();
    metrics.params = out.params();
    metrics.trainS = out.fitSeconds();
    metrics.trainImagesPerS = data.train().length / Math.max(1e-9, out.fitSeconds());
    if (!out.fit().objective().isEmpty()) {
      writer.appendLine(FIT_FILE, "iteration,quantization_loss");
      List<Double> q = out.fit().objective();
      for (int i = 0; i < q.size(); i++) {
        writer.appendLine(FIT_FILE, (i + 1) + "," + fmt(q.get(i)));
      }
    }
    Labels labels = data.pool().labels();
    long t = System.nanoTime();
    Labels ql = labels.subset(data.query());
    Labels dl = labels.subset(data.database());
    RetrievalMetrics m = RetrievalEvaluator.evaluate(out.query(), ql, out.db(), dl, evalOptions);
    finish(new Evaluation(null, out.query(), ql, out.db(), dl, m, out.encodeSeconds(),
        seconds(t)), metrics, writer, log);
    LinearHash hash = out.fit().hash();
    Npy.writeFloat32(writer.workDir().resolve(HASH_MEAN_FILE), floats(hash.mean()),
        hash.width());
    Npy.writeFloat32(writer.workDir().resolve(HASH_PROJECTION_FILE),
        floats(hash.projection().data), hash.width(), hash.bits());
  }

  private static float[] floats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static RunMetrics.Cutoff cutoff(RetrievalData data) {
    return data.defaultTopK() < 0 ? RunMetrics.Cutoff.ALL
        : new RunMetrics.Cutoff(data.defaultTopK());
  }

  private static void recordPretrained(PretrainedWeights.Report report, Draft metrics,
      Map<String, Object> provenance, RunWriter writer, Progress log) {
    if (report == null) {
      return;
    }
    metrics.pretrained = FineTuning.toPretrained(report);
    provenance.put("pretrained", metrics.pretrained);
    writer.writeJson("provenance.json", provenance);
    log.info(String.format(Locale.ROOT, "pretrained: %d tensors from %s (%.1f s)",
        report.loaded().size(), report.file(), report.seconds()));
  }

  /**
   * The final evaluation's figures and code diagnostics into metrics, the summary into the log,
   * codes to files.
   */
  private static void finish(Evaluation ev, Draft metrics, RunWriter writer, Progress log) {
    RetrievalMetrics rm = ev.metrics();
    metrics.encodeS = ev.encodeSeconds();
    metrics.encodeImagesPerS = (ev.query().size() + ev.db().size()) / ev.encodeSeconds();
    metrics.evalS = ev.evalSeconds();
    metrics.retrieval = rm.toRetrieval();
    long diag = System.nanoTime();
    metrics.diagnostics =
        CodeDiagnostics.of(ev.query(), ev.queryLabels(), ev.db(), ev.dbLabels());
    log.info(String.format(Locale.ROOT, "code diagnostics: %s (%.1f s)",
        CodeDiagnostics.summary(metrics.diagnostics), seconds(diag)));
    log.info(summary(rm));
    saveArtifacts(writer.workDir(), ev.query(), ev.queryLabels(), ev.db(), ev.dbLabels());
  }

  /**
   * The eval settings with the protocol's customary mAP cut-off (NUS-WIDE 5000, ImageNet-100
   * 1000, ...) appended to {@code topk} when the spec does not already list it, so every run
   * reports the figure its protocol's papers quote.
   */
  static EvalSpec withProtocolTopK(EvalSpec eval, int protocolTopK) {
    if (eval.topk().contains(protocolTopK)) {
      return eval;
    }
    List<Integer> topk = new ArrayList<>(eval.topk());
    topk.add(protocolTopK);
    return new EvalSpec(List.copyOf(topk), eval.precisionAt(), eval.every(), eval.batchSize(),
        eval.select());
  }

  /**
   * Encodes queries and database with the current weights and scores the sign codes.
   *
   * @param encodedQuery the network outputs for the queries (codes and logits)
   * @param query binarised query codes
   * @param queryLabels labels of the queries
   * @param db binarised database codes
   * @param dbLabels labels of the database
   * @param metrics the retrieval figures
   * @param encodeSeconds wall time of encoding both sets
   * @param evalSeconds wall time of the ranking metrics
   */
  private record Evaluation(Encoded encodedQuery, HashCodes query, Labels queryLabels,
      HashCodes db, Labels dbLabels, RetrievalMetrics metrics, double encodeSeconds,
      double evalSeconds) {}

  /** The validation ranking: tie-aware mAP@all only. */
  private static final EvalOptions VALIDATION = new EvalOptions(List.of(-1), List.of(), 0);

  private static Evaluation evaluate(HashTrainer trainer, BatchLoader query, BatchLoader db,
      int[] queryIndices, int[] dbIndices, Labels labels, EvalOptions options) {
    long t = System.nanoTime();
    Encoded q = trainer.encode(query.epoch(0), queryIndices.length);
    Encoded d = trainer.encode(db.epoch(0), dbIndices.length);
    double encodeS = seconds(t);
    t = System.nanoTime();
    HashCodes qc = HashCodes.fromFloats(q.codes(), q.size(), q.bits());
    HashCodes dc = HashCodes.fromFloats(d.codes(), d.size(), d.bits());
    Labels ql = labels.subset(queryIndices);
    Labels dl = labels.subset(dbIndices);
    RetrievalMetrics m = RetrievalEvaluator.evaluate(qc, ql, dc, dl, options);
    return new Evaluation(q, qc, ql, dc, dl, m, encodeS, seconds(t));
  }


  private static ClassificationReport classification(Encoded q, Labels truth, RetrievalData data) {
    List<String> names = data.pool().classNames();
    if (!truth.isMultiLabel()) {
      int[] t = new int[truth.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = truth.classId(i);
      }
      return ClassificationReport.of(t, q.predictedClasses(), names);
    }
    byte[][] predicted = new byte[q.size()][q.classes()];
    for (int i = 0; i < q.size(); i++) {
      for (int c = 0; c < q.classes(); c++) {
        predicted[i][c] = (byte) (q.logits()[i * q.classes() + c] > 0 ? 1 : 0);
      }
    }
    return ClassificationReport.ofMultiLabel(truth, Labels.ofMultiHot(predicted), names);
  }

  /** Codes as int8 ±1 and labels as int32 ids (or int8 multi-hot rows), as NumPy files. */
  private static void saveArtifacts(Path dir, HashCodes qc, Labels ql, HashCodes dc, Labels dl) {
    Npy.writeInt8(dir.resolve("query_codes.npy"), qc.toSigns(), qc.size(), qc.bits());
    Npy.writeInt8(dir.resolve("db_codes.npy"), dc.toSigns(), dc.size(), dc.bits());
    writeLabels(dir.resolve("query_labels.npy"), ql);
    writeLabels(dir.resolve("db_labels.npy"), dl);
  }

  private static void writeLabels(Path file, Labels labels) {
    if (!labels.isMultiLabel()) {
      int[] ids = new int[labels.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = labels.classId(i);
      }
      Npy.writeInt32(file, ids, ids.length);
      return;
    }
    int c = labels.numClasses();
    byte[] rows = new byte[labels.size() * c];
    for (int i = 0; i < labels.size(); i++) {
      float[] row = labels.multiHot(i);
      for (int k = 0; k < c; k++) {
        rows[i * c + k] = (byte) row[k];
      }
    }
    Npy.writeInt8(file, rows, labels.size(), c);
  }

  /** One history.csv line: only what the seed determines (no wall-clock or memory figures). */
  private static String historyLine(EpochRecord r, List<String> terms, boolean validation) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.epoch()).append(',').append(fmt(r.loss()));
    for (String term : terms) {
      Double v = r.terms().get(term);
      sb.append(',').append(v == null ? "" : fmt(v));
    }
    sb.append(',').append(fmt(r.lr()))
        .append(',').append(r.mapAll() == null ? "" : fmt(r.mapAll()));
    if (validation) {
      sb.append(',').append(r.validationMap() == null ? "" : fmt(r.validationMap()));
    }
    return sb.toString();
  }

  /** One timing.csv line: the epoch's wall time, throughput and the process RSS after it. */
  private static String timingLine(EpochRecord r) {
    return r.epoch() + "," + fmt(r.seconds()) + "," + fmt(r.imagesPerSecond()) + ","
        + residentMegabytes();
  }

  private static String summary(RetrievalMetrics m) {
    StringBuilder sb = new StringBuilder("retrieval:");
    for (Integer k : m.mapTieAware().keySet()) {
      sb.append(String.format(Locale.ROOT, "  mAP@%s %.4f (stable order %.4f)",
          EvalOptions.key(k), m.mapTieAware().get(k), m.map().get(k)));
    }
    sb.append(String.format(Locale.ROOT, "  P@r2 %.4f", m.precisionRadius2()));
    return sb.toString();
  }

  /** Resident set size of this process in MiB (Linux), or -1 where /proc is absent. */
  public static long residentMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | UncheckedIOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
