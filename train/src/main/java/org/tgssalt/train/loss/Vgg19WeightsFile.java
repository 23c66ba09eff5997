package org.tgssalt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tgssalt.InputException;

/**
 * The file that carries ImageNet VGG19 weights for the topology loss ({@code --vgg19 PATH}): a
 * NumPy {@code .npz} archive (or a {@code .safetensors} file) holding torchvision's
 * {@code vgg19} state-dict tensors {@code features.0.weight}, {@code features.0.bias}, ...,
 * {@code features.16.bias} (see {@link Vgg19Features#LAYERS}); other tensors are ignored. Any
 * floating type is accepted and converted to float32. docs/VGG19.md shows how to write it from
 * torchvision.
 */
public final class Vgg19WeightsFile {
    private Vgg19WeightsFile() {}

    /**
     * Reads the weights.
     *
     * @param file the {@code .npz} or {@code .safetensors} file
     * @param manager manager whose device the weights go to; the result is a sub-manager owner
     *     that the caller closes
     * @return the frozen feature extractor
     * @throws InputException naming the file when it is missing, unreadable, not an archive of
     *     tensors, or lacks a tensor or has one of the wrong shape
     */
    public static Vgg19Features load(Path file, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            return Vgg19Features.fromTensors(manager, readTensors(file, scratch), file.toString());
        }
    }

    /**
     * Reads every named tensor of the file, without checking which ones are there.
     *
     * @param file the {@code .npz} or {@code .safetensors} file
     * @param manager owner of the tensors read
     * @return tensor name (without NumPy's {@code .npy} suffix) to tensor, in file order
     * @throws InputException naming the file when it is missing, unreadable or not an archive
     */
    static Map<String, NDArray> readTensors(Path file, NDManager manager) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(source,
                    "no such file (VGG19 weights for the topology loss; see docs/VGG19.md)", e);
        } catch (IOException e) {
            throw new InputException(source, "cannot read VGG19 weights: " + e.getMessage(), e);
        }
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray tensor : decode(bytes, manager, source)) {
            if (tensor.getName() != null) {
                byName.put(stripNpySuffix(tensor.getName()), tensor);
            }
        }
        return byName;
    }

    /**
     * Writes tensors in the format {@link #load} reads ({@code .npz}), e.g. to store weights made
     * elsewhere or for tests. Each array must carry its state-dict name ({@code NDArray.setName}).
     *
     * @param tensors named tensors
     * @param out destination; not closed
     * @throws IOException when writing fails
     */
    public static void write(NDList tensors, OutputStream out) throws IOException {
        tensors.encode(out, NDList.Encoding.NPZ);
    }

    private static NDList decode(byte[] bytes, NDManager manager, String source) {
        try {
            return NDList.decode(manager, bytes);
        } catch (RuntimeException e) {
            throw new InputException(source,
                    "not a NumPy .npz or .safetensors file of tensors (" + e.getMessage()
                            + "); see docs/VGG19.md", e);
        }
    }

    /** NumPy names archive members {@code NAME.npy}; the tensor name is NAME. */
    private static String stripNpySuffix(String name) {
        return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    }
}
