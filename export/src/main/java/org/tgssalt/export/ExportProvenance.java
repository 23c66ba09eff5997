package org.tgssalt.export;

import org.tgssalt.ensemble.FoldEnsemble;
import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tgssalt.train.checkpoint.CheckpointInfo;
import org.tgssalt.train.checkpoint.LibraryVersions;

/**
 * The facts that travel with every exported graph ({@code metadata_props}) and with the manifest:
 * fold, validation score, training configuration, data hash, git commit, library versions, Java
 * and OS. Keys are stable strings; values are text (JSON for the configurations).
 */
public final class ExportProvenance {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private ExportProvenance() {
    }

    /** Entries for one fold graph's {@code metadata_props}. */
    public static Map<String, String> forFold(CheckpointInfo info, String gitCommit) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fold", Integer.toString(info.fold()));
        m.put("folds", Integer.toString(info.folds()));
        m.put("validationScore", String.format(Locale.ROOT, "%.6f", info.bestScore()));
        m.put("bestEpoch", Integer.toString(info.bestEpoch()));
        m.put("epochsTrained", Integer.toString(info.epochsTrained()));
        m.put("architecture", json(info.architecture()));
        m.put("trainingConfig", json(info.training()));
        m.put("topologyLoss", json(info.topology()));
        m.put("dataHash", info.dataHash());
        m.put("trainingSamples", Integer.toString(info.trainingSamples()));
        m.put("validationSamples", Integer.toString(info.validationSamples()));
        m.putAll(environment(info.libraries(), gitCommit));
        return m;
    }

    /**
     * The environment facts: git commit, the training run's and this process's library versions.
     *
     * @param trained the versions recorded in the checkpoint
     * @param gitCommit from {@link #gitCommit()}
     */
    public static Map<String, String> environment(LibraryVersions trained, String gitCommit) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gitCommit", gitCommit);
        m.put("djl", trained.djl());
        m.put("pytorch", trained.pytorch());
        m.put("onnxruntime", FoldEnsemble.ortEnvironment().getVersion());
        m.put("java", Runtime.version().toString());
        m.put("os", String.format(Locale.ROOT, "%s %s %s", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch")));
        m.put("trainedWithJava", trained.java());
        m.put("trainedOnOs", trained.os());
        m.put("exporter", "tgs-salt export, opset 17");
        return m;
    }

    /** {@code git rev-parse HEAD} in the working directory, or {@code unknown} when git or a repository is missing. */
    public static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroy();
                return "unknown";
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && text.matches("[0-9a-f]{40}") ? text : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
