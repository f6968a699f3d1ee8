package io.dpfah.cli;

import io.dpfah.method.MethodRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dpfah methods}: the methods, deep and shallow, and their parameters (README's table). */
@Command(name = "methods", mixinStandardHelpOptions = true,
    description = "List the methods (deep and shallow) and their hyper-parameters (Markdown"
        + " table).")
public final class MethodsCommand implements Callable<Integer> {
  @Spec CommandSpec command;

  @Override
  public Integer call() {
    command.commandLine().getOut().print(MethodRegistry.readmeTable());
    command.commandLine().getOut().flush();
    return 0;
  }
}
