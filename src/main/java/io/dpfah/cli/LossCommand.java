package io.dpfah.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dpfah.eval.Npy;
import io.dpfah.method.FixtureCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpfah loss}: runs a method-loss case folder through the method's implementation. */
@Command(name = "loss", mixinStandardHelpOptions = true,
    description = "Run a method-loss case (case.json, u<k>.npy, y<k>.npy, ind<k>.npy) through the"
        + " method's implementation; write result.json ({\"losses\": [...]}) and g<k>.npy.")
public final class LossCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CASE_DIR", description = "the case folder")
  Path caseDir;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "output folder (created if needed)")
  Path out;

  @Spec CommandSpec command;

  @Override
  public Integer call() {
    FixtureCase c = FixtureCase.load(caseDir);
    FixtureCase.Outcome o = c.run();
    try {
      Files.createDirectories(out);
      List<Double> losses = new ArrayList<>();
      for (double l : o.losses()) {
        losses.add(l);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("method", c.method().name());
      result.put("losses", losses);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(out.resolve("result.json").toFile(), result);
      for (int k = 0; k < o.gradients().size(); k++) {
        Npy.writeFloat32(out.resolve("g" + k + ".npy"), o.gradients().get(k),
            c.steps().get(k).ind().length, c.bits());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(out + ": cannot write: " + e.getMessage(), e);
    }
    command.commandLine().getOut().println(c.method().name() + ": " + o.losses().length + " steps; wrote "
        + out.resolve("result.json") + " and g0.npy..g" + (o.losses().length - 1) + ".npy");
    command.commandLine().getOut().flush();
    return 0;
  }
}
