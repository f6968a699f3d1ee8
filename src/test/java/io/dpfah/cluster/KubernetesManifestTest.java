package io.dpfah.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.Shard;
import io.dpfah.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The example Indexed Job and its report Job agree with each other and with dpfah. */
class KubernetesManifestTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> at(Map<String, Object> m, String... keys) {
    Map<String, Object> cur = m;
    for (String k : keys) {
      cur = (Map<String, Object>) cur.get(k);
    }
    return cur;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container(Map<String, Object> job) {
    return ((List<Map<String, Object>>) at(job, "spec", "template", "spec").get("containers"))
        .get(0);
  }

  @SuppressWarnings("unchecked")
  private static String env(Map<String, Object> container, String name) {
    return ((List<Map<String, Object>>) container.get("env")).stream()
        .filter(e -> e.get("name").equals(name)).map(e -> (String) e.get("value")).findFirst()
        .orElseThrow();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theIndexedJobShardsTheSweepAndTheReportJobReadsItsResults() throws Exception {
    Yaml yaml = new Yaml();
    Map<String, Object> sweep = yaml.load(Files.readString(
        Path.of("docs/kubernetes/sweep-job.yaml")));
    Map<String, Object> report = yaml.load(Files.readString(
        Path.of("docs/kubernetes/report-job.yaml")));
    assertEquals("Job", sweep.get("kind"));
    Map<String, Object> spec = at(sweep, "spec");
    assertEquals("Indexed", spec.get("completionMode"));
    int completions = (Integer) spec.get("completions");
    Map<String, Object> c = container(sweep);
    assertEquals(Integer.toString(completions), env(c, ArrayTask.SHARD_COUNT_ENV),
        "DPFAH_SHARD_COUNT must equal completions");
    assertEquals(new Shard(completions, completions), ArrayTask.fromEnvironment(Map.of(
        "JOB_COMPLETION_INDEX", Integer.toString(completions - 1),
        ArrayTask.SHARD_COUNT_ENV, env(c, ArrayTask.SHARD_COUNT_ENV))).shard(),
        "the last pod runs the last shard");
    List<String> cmd = (List<String>) c.get("command");
    assertEquals(List.of("./dpfah", "sweep"), cmd.subList(0, 2));
    ExperimentSpec experiment = SpecLoader.load(Path.of(cmd.get(2)), List.of());
    String results = cmd.get(cmd.indexOf("--out") + 1);
    assertEquals(List.of("./dpfah", "report", results + "/" + experiment.name()),
        container(report).get("command"));
    String mount = (String) ((List<Map<String, Object>>) c.get("volumeMounts")).get(0)
        .get("mountPath");
    assertEquals(results, mount);
    assertEquals(((List<Map<String, Object>>) container(report).get("volumeMounts")).get(0),
        ((List<Map<String, Object>>) c.get("volumeMounts")).get(0));
  }
}
