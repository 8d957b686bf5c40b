package io.gwsload.gatling;

import io.gwsload.gatling.runtime.GwsConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The Kubernetes recipe ({@code deploy/kubernetes/}) checked as far as can be done without a cluster: the
 * manifests parse; the Indexed Job runs every shard at once and once; the merge Job reads the same run from
 * the same volume; the image's entry point and the simulation exist; the simulation options are ones
 * gws-load knows; and, where {@code kubectl} is installed, {@code kubectl kustomize} renders them.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("deploy", "kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode read(String file) throws Exception {
        return YAML.readTree(DIR.resolve(file).toFile());
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    @Test
    void theShardsJobRunsEveryShardOnceAndTheMergeReadsTheSameRun() throws Exception {
        JsonNode pvc = read("results-pvc.yaml");
        assertEquals("PersistentVolumeClaim", pvc.path("kind").asText());
        assertEquals("ReadWriteMany", pvc.path("spec").path("accessModes").path(0).asText(),
                "shards on several nodes write to one volume");
        String claim = pvc.path("metadata").path("name").asText();

        JsonNode shards = read("job-shards.yaml");
        assertEquals("batch/v1", shards.path("apiVersion").asText());
        assertEquals("Job", shards.path("kind").asText());
        JsonNode spec = shards.path("spec");
        assertEquals("Indexed", spec.path("completionMode").asText());
        int completions = spec.path("completions").asInt();
        assertEquals(completions, spec.path("parallelism").asInt(), "every shard runs at once");
        assertEquals(0, spec.path("backoffLimit").asInt(), "a shard never runs twice");
        JsonNode pod = spec.path("template").path("spec");
        assertEquals("Never", pod.path("restartPolicy").asText());
        JsonNode generator = pod.path("containers").path(0);
        Map<String, String> env = env(generator);
        assertEquals(String.valueOf(completions), env.get("SHARDS"), "SHARDS is the Job's completions");
        assertEquals("run", generator.path("args").path(0).asText());
        assertTrue(env.get("GWS_URL").startsWith("http"));
        Class.forName(env.get("SIMULATION")); // the simulation is in the image (test-classes)
        GwsConfig.from(options(env.get("SIMULATION_OPTS"))); // an unknown -Dgws.* fails here
        assertMounts(pod, generator, claim, List.of("/results", "/credentials"));

        JsonNode merge = read("job-merge.yaml");
        JsonNode mergePod = merge.path("spec").path("template").path("spec");
        JsonNode merger = mergePod.path("containers").path(0);
        assertEquals("merge", merger.path("args").path(0).asText());
        assertEquals(env.get("RUN_ID"), env(merger).get("RUN_ID"), "the merge reads the run the shards wrote");
        assertEquals(env.get("SHARDS"), env(merger).get("SHARDS"));
        assertEquals(generator.path("image").asText(), merger.path("image").asText());
        assertMounts(mergePod, merger, claim, List.of("/results"));

        assertTrue(Files.isExecutable(DIR.resolve("entrypoint.sh")));
        String dockerfile = Files.readString(DIR.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("COPY deploy/kubernetes/entrypoint.sh"), "the image carries the entry point");
    }

    @Test
    void kubectlRendersTheKustomizationWhereItIsInstalled() throws Exception {
        List<String> kinds = new ArrayList<>();
        for (JsonNode resource : read("kustomization.yaml").path("resources")) {
            kinds.add(read(resource.asText()).path("kind").asText());
        }
        assertEquals(List.of("PersistentVolumeClaim", "Job"), kinds);
        Path kubectl = onPath("kubectl");
        if (kubectl == null) {
            return; // a fresh machine has Java and Maven only; the structure above was still checked
        }
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", DIR.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> rendered = new ArrayList<>();
        YAML.readerFor(JsonNode.class).readValues(out).forEachRemaining(n -> rendered.add(((JsonNode) n)
                .path("kind").asText()));
        assertEquals(kinds, rendered);
    }

    private static void assertMounts(JsonNode pod, JsonNode container, String claim, List<String> paths) {
        Map<String, String> volumeOfPath = new LinkedHashMap<>();
        container.path("volumeMounts").forEach(m -> volumeOfPath.put(m.path("mountPath").asText(),
                m.path("name").asText()));
        assertEquals(paths, new ArrayList<>(volumeOfPath.keySet()));
        pod.path("volumes").forEach(v -> {
            if (v.path("name").asText().equals(volumeOfPath.get("/results"))) {
                assertEquals(claim, v.path("persistentVolumeClaim").path("claimName").asText());
            }
        });
    }

    /** {@code -Dname=value -Dother=x} as properties. */
    private static Properties options(String text) {
        Properties p = new Properties();
        for (String option : text.trim().split("\\s+")) {
            assertTrue(option.startsWith("-D") && option.contains("="), option);
            p.setProperty(option.substring(2, option.indexOf('=')), option.substring(option.indexOf('=') + 1));
        }
        return p;
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
