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
import org.tgssalt.oof.OutOfFoldProbabilities;
import org.tgssalt.testing.LauncherRun;
import org.tgssalt.train.synthetic.SyntheticTgsGenerator;

/** The command end to end on a tiny generated dataset: one fold, one epoch, every output file. */
class TrainCommandTest {
    private static LauncherRun run(String... args) {
        return LauncherRun.of(List.of(new TrainCommand()), args);
    }

    /**
     * A run with the training log: the command logs to the process's standard error, as a command line tool
     * does, so that is captured too and put before what the launcher printed on its own error stream.
     */
    private static Logged logged(String... args) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        LauncherRun run;
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            run = run(args);
        } finally {
            System.setErr(originalErr);
        }
        return new Logged(run, log.toString(StandardCharsets.UTF_8) + run.err());
    }

    /** A launcher run and everything it wrote to standard error. */
    private record Logged(LauncherRun run, String log) {}

    @Test
    void trainsOneFoldAndWritesEveryFile(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        new SyntheticTgsGenerator(3).writeDataset(data, 12, 0);
        Path out = dir.resolve("run");
        Logged trained = logged("train", "--data", data.toString(), "--out", out.toString(), "--folds", "4",
                "--fold", "2", "--epochs", "1", "--batch", "4", "--width", "0.25", "--device", "cpu", "--no-gum",
                "--limit", "10");

        String log = trained.log();
        assertEquals(0, trained.run().code(), log);
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
        assertTrue(trained.run().out().startsWith("fold 2: best epoch 1, validation mAP "));

        // grow the network like the reference: resume the run with the guided upsampling module added
        Logged resumed = logged("train", "--data", data.toString(), "--out", dir.resolve("grown").toString(),
                "--folds", "4", "--fold", "2", "--epochs", "1", "--batch", "4", "--width", "0.25",
                "--device", "cpu", "--limit", "10", "--resume", out.toString());
        String grown = resumed.log();
        assertEquals(0, resumed.run().code(), grown);
        assertTrue(grown.contains("fold-2: starting from " + fold + ": copied "), grown);
        // the GUM: 6 conv + batch-norm blocks x (weight, gamma, beta, running mean, running variance)
        assertTrue(grown.contains("freshly initialised 30"), grown);
        JsonNode grownInfo = new ObjectMapper().readTree(dir.resolve("grown/fold-2/checkpoint.json").toFile());
        assertEquals(true, grownInfo.get("architecture").get("useGum").asBoolean());
        assertEquals(out.toString(), grownInfo.get("training").get("resumedFrom").asText());

        // the first run finished: there is nothing to continue, and it says so without training
        LauncherRun finished = run("train", "--data", data.toString(), "--continue", out.toString(), "--folds", "4",
                "--fold", "2", "--epochs", "1", "--batch", "4", "--width", "0.25", "--device", "cpu", "--no-gum",
                "--limit", "10");
        assertEquals(1, finished.code(), finished.err());
        assertEquals("tgs train: " + out + ": the run has already finished (fold-2: 1 of 1 epochs, out-of-fold"
                + " output written); nothing to continue (to train on, start a new stage from it: --resume " + out
                + " --out ANOTHER_DIR)", finished.err().strip());
        // a folder without a run: probably a typo, not a run to start
        Path nothing = dir.resolve("nothing");
        LauncherRun typo = run("train", "--data", data.toString(), "--continue", nothing.toString(), "--folds", "4",
                "--fold", "2", "--epochs", "1", "--batch", "4", "--width", "0.25", "--device", "cpu", "--no-gum",
                "--limit", "10");
        assertEquals(1, typo.code(), typo.err());
        assertEquals("tgs train: " + nothing + ": no training run to continue: fold-2 not there (to start a run, use"
                + " --out)", typo.err().strip());
        // with another setting, the difference is what is reported
        LauncherRun other = run("train", "--data", data.toString(), "--continue", out.toString(), "--folds", "4",
                "--fold", "2", "--epochs", "1", "--batch", "4", "--width", "0.5", "--device", "cpu", "--no-gum",
                "--limit", "10");
        assertEquals(1, other.code(), other.err());
        assertEquals("tgs train: " + fold.resolve("checkpoint.json") + ": the run was trained with other settings or"
                + " data; --continue needs the same: --width 0.25 (run) vs 0.5 (now) (to change them, start a new run in"
                + " another --out, or a new stage with --resume)", other.err().strip());
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path dir) {
        LauncherRun badFold = run("train", "--data", dir.toString(), "--out", dir.toString(), "--fold", "11");
        assertEquals(2, badFold.code());
        assertTrue(badFold.err().startsWith("tgs train: --fold must be in 1..10, got 11"), badFold.err());
        LauncherRun badSchedule = run("train", "--data", "d", "--out", "o", "--schedule", "linear");
        assertEquals(2, badSchedule.code());
        assertTrue(badSchedule.err().contains("--schedule must be step or cosine"));
        LauncherRun noOut = run("train", "--data", "d");
        assertEquals(2, noOut.code());
        assertTrue(noOut.err().startsWith("tgs train: Missing required option: out (or --continue DIR to continue a"
                + " stopped run)"), noOut.err());
        LauncherRun twoRuns = run("train", "--data", "d", "--continue", "runA", "--out", "runB");
        assertEquals(2, twoRuns.code());
        assertTrue(twoRuns.err().startsWith("tgs train: --continue runA continues the run in runA, but --out names"
                + " runB; give one of them"), twoRuns.err());
    }

    @Test
    void helpListsTheOptions() {
        LauncherRun run = run("train", "--help");
        assertEquals(0, run.code());
        String help = run.out();
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
