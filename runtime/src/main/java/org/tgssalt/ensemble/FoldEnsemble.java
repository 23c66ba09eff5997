package org.tgssalt.ensemble;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tgssalt.InputException;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FusedGraph;
import org.tgssalt.manifest.Precision;
import org.tgssalt.manifest.ManifestException;
import org.tgssalt.manifest.TensorSpec;

/**
 * The fold ensemble: every fold graph of an {@code ensemble.json} (or its fused graph), with
 * horizontal-flip TTA and the mean over folds and views, and the threshold that turns the mean
 * probability into a salt mask.
 *
 * <p>Usage (the same code runs in {@code FoldEnsembleExampleTest}):
 * <pre>{@code
 * EnsembleOptions options = EnsembleOptions.builder().device(ExecutionDevice.CPU).batchSize(16).build();
 * try (FoldEnsemble ensemble = FoldEnsemble.open(modelDir.resolve("ensemble.json"), options)) {
 *     float[] image = new float[101 * 101];          // row-major gray values in [0, 1]
 *     float[] probability = ensemble.probability(image);
 *     BinaryMask mask = ensemble.threshold(probability);
 *     System.out.println(ensemble.device() + ": " + mask.area() + " salt pixels");
 * }
 * }</pre>
 *
 * <p>Ownership: the ensemble owns one ONNX Runtime session per graph and releases them all on
 * {@link #close()} (idempotent). Threading: thread-safe; many threads may score through one ensemble
 * at once and each gets exactly what it would get alone (sessions are stateless and every call keeps
 * its tensors to itself). Arrays passed in are not modified; arrays returned belong to the caller.
 */
public final class FoldEnsemble implements AutoCloseable {

    private static final TensorSpec FED = TensorSpec.imageBatch(EnsembleManifest.INPUT_NAME, KaggleImage.SIDE);
    /** A graph with a fixed batch of 1 (e.g. an imported export without a dynamic batch axis): fed one image at a time. */
    private static final long[] SINGLE = {1, 1, KaggleImage.SIDE, KaggleImage.SIDE};

    private final EnsembleManifest manifest;
    private final EnsembleOptions options;
    private final SessionGroup sessions;
    private final ViewAveraging averaging;
    private final boolean fusedGraph;
    private final boolean flipTta;
    private final double threshold;
    private final String device;
    private final String cudaFailure;
    private final OnnxRuntimeInfo onnxRuntime;

    private FoldEnsemble(EnsembleManifest manifest, EnsembleOptions options, boolean fused,
            SharedEnvironment shared, SessionGroup sessions, GraphLoader loader) {
        this.manifest = manifest;
        this.options = options;
        this.sessions = sessions;
        this.fusedGraph = fused;
        this.flipTta = options.tta() != null ? options.tta() : manifest.horizontalFlip();
        this.averaging = new ViewAveraging(shared.environment(), manifest.input().name(), manifest.output().name(),
                flipTta && !fusedGraph, fixedBatchOfOne(manifest));
        this.threshold = options.threshold() != null ? options.threshold() : manifest.threshold().value();
        this.device = loader.devices();
        this.cudaFailure = loader.cudaFailure();
        this.onnxRuntime = shared.onnxRuntime();
    }

    /**
     * The process's ONNX Runtime environment, the one the ensembles use, made with a global intra-op
     * thread pool on first use. Code in the same JVM that opens sessions of its own (export's parity
     * check and FLOP count) asks here instead of {@link OrtEnvironment#getEnvironment()}, so whichever
     * comes first, the environment has the shared pool. Never close it.
     */
    public static OrtEnvironment ortEnvironment() {
        return SharedEnvironment.ortEnvironment();
    }

    /** Opens the ensemble with {@link EnsembleOptions#defaults()}. */
    public static FoldEnsemble open(Path ensembleJson) {
        return open(ensembleJson, EnsembleOptions.defaults());
    }

    /**
     * Opens every graph the manifest names (or only its fused graph when {@code options.fused()}),
     * checking each file's SHA-256 and each graph's input and output against the manifest. If a
     * graph fails to open, those already open are closed before the error propagates.
     *
     * @throws ManifestException naming the manifest or graph file and the problem
     * @throws org.tgssalt.InputException when device {@code cuda} cannot be used
     */
    public static FoldEnsemble open(Path ensembleJson, EnsembleOptions options) {
        return open(ensembleJson, options, null);
    }

