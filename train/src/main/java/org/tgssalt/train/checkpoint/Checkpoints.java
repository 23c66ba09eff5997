package org.tgssalt.train.checkpoint;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.tgssalt.InputException;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.train.model.SaltNet;

/**
 * Writes and reads fold checkpoints: {@code saltnet.params} (DJL {@code Block.saveParameters}, parameters
 * and batch-norm statistics) and {@code checkpoint.json} ({@link CheckpointInfo}), both in the fold
 * directory and both written atomically, the parameters first.
 *
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager()) {
 *     LoadedCheckpoint checkpoint = Checkpoints.load(Path.of("out/fold-3"), manager);
 *     NDArray p = checkpoint.net().forward(new ParameterStore(manager, false), new NDList(x), false).head();
 * }
 * }</pre>
 */
public final class Checkpoints {
    /** Parameter file name. */
    public static final String PARAMETERS_FILE = "saltnet.params";
    /** Metadata file name. */
    public static final String INFO_FILE = "checkpoint.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Checkpoints() {}

    /** Writes the network's parameters, then the metadata, into {@code foldDir} (created if missing). */
    public static void save(Path foldDir, SaltNet net, CheckpointInfo info) throws IOException {
        AtomicFile.write(foldDir.resolve(PARAMETERS_FILE), out -> writeParameters(net, out));
        writeInfo(foldDir, info);
    }

    /** Writes the network's parameters ({@code Block.saveParameters}) to {@code out}, which stays open. */
    public static void writeParameters(SaltNet net, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        net.saveParameters(data);
        data.flush();
    }

    /** Rewrites only the metadata (e.g. epochs trained so far when the best parameters did not change). */
    public static void writeInfo(Path foldDir, CheckpointInfo info) throws IOException {
        byte[] json = JSON.writeValueAsBytes(info);
        AtomicFile.write(foldDir.resolve(INFO_FILE), out -> out.write(json));
    }

    /**
     * Reads {@code checkpoint.json}.
     *
     * @throws InputException naming the file when it is missing or not checkpoint metadata
     */
    public static CheckpointInfo readInfo(Path foldDir) throws IOException {
        Path file = foldDir.resolve(INFO_FILE);
        try (InputStream in = Files.newInputStream(file)) {
            CheckpointInfo info = JSON.readValue(in, CheckpointInfo.class);
            if (info.schemaVersion() != CheckpointInfo.SCHEMA_VERSION) {
                throw new InputException(file.toString(), "schema version " + info.schemaVersion()
                        + ", this build reads " + CheckpointInfo.SCHEMA_VERSION);
            }
            return info;
        } catch (NoSuchFileException e) {
            throw new InputException(file.toString(), "missing: not a fold directory written by ./tgs train");
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new InputException(file.toString(), "not valid checkpoint metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Builds the network described by the checkpoint, initialises it on {@code manager}'s device and loads
     * the saved parameters.
     *
     * @param foldDir the fold directory ({@code OUT/fold-K})
     * @param manager owns the loaded parameters; the caller closes it
     * @throws InputException naming the file when either file is missing or does not fit
     */
    public static LoadedCheckpoint load(Path foldDir, NDManager manager) throws IOException {
        CheckpointInfo info = readInfo(foldDir);
        SaltNet net = new SaltNet(info.architecture());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, SaltNet.INPUT_SIZE, SaltNet.INPUT_SIZE));
        loadParameters(foldDir, net, manager);
        return new LoadedCheckpoint(net, info);
    }

    /**
     * Loads the parameters saved in {@code foldDir} into {@code net}, which must have the checkpoint's
     * architecture (e.g. to go back to the best epoch after training on).
     */
    public static void loadParameters(Path foldDir, SaltNet net, NDManager manager) throws IOException {
        loadParameterFile(foldDir.resolve(PARAMETERS_FILE), net, manager);
    }

    /**
     * Loads a parameter file written by {@link #save} (or another {@code Block.saveParameters} of the same
     * architecture) into {@code net}.
     *
     * @throws InputException naming the file when it is missing or does not fit the network
     */
    public static void loadParameterFile(Path file, SaltNet net, NDManager manager) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            net.loadParameters(manager, in);
        } catch (NoSuchFileException e) {
            throw new InputException(file.toString(), "missing: the checkpoint has metadata but no parameters");
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw new InputException(file.toString(), "does not fit the network's architecture (recorded in "
                    + INFO_FILE + "): " + e.getMessage(), e);
        }
    }
}
