package org.tgssalt.ensemble;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.tgssalt.InputException;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.ManifestException;
import org.tgssalt.manifest.TensorSpec;

/**
 * Opens the graphs of one ensemble: reads each file once, checks its SHA-256 against the manifest,
 * creates the session on the requested device and checks the session's input and output against
 * the manifest. Device {@code auto} tries CUDA only when the loaded ONNX Runtime offers it (the GPU
 * build); when that fails, the fallback is logged once per process and later graphs go straight to
 * the CPU. Used by one thread while an ensemble opens.
 */
final class GraphLoader {
    private static final System.Logger LOG = System.getLogger(GraphLoader.class.getName());
    /** Ends the GPU build's fallback warning (ONNX Runtime logs the missing library itself, just before). */
    static final String FALLBACK_HINT = " (the GPU build needs an NVIDIA driver, CUDA 12 and cuDNN 9)";

    private final SharedEnvironment shared;
    private final CudaProvider cuda;
    private final EnsembleManifest manifest;
    private final EnsembleOptions options;
    private final boolean fused;
    private final Set<String> devicesUsed = new LinkedHashSet<>();
    private String cudaFailure;

    /**
     * @param cuda the CUDA execution provider to try ({@code shared.cuda()} outside tests)
     * @param fused whether the graph to open is the fused one (it keeps ONNX Runtime's memory arena)
     */
    GraphLoader(SharedEnvironment shared, CudaProvider cuda, EnsembleManifest manifest, EnsembleOptions options,
            boolean fused) {
        this.shared = shared;
        this.cuda = cuda;
        this.manifest = manifest;
        this.options = options;
        this.fused = fused;
        if (options.device().kind() == ExecutionDevice.Kind.AUTO) {
            // The CPU build cannot have CUDA: no attempt and no warning, the reason goes to the report.
            // The GPU build tries once per process and warns once (the provider remembers).
            cudaFailure = cuda.offered() ? cuda.fallback() : cuda.absence();
        }
    }

