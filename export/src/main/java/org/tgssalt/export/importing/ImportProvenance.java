package org.tgssalt.export.importing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.geometry.ImageConvention;

/**
 * What travels with an imported graph ({@code metadata_props}) and its manifest ({@code provenance}): the source
 * file, its SHA-256, producer and opsets, the chosen tensors, the convention, and this tool's environment.
 */
public final class ImportProvenance {
    private ImportProvenance() {
    }

    /** The convention's entries, keys prefixed {@code convention.}, as the graph and the manifest record them. */
    public static Map<String, String> convention(ImageConvention convention) {
        Map<String, String> m = new LinkedHashMap<>();
        convention.describe().forEach((k, v) -> m.put("convention." + k, v));
        return m;
    }

    /** Entries for one imported fold graph. */
    public static Map<String, String> forFold(int fold, ForeignGraph foreign, ImageConvention convention,
            String gitCommit) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fold", Integer.toString(fold));
        m.putAll(source(foreign));
        m.putAll(convention(convention));
        m.putAll(environment(gitCommit));
        return m;
    }

    /** The per-fold facts about the source graph. */
    public static Map<String, String> source(ForeignGraph foreign) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", foreign.file().getFileName().toString());
        m.put("sourceSha256", foreign.sha256());
        m.put("sourceProducer", (foreign.model().getProducerName() + " " + foreign.model().getProducerVersion()).trim());
        m.put("sourceOpset", Long.toString(foreign.defaultOpset()));
        m.put("sourceInput", foreign.input());
        m.put("sourceOutput", foreign.output());
        m.put("sourceBatch", foreign.fixedBatch() ? "1" : "dynamic");
        return m;
    }

    /** This tool and machine. */
    public static Map<String, String> environment(String gitCommit) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gitCommit", gitCommit);
        m.put("onnxruntime", FoldEnsemble.ortEnvironment().getVersion());
        m.put("java", Runtime.version().toString());
        m.put("os", String.format(Locale.ROOT, "%s %s %s", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch")));
        m.put("importer", "tgs-salt import");
        return m;
    }
}