    /**
     * {@link #open(Path, EnsembleOptions)} with a given CUDA provider instead of the process's (tests drive
     * both device branches with it on any machine); null means the process's.
     */
    static FoldEnsemble open(Path ensembleJson, EnsembleOptions options, CudaProvider cuda) {
        EnsembleManifest manifest = EnsembleManifest.parse(ensembleJson);
        for (TensorSpec declared : List.of(manifest.input(), manifest.output())) {
            if (!declared.matches(FED.shape().stream().mapToLong(Long::longValue).toArray())
                    && !declared.matches(SINGLE)) {
                throw new ManifestException(ensembleJson.toString(), "tensor " + declared.name() + " "
                        + declared.shapeText() + ": this runtime works on " + FED.shapeText() + " or "
                        + TensorSpec.format(SINGLE));
            }
        }
        Precision precision = options.precision();
        if (precision == Precision.INT8 && manifest.int8() == null) {
            throw new ManifestException(ensembleJson.toString(), "no int8 graphs listed (precision int8 asked for); "
                    + "export with --int8, or score with --precision fp32");
        }
        if (Boolean.TRUE.equals(options.fused()) && manifest.fused(precision) == null) {
            throw new ManifestException(ensembleJson.toString(), precision == Precision.INT8
                    ? "no int8 fused graph listed; export with --fused --int8, or score with the separate fold graphs"
                    : "no fused graph listed; export with --fused, or score with the separate fold graphs");
        }
        Path profiles = options.profileDirectory();
        if (profiles != null && !Files.isDirectory(profiles)) {
            throw new InputException(profiles.toString(),
                    "not a folder (profiles are written into an existing folder)");
        }
        Path dir = ensembleJson.toAbsolutePath().getParent();
        SharedEnvironment shared = SharedEnvironment.get(options.intraOpThreads());
        boolean fused = options.usesFused(manifest);
        GraphLoader loader = new GraphLoader(shared, cuda != null ? cuda : shared.cuda(), manifest, options, fused);
        String prefix = precision == Precision.INT8 ? "int8 " : "";
        FusedGraph fusedGraph = manifest.fused(precision);
        List<GraphFile> graphs = fused
                ? List.of(new GraphFile(dir.resolve(fusedGraph.file()), fusedGraph.sha256(), prefix + "fused graph"))
                : manifest.folds(precision).stream()
                        .map(f -> new GraphFile(dir.resolve(f.file()), f.sha256(), prefix + "fold " + f.fold()))
                        .toList();
        SessionGroup sessions = SessionGroup.open(graphs, g -> loader.open(g.file(), g.sha256(), g.role()));
        return new FoldEnsemble(manifest, options, fused, shared, sessions, loader);
    }

    /** True when the manifest's graphs take a fixed batch of one image (scored one image and view per call). */
    private static boolean fixedBatchOfOne(EnsembleManifest manifest) {
        return manifest.input().matches(SINGLE);
    }

    /** A graph file to open, its expected digest and what the manifest lists it as. */
    private record GraphFile(Path file, String sha256, String role) {}

    /** The mean salt probability of one image (row-major, {@value KaggleImage#PIXELS} values in [0, 1]). */
    public float[] probability(float[] image) {
        return probabilities(new float[][] {image})[0];
    }

    /** The mean salt probability of one image. */
    public float[] probability(GrayImage image) {
        return probability(pixelsOf(image, 0));
    }