    /**
     * Opens one graph. The caller owns (closes) the session.
     *
     * @param role what the manifest lists the file as ("fold 3", "fused graph"), for messages
     * @throws ManifestException when the file is missing, changed, unloadable or of the wrong shape
     * @throws InputException when device {@code cuda} was asked for and cannot be used
     */
    OrtSession open(Path file, String sha256, String role) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw EnsembleManifest.missingGraph(file, role, e);
        } catch (IOException e) {
            throw new ManifestException(file.toString(), "cannot read " + role + " graph: " + e.getMessage(), e);
        }
        EnsembleManifest.verifyDigest(file, sha256, Sha256.of(bytes));
        OrtSession session = create(bytes, file);
        try {
            checkTensor(file, "input", session.getInputInfo(), manifest.input());
            checkTensor(file, "output", session.getOutputInfo(), manifest.output());
            return session;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session, e);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new ManifestException(file.toString(), "cannot inspect the graph: " + e.getMessage(), e);
        }
    }

    /** The devices the opened sessions run on, e.g. {@code cpu} or {@code cuda:0}. */
    String devices() {
        return devicesUsed.isEmpty() ? "none" : String.join("+", devicesUsed);
    }

    /** Why {@code auto} did not use CUDA, or null when it did or was not asked to. */
    String cudaFailure() {
        return cudaFailure;
    }

    private OrtSession create(byte[] bytes, Path file) {
        ExecutionDevice device = options.device();
        if (device.kind() == ExecutionDevice.Kind.CUDA && !cuda.offered()) {
            throw cudaRefused(cuda.absence(), null);
        }
        boolean tryCuda = device.kind() == ExecutionDevice.Kind.CUDA
                || (device.kind() == ExecutionDevice.Kind.AUTO && cudaFailure == null);
        try (SessionOptions so = baseOptions(file)) {
            if (tryCuda) {
                try {
                    cuda.attach(so, device.cudaId());
                } catch (OrtException e) {
                    cudaUnavailable(e);
                    tryCuda = false;
                }
            }
            try {
                OrtSession session = shared.environment().createSession(bytes, so);
                devicesUsed.add(tryCuda ? "cuda:" + device.cudaId() : "cpu");
                return session;
            } catch (OrtException e) {
                if (!tryCuda) {
                    throw unloadable(file, e);
                }
                cudaUnavailable(e);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot set ONNX Runtime session options: " + e.getMessage(), e);
        }
        // auto, and CUDA failed while creating the session: the same graph on the CPU.
        try (SessionOptions cpu = baseOptions(file)) {
            OrtSession session = shared.environment().createSession(bytes, cpu);
            devicesUsed.add("cpu");
            return session;
        } catch (OrtException e) {
            throw unloadable(file, e);
        }
    }

    private void cudaUnavailable(OrtException e) {
        String reason = firstLine(e.getMessage());
        if (options.device().kind() == ExecutionDevice.Kind.CUDA) {
            throw cudaRefused(reason, e);
        }
        if (cudaFailure == null) {
            cudaFailure = reason;
            if (cuda.recordFallback(reason)) {
                LOG.log(Level.WARNING, "device auto: CUDA unavailable (" + reason + "); running on the CPU"
                        + FALLBACK_HINT);
            }
        }
    }

    private InputException cudaRefused(String reason, OrtException cause) {
        String hint = cuda.offered() ? FALLBACK_HINT
                : " (use the GPU build of ONNX Runtime, onnxruntime_gpu: TGS_FLAVOUR=gpu for ./tgs, Maven profile gpu)";
        return new InputException("device " + options.device(), "the CUDA execution provider cannot be used: "
                + reason + hint, cause);
    }

    private SessionOptions baseOptions(Path file) throws OrtException {
        SessionOptions so = new SessionOptions();
        try {
            if (options.profileDirectory() != null) {
                // ONNX Runtime appends the start time and ".json" to this prefix.
                String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
                so.enableProfiling(options.profileDirectory().resolve(name).toString());
            }
            so.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
            if (!fused) {
                // Ten sessions would each keep an arena as large as its biggest run (f = 2, batch 1:
                // peak RSS 1.87 GiB; batch 4: 6.9 GiB). Plain malloc without memory patterns keeps one
                // session's activations at a time (0.4 GiB) at some speed cost (3.1-3.5 -> 2.2-2.3
                // passes/s measured on a busy machine); the fused graph keeps the arena and both.
                so.setCPUArenaAllocator(false);
                so.setMemoryPatternOptimization(false);
            }
            int requested = options.intraOpThreads();
            if (shared.globalThreads() > 0 && (requested == 0 || requested == shared.globalThreads())) {
                so.disablePerSessionThreads();
            } else {
                so.setIntraOpNumThreads(requested > 0 ? requested : Runtime.getRuntime().availableProcessors());
                so.setInterOpNumThreads(1);
            }
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }

    private static void checkTensor(Path file, String kind, Map<String, NodeInfo> graph, TensorSpec expected) {
        NodeInfo node = graph.get(expected.name());
        if (node == null || (kind.equals("input") && graph.size() != 1)) {
            throw new ManifestException(file.toString(), kind + "s " + graph.keySet() + ", manifest says "
                    + expected.name());
        }
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new ManifestException(file.toString(), kind + " " + expected.name() + " is " + info
                    + ", expected a float32 tensor");
        }
        if (!expected.matches(tensor.getShape())) {
            throw new ManifestException(file.toString(), kind + " shape " + TensorSpec.format(tensor.getShape())
                    + ", manifest says " + expected.shapeText());
        }
    }

    private static ManifestException unloadable(Path file, OrtException e) {
        return new ManifestException(file.toString(), "ONNX Runtime cannot load the graph: "
                + firstLine(e.getMessage()), e);
    }

    private static void closeQuietly(OrtSession session, Exception primary) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
