package io.ltq.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * Invariant 5: a user mistake ends in one clear sentence naming the problem and the fix, and a
 * non-zero exit, never a stack trace.
 */
public class BadInputTest {

    record Result(int code, String out, String err) {}

    static Result ltq(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ltq.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static Path emptyDir() throws IOException {
        return Files.createTempDirectory("ltq-bad");
    }

    @DataProvider(name = "mistakes")
    static Object[][] mistakes() throws IOException {
        Path out = emptyDir().resolve("run");
        Path missing = Path.of("/nonexistent/mnist-folder");
        Path garbage = emptyDir();
        Files.write(garbage.resolve("train-images-idx3-ubyte"), new byte[] {1, 2, 3, 4, 5});
        Files.write(garbage.resolve("train-labels-idx1-ubyte"), new byte[] {1, 2, 3, 4, 5});
        Files.write(garbage.resolve("t10k-images-idx3-ubyte"), new byte[] {1, 2, 3, 4, 5});
        Files.write(garbage.resolve("t10k-labels-idx1-ubyte"), new byte[] {1, 2, 3, 4, 5});
        String o = out.toString();
        return new Object[][] {
            {new String[] {"lottery", "--model", "lenet5", "--out", o}, "lenet5"},
            {new String[] {"lottery", "--model", "lenet300", "--engine", "TensorFlow",
                "--out", o}, "TensorFlow"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "imagenet",
                "--out", o}, "imagenet"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--prune-dense", "1.5", "--out", o}, "--prune-dense"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--prune-output", "-0.1", "--out", o}, "--prune-output"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--iterations", "100", "--rewind", "100", "--out", o}, "--rewind"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--rewind", "soon", "--out", o}, "--rewind"},
            {new String[] {"oneshot", "--model", "lenet300", "--dataset", "synthetic",
                "--density", "1.2", "--out", o}, "--density"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "mnist",
                "--data", missing.toString(), "--out", o}, missing.toString()},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "fashion-mnist",
                "--data", garbage.toString(), "--out", o}, garbage.toString()},
            {new String[] {"lottery", "--model", "lenet300", "--levels", "many", "--out", o},
                "--levels"},
            {new String[] {"lottery", "--out", o}, "--model"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--scope", "everywhere", "--out", o}, "--scope"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--controls", "dropout", "--out", o}, "--controls"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--scope", "global", "--out", emptyDir().resolve("g").toString()}, "--scope layerwise"},
            {new String[] {"bench", "--quick", "--engine", "TensorFlow"}, "TensorFlow"},
            {new String[] {"bench", "--quick", "--only", "speed"}, "speed"},
            {new String[] {"frobnicate"}, "frobnicate"},
        };
    }

    @Test(dataProvider = "mistakes")
    public void mistakeGivesOneSentenceAndNonZeroExit(String[] args, String named) {
        Result r = ltq(args);
        assertEquals(r.code(), UserErrors.USER_ERROR, r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("ltq: "), err);
        assertTrue(err.contains(named), "message should name " + named + ": " + err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(err.contains("\tat "), err);
        assertEquals(err.lines().count(), 1L, err);
    }

    @Test
    public void helpAndListWork() {
        Result help = ltq("lottery", "--help");
        assertEquals(help.code(), 0);
        assertTrue(help.out().contains("--rewind"), help.out());
        Result list = ltq("list");
        assertEquals(list.code(), 0, list.err());
        assertTrue(list.out().contains("lenet300"), list.out());
        assertTrue(list.out().contains("PyTorch"), list.out());
        assertTrue(list.out().contains("MXNet"), list.out());
    }
}
