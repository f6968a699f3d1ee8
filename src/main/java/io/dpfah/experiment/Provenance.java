package io.dpfah.experiment;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a reader needs to know to reproduce a run: code version, libraries, machine. */
final class Provenance {
  private Provenance() {}

  static Map<String, Object> collect(Device device, long seed) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("git_commit", git("rev-parse", "HEAD"));
    p.put("git_dirty", !git("status", "--porcelain", "--untracked-files=no").isEmpty());
    p.put("started", Instant.now().toString());
    p.put("seed", seed);
    p.put("device", device.toString());
    Engine engine = Engine.getInstance();
    p.put("engine", engine.getEngineName() + " " + engine.getVersion());
    p.put("djl", Engine.getDjlVersion());
    p.put("gpu_count", engine.getGpuCount());
    p.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    p.put("cores", Runtime.getRuntime().availableProcessors());
    p.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    return p;
  }

  private static String git(String... args) {
    try {
      String[] cmd = new String[args.length + 1];
      cmd[0] = "git";
      System.arraycopy(args, 0, cmd, 1, args.length);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
