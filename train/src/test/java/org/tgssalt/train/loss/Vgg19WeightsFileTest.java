package org.tgssalt.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.train.testing.NDManagerExtension;

/** The VGG19 weights file: round trip, NumPy interoperability, and messages for bad files. */
@ExtendWith(NDManagerExtension.class)
class Vgg19WeightsFileTest {
    private static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void open(NDManager shared) {
        manager = shared;
    }

    @Test
    void roundTripGivesIdenticalFeatures() throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> tensors = randomTensors(scope, new Random(2));
            Path file = write(tensors, "vgg19.npz");
            NDArray input = scope.create(
                    LovaszSoftmaxLossTest.gaussian(new Random(5), 432, 1.0), new Shape(1, 3, 12, 12))
                    .toType(DataType.FLOAT32, false);
            try (Vgg19Features direct = Vgg19Features.fromTensors(scope, tensors, "memory");
                    Vgg19Features loaded = Vgg19WeightsFile.load(file, scope)) {
                NDList expected = direct.features(input);
                NDList actual = loaded.features(input);
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected.get(i).getShape(), actual.get(i).getShape());
                    assertArrayEquals(expected.get(i).toFloatArray(),
                            actual.get(i).toFloatArray(), 0f, "feature " + i);
                }
            }
        }
    }

    @Test
    void readsSafetensors() throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> tensors = randomTensors(scope, new Random(12));
            NDList list = new NDList();
            tensors.forEach((name, tensor) -> {
                tensor.setName(name);
                list.add(tensor);
            });
            Path file = dir.resolve("vgg19.safetensors");
            try (OutputStream out = Files.newOutputStream(file)) {
                list.encode(out, NDList.Encoding.SAFETENSORS);
            }
            Map<String, NDArray> read = Vgg19WeightsFile.readTensors(file, scope);
            assertEquals(tensors.keySet(), read.keySet());
            assertArrayEquals(tensors.get("features.16.weight").toFloatArray(),
                    read.get("features.16.weight").toFloatArray(), 0f);
        }
    }

    @Test
    void readsArchivesWrittenByNumpy() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("vgg19-conv1_1-only.npz").toURI());
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> tensors = Vgg19WeightsFile.readTensors(file, scope);
            assertEquals(java.util.Set.of("features.0.weight", "features.0.bias"), tensors.keySet());
            NDArray weight = tensors.get("features.0.weight");
            assertEquals(new Shape(64, 3, 3, 3), weight.getShape());
            float[] weights = weight.toFloatArray();
            for (int i = 0; i < weights.length; i++) {
                assertEquals((float) (i * 0.001), weights[i], 0f, "weight " + i);
            }
            NDArray bias = tensors.get("features.0.bias");
            assertEquals(DataType.FLOAT64, bias.getDataType());
            assertEquals(31.5, bias.toDoubleArray()[63], 0.0);

            InputException e = assertThrows(InputException.class,
                    () -> Vgg19WeightsFile.load(file, scope));
            assertEquals(file + ": missing tensor features.2.weight (conv1_2 weight); "
                    + "see docs/VGG19.md for how to write the file", e.getMessage());
        }
    }

    @Test
    void convertsFloat64Tensors() throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> tensors = randomTensors(scope, new Random(4));
            Map<String, NDArray> doubles = new LinkedHashMap<>();
            tensors.forEach((name, t) -> doubles.put(name, t.toType(DataType.FLOAT64, true)));
            Path file = write(doubles, "vgg19-f64.npz");
            NDArray input = scope.create(
                    LovaszSoftmaxLossTest.gaussian(new Random(6), 192, 1.0), new Shape(1, 3, 8, 8))
                    .toType(DataType.FLOAT32, false);
            try (Vgg19Features direct = Vgg19Features.fromTensors(scope, tensors, "memory");
                    Vgg19Features loaded = Vgg19WeightsFile.load(file, scope)) {
                assertArrayEquals(direct.features(input).get(2).toFloatArray(),
                        loaded.features(input).get(2).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("absent.npz");
        InputException e = assertThrows(InputException.class,
                () -> Vgg19WeightsFile.load(file, manager));
        assertEquals(file + ": no such file (VGG19 weights for the topology loss; "
                + "see docs/VGG19.md)", e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> tensors = randomTensors(scope, new Random(3));
            tensors.remove("features.7.bias");
            Path file = write(tensors, "no-conv2_2-bias.npz");
            InputException e = assertThrows(InputException.class,
                    () -> Vgg19WeightsFile.load(file, scope));
            assertEquals(file + ": missing tensor features.7.bias (conv2_2 bias); "
                    + "see docs/VGG19.md for how to write the file", e.getMessage());
        }
    }

    @Test
    void wrongShapeIsNamed() throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> tensors = randomTensors(scope, new Random(3));
            tensors.put("features.10.weight", scope.zeros(new Shape(256, 64, 3, 3)));
            Path file = write(tensors, "bad-shape.npz");
            InputException e = assertThrows(InputException.class,
                    () -> Vgg19WeightsFile.load(file, scope));
            assertEquals(file + ": tensor features.10.weight (conv3_1) has shape (256, 64, 3, 3),"
                    + " expected (256, 128, 3, 3)", e.getMessage());
        }
    }

    @Test
    void otherFilesAreRejected() throws IOException {
        Path file = dir.resolve("weights.pth");
        Files.writeString(file, "this is not a tensor archive");
        InputException e = assertThrows(InputException.class,
                () -> Vgg19WeightsFile.load(file, manager));
        assertTrue(e.getMessage().startsWith(file + ": not a NumPy .npz or .safetensors file"),
                e.getMessage());
    }

    private Path write(Map<String, NDArray> tensors, String name) throws IOException {
        NDList list = new NDList();
        tensors.forEach((tensorName, tensor) -> {
            tensor.setName(tensorName);
            list.add(tensor);
        });
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            Vgg19WeightsFile.write(list, out);
        }
        return file;
    }

    /** All 16 tensors with the right shapes and random values, in a mutable map. */
    static Map<String, NDArray> randomTensors(NDManager manager, Random random) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Vgg19Features.ConvLayer layer : Vgg19Features.LAYERS) {
            tensors.put(layer.weightName(), random(manager, layer.weightShape(), random, 0.05));
            tensors.put(layer.biasName(), random(manager, layer.biasShape(), random, 0.1));
        }
        return tensors;
    }

    private static NDArray random(NDManager manager, Shape shape, Random random, double scale) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return manager.create(values, shape);
    }
}
