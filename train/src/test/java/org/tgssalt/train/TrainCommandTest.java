package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.cli.Launcher;
import org.tgssalt.oof.OutOfFoldProbabilities;
import org.tgssalt.train.synthetic.SyntheticTgsGenerator;

/** The command end to end on a tiny generated dataset: one fold, one epoch, every output file. */
class TrainCommandTest {
    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        Launcher launcher = new Launcher(List.of(new TrainCommand()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return launcher.run(args);
    }

    @Test
    void trainsOneFoldAndWritesEveryFile(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        new SyntheticTgsGenerator(3).writeDataset(data, 12, 0);
        Path out = dir.resolve("run");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        // the command logs to the process's standard error, as a command line tool does
        PrintStream originalErr = System.err;
        int code;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            code = run(stdout, stderr, "train", "--data", data.toString(), "--out", out.toString(), "--folds", "4",
                    "--fold", "2", "--epochs", "1", "--batch", "4", "--width", "0.25", "--device", "cpu", "--no-gum",
                    "--limit", "10");
        } finally {
            System.setErr(originalErr);
        }

        String log = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, log);
        Path fold = out.resolve("fold-2");
        for (String name : List.of("saltnet.params", "checkpoint.json", "history.csv", "curves.png",
                "oof/ids.txt", "oof/probabilities.f32")) {
            assertTrue(Files.isRegularFile(fold.resolve(name)), name + " missing; log:\n" + log);
        }
        assertTrue(log.contains("topology loss off"), log);
        assertTrue(log.contains("using the first 10 of 12"), log);
        JsonNode info = new ObjectMapper().readTree(fold.resolve("checkpoint.json").toFile());
        assertEquals(2, info.get("fold").asInt());
        assertEquals(4, info.get("folds").asInt());
        assertEquals(1, info.get("bestEpoch").asInt());
        assertEquals(false, info.get("architecture").get("useGum").asBoolean());
        assertEquals(false, info.get("topology").get("enabled").asBoolean());
        assertEquals(64, info.get("dataHash").asText().length());
        // 10 ids in 4 folds: fold 2 validates on positions [2, 5)
        OutOfFoldProbabilities oof = OutOfFoldProbabilities.read(fold.resolve("oof"));
        assertEquals(3, oof.size());
        assertEquals(2, Files.readAllLines(fold.resolve("history.csv")).size());
        assertTrue(stdout.toString(StandardCharsets.UTF_8).startsWith("fold 2: best epoch 1, validation mAP "));

        // grow the network like the reference: resume the run with the guided upsampling module added
        stderr.reset();
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            code = run(stdout, stderr, "train", "--data", data.toString(), "--out", dir.resolve("grown").toString(),
                    "--folds", "4", "--fold", "2", "--epochs", "1", "--batch", "4", "--width", "0.25",
                    "--device", "cpu", "--limit", "10", "--resume", out.toString());
        } finally {
            System.setErr(originalErr);
        }
        String grown = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, grown);
        assertTrue(grown.contains("fold-2: starting from " + fold + ": copied "), grown);
        // the GUM: 6 conv + batch-norm blocks x (weight, gamma, beta, running mean, running variance)
        assertTrue(grown.contains("freshly initialised 30"), grown);
        JsonNode grownInfo = new ObjectMapper().readTree(dir.resolve("grown/fold-2/checkpoint.json").toFile());
        assertEquals(true, grownInfo.get("architecture").get("useGum").asBoolean());
        assertEquals(out.toString(), grownInfo.get("training").get("resumedFrom").asText());

        // the first run finished: there is nothing to continue, and it says so without training
        stderr.reset();
        code = run(stdout, stderr, "train", "--data", data.toString(), "--continue", out.toString(), "--folds", "4",
                "--fold", "2", "--epochs", "1", "--batch", "4", "--width", "0.25", "--device", "cpu", "--no-gum",
                "--limit", "10");
        assertEquals(1, code, stderr.toString(StandardCharsets.UTF_8));
        assertEquals("tgs train: " + out + ": the run has already finished (fold-2: 1 of 1 epochs, out-of-fold"
                + " output written); nothing to continue (to train on, start a new stage from it: --resume " + out
                + " --out ANOTHER_DIR)", stderr.toString(StandardCharsets.UTF_8).strip());
        // a folder without a run: probably a typo, not a run to start
        stderr.reset();
        Path nothing = dir.resolve("nothing");
        code = run(stdout, stderr, "train", "--data", data.toString(), "--continue", nothing.toString(), "--folds", "4",
                "--fold", "2", "--epochs", "1", "--batch", "4", "--width", "0.25", "--device", "cpu", "--no-gum",
                "--limit", "10");
        assertEquals(1, code);
        assertEquals("tgs train: " + nothing + ": no training run to continue: fold-2 not there (to start a run, use"
                + " --out)", stderr.toString(StandardCharsets.UTF_8).strip());
        // with another setting, the difference is what is reported
        stderr.reset();
        code = run(stdout, stderr, "train", "--data", data.toString(), "--continue", out.toString(), "--folds", "4",
                "--fold", "2", "--epochs", "1", "--batch", "4", "--width", "0.5", "--device", "cpu", "--no-gum",
                "--limit", "10");
        assertEquals(1, code);
        assertEquals("tgs train: " + fold.resolve("checkpoint.json") + ": the run was trained with other settings or"
                + " data; --continue needs the same: --width 0.25 (run) vs 0.5 (now) (to change them, start a new run in"
                + " another --out, or a new stage with --resume)", stderr.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path dir) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = run(stdout, stderr, "train", "--data", dir.toString(), "--out", dir.toString(), "--fold", "11");
        assertEquals(2, code);
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("tgs train: --fold must be in 1..10, got 11"),
                stderr.toString(StandardCharsets.UTF_8));
        stderr.reset();
        assertEquals(2, run(stdout, stderr, "train", "--data", "d", "--out", "o", "--schedule", "linear"));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("--schedule must be step or cosine"));
        stderr.reset();
        assertEquals(2, run(stdout, stderr, "train", "--data", "d"));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("tgs train: Missing required option: out (or"
                + " --continue DIR to continue a stopped run)"), stderr.toString(StandardCharsets.UTF_8));
        stderr.reset();
        assertEquals(2, run(stdout, stderr, "train", "--data", "d", "--continue", "runA", "--out", "runB"));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("tgs train: --continue runA continues the run in"
                + " runA, but --out names runB; give one of them"), stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheOptions() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        assertEquals(0, run(stdout, new ByteArrayOutputStream(), "train", "--help"));
        String help = stdout.toString(StandardCharsets.UTF_8);
        for (String flag : List.of("--data", "--out", "--folds", "--fold", "--epochs", "--batch", "--width", "--lr",
                "--schedule", "--cycles", "--seed", "--device", "--limit", "--vgg19", "--resume", "--continue")) {
            assertTrue(help.contains(flag), flag + " missing from help");
        }
        // the two ways of going on from a checkpoint, told apart
        assertTrue(help.replaceAll("\\s+", " ").contains("Adam's state, the schedule and the epoch count start over"),
                help);
        assertTrue(help.replaceAll("\\s+", " ").contains("so it ends as an uninterrupted run would"), help);
    }
}
