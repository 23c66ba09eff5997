package org.tgssalt.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a conv-stack stand-in ensemble for trying {@code ./tgs bench} before real models exist:
 * {@code java -cp ... org.tgssalt.testing.WriteConvStackEnsemble DIR [FOLDS CHANNELS LAYERS]}.
 * Defaults (10 folds, 64 channels, 8 layers) cost 9.85 GFLOP per pass, near the f = 2 SaltNet's 9.62.
 */
public final class WriteConvStackEnsemble {
    private WriteConvStackEnsemble() {}

    /** Entry point. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int folds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int channels = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int layers = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        Path json = TestGraphs.writeConvStackEnsemble(dir, folds, channels, layers);
        System.out.printf("%s: %d folds, %.2f GFLOP per pass%n", json, folds,
                TestGraphs.convStackFlops(channels, layers) / 1e9);
    }
}