    /**
     * The mean salt probabilities of a batch of images, each row-major with {@value KaggleImage#PIXELS}
     * values in [0, 1]. Runs the graphs {@link EnsembleOptions#batchSize()} images at a time.
     */
    public float[][] probabilities(float[][] images) {
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != KaggleImage.PIXELS) {
                throw new IllegalArgumentException("image " + i + " has " + images[i].length + " values, expected "
                        + KaggleImage.PIXELS + " (" + KaggleImage.SIDE + "x" + KaggleImage.SIDE + " row-major)");
            }
        }
        float[][] result = new float[images.length][];
        for (int from = 0; from < images.length; from += options.batchSize()) {
            int count = Math.min(options.batchSize(), images.length - from);
            score(images, from, count, result);
        }
        return result;
    }

    /** The mean salt probabilities of a batch of images. */
    public List<float[]> probabilities(List<GrayImage> images) {
        float[][] pixels = new float[images.size()][];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = pixelsOf(images.get(i), i);
        }
        return List.of(probabilities(pixels));
    }

    /**
     * The mean salt probability of a 101x101 8-bit PNG file.
     *
     * @throws org.tgssalt.InputException naming the file when it cannot be scored
     */
    public float[] probability(Path png) {
        return probability(ScoringImageReader.read(png));
    }

    /**
     * The mean salt probability of an in-memory 101x101 image (8-bit gray, or colour with equal channels).
     *
     * @throws org.tgssalt.InputException when it cannot be scored
     */
    public float[] probability(BufferedImage image) {
        return probability(ScoringImageReader.fromBufferedImage(image, "image"));
    }

    /** The mean salt probabilities of PNG files, batched. @throws org.tgssalt.InputException naming a bad file */
    public List<float[]> probabilitiesOfFiles(List<Path> pngs) {
        return probabilities(pngs.stream().map(ScoringImageReader::read).toList());
    }

    /** The salt mask of a PNG file. */
    public BinaryMask mask(Path png) {
        return threshold(probability(png));
    }

    /** The salt mask of an in-memory image. */
    public BinaryMask mask(BufferedImage image) {
        return threshold(probability(image));
    }

    /** The salt masks of PNG files, batched. */
    public List<BinaryMask> masksOfFiles(List<Path> pngs) {
        return probabilitiesOfFiles(pngs).stream().map(this::threshold).toList();
    }

    /** The salt mask of one image. */
    public BinaryMask mask(GrayImage image) {
        return threshold(probability(image));
    }

    /** The salt mask of one image given as row-major pixels. */
    public BinaryMask mask(float[] image) {
        return threshold(probability(image));
    }

    /** The salt masks of a batch of images given as row-major pixels. */
    public List<BinaryMask> masks(float[][] images) {
        return thresholdAll(probabilities(images));
    }

    /** The salt masks of a batch of images. */
    public List<BinaryMask> masks(List<GrayImage> images) {
        return probabilities(images).stream().map(this::threshold).toList();
    }

    /** The mask of a probability map: salt where the probability is at least {@link #threshold()}. */
    public BinaryMask threshold(float[] probability) {
        return BinaryMask.threshold(probability, threshold);
    }

    /** The threshold in use: the option's override, else the manifest's. */
    public double threshold() {
        return threshold;
    }

    /** True when horizontal-flip TTA is applied (by this class or inside the fused graph). */
    public boolean flipTta() {
        return flipTta;
    }

    /** True when the fused graph runs instead of the separate fold graphs. */
    public boolean fused() {
        return fusedGraph;
    }

    /** The precision of the graphs that run: the manifest's float32 graphs or its int8 ones. */
    public Precision precision() {
        return options.precision();
    }

    /** The device the graphs run on: {@code cpu}, {@code cuda:0}, ... */
    public String device() {
        return device;
    }

    /**
     * Why device {@code auto} runs on the CPU, or null when it runs on CUDA or was not asked: the CPU
     * build's missing CUDA provider, or the GPU build's failure to start CUDA.
     */
    public String cudaFailure() {
        return cudaFailure;
    }

    /** The ONNX Runtime the graphs run in: artifact, version and the execution providers it offers. */
    public OnnxRuntimeInfo onnxRuntime() {
        return onnxRuntime;
    }

    /** The manifest the ensemble was opened from. */
    public EnsembleManifest manifest() {
        return manifest;
    }

    /** The options the ensemble was opened with. */
    public EnsembleOptions options() {
        return options;
    }

    /** Fold forward passes per image: folds times views (the fused graph does the same work inside). */
    public int passesPerImage() {
        return manifest.folds().size() * (flipTta ? 2 : 1);
    }

    /**
     * Ends ONNX Runtime's profiling of every session (opened with {@link EnsembleOptions#profileDirectory()}) and
     * returns the trace files, one per graph, for {@link OperatorProfile#read(List)}. Later graph calls are not
     * profiled.
     *
     * @return the trace files, in graph order
     * @throws IllegalStateException when the ensemble was opened without a profile folder, or is closed
     */
    public List<Path> endProfiling() {
        if (options.profileDirectory() == null) {
            throw new IllegalStateException("the ensemble was opened without a profile folder");
        }
        if (sessions.isClosed()) {
            throw new IllegalStateException("the ensemble is closed");
        }
        List<Path> traces = new ArrayList<>();
        for (OrtSession session : sessions.sessions()) {
            try {
                traces.add(Path.of(session.endProfiling()));
            } catch (OrtException e) {
                throw new IllegalStateException("ending ONNX Runtime's profiling failed: " + e.getMessage(), e);
            }
        }
        return List.copyOf(traces);
    }

    /** Releases every session; later calls fail. Idempotent. */
    @Override
    public void close() {
        sessions.close();
    }

    private List<BinaryMask> thresholdAll(float[][] probabilities) {
        List<BinaryMask> masks = new ArrayList<>(probabilities.length);
        for (float[] p : probabilities) {
            masks.add(threshold(p));
        }
        return masks;
    }

    /** Scores images[from, from+count) into result, one graph call per session. */
    private void score(float[][] images, int from, int count, float[][] result) {
        if (sessions.isClosed()) {
            throw new IllegalStateException("the ensemble is closed");
        }
        float[][] maps = averaging.score(sessions.sessions(), images, from, count);
        System.arraycopy(maps, 0, result, from, count);
    }

    private static float[] pixelsOf(GrayImage image, int index) {
        if (image.width() != KaggleImage.SIDE || image.height() != KaggleImage.SIDE) {
            throw new IllegalArgumentException("image " + index + " is " + image.width() + "x" + image.height()
                    + ", expected " + KaggleImage.SIDE + "x" + KaggleImage.SIDE);
        }
        return image.pixels();
    }

}
