package io.dpfah.cli;

import io.dpfah.data.ImageFiles;
import io.dpfah.eval.HashCodes;
import io.dpfah.eval.Npy;
import io.dpfah.search.CodeDatabase;
import io.dpfah.search.ImageInputs;
import io.dpfah.search.TrainedRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpfah encode RUN_DIR --images DIR|LIST_FILE --out codes.npy}: hash codes of images from a
 * trained run's network, with {@code paths.txt} (one image path per row) beside them.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
    description = {"Encode images with a trained run's network and preprocessing.",
        "The network and evaluation pipeline come from RUN_DIR/spec.yaml, the weights from"
            + " RUN_DIR/model/, the normalisation from RUN_DIR/data.json. Writes the codes as an"
            + " int8 +1/-1 array of shape (n, K), like the run's db_codes.npy, and paths.txt in"
            + " the same folder: the absolute path of each row's image, in row order."})
public final class EncodeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR",
      description = "A finished run's folder (results/<experiment>/<run>) with its model/.")
  Path runDir;

  @Option(names = "--images", required = true, paramLabel = "DIR|LIST_FILE",
      description = "A folder (every .png/.jpg/.jpeg below it, sorted by path) or a list file"
          + " (one image per line: its first field, relative to the list's folder; DeepHash"
          + " list files work as they are).")
  Path images;

  @Option(names = "--out", required = true, paramLabel = "CODES.npy",
      description = "The codes file to write; paths.txt goes beside it.")
  Path out;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    List<Path> files = ImageInputs.resolve(images);
    files.forEach(ImageFiles::checkHeader);
    try (TrainedRun run = TrainedRun.open(runDir)) {
      long t = System.nanoTime();
      HashCodes codes = run.encodeFiles(files);
      double seconds = (System.nanoTime() - t) / 1e9;
      Path dir = out.toAbsolutePath().getParent();
      Path paths = CodeDatabase.pathsFile(out);
      try {
        Files.createDirectories(dir);
        Npy.writeInt8(out, codes.toSigns(), codes.size(), codes.bits());
        Files.write(paths, files.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + out + " and " + paths, e);
      }
      w.printf(Locale.ROOT, "Encoded %d images (%d bits) in %.2f s (%.0f images/s)%n",
          codes.size(), codes.bits(), seconds, codes.size() / Math.max(1e-9, seconds));
      w.println("codes: " + out);
      w.println("paths: " + paths);
      w.flush();
    }
    return ExitCodes.OK;
  }
}
