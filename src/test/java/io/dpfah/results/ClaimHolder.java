package io.dpfah.results;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM that claims a lock file, optionally creates a folder (a run's work folder),
 * prints {@code held} and sleeps until it is killed: another process holding a run.
 */
public final class ClaimHolder {
  private ClaimHolder() {}

  /** {@code ClaimHolder LOCK_FILE [FOLDER_TO_CREATE]}. */
  public static void main(String[] args) throws Exception {
    FileClaim claim = FileClaim.tryAcquire(Path.of(args[0]));
    if (claim == null) {
      System.out.println("busy");
      return;
    }
    if (args.length > 1) {
      Files.createDirectories(Path.of(args[1]));
    }
    System.out.println("held");
    System.out.flush();
    Thread.sleep(600_000);
  }

  /** Starts a holder of {@code lockFile} and returns once it holds it. */
  public static Process start(Path lockFile, Path... create) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ClaimHolder.class.getName(),
        lockFile.toString()));
    for (Path p : create) {
      cmd.add(p.toString());
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    String line = r.readLine();
    if (!"held".equals(line)) {
      p.destroyForcibly();
      throw new IllegalStateException("the holder process did not get the claim: " + line);
    }
    return p;
  }

  /** SIGKILL, as a node failure or the OOM killer would: no shutdown hook, no unlock. */
  public static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor();
  }
}
