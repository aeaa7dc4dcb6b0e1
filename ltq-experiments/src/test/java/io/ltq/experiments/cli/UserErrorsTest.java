package io.ltq.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.datasets.DataException;
import io.ltq.experiments.lottery.InvalidSettingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.Callable;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Only a {@link UserMistakeException} (and picocli's own parameter errors) is a user's mistake:
 * one sentence and exit code 2. Anything else a command throws is LTQ's failure: its stack trace
 * and exit code 1, so that {@code ltq sweep} retries the run instead of taking it for a refusal.
 */
public class UserErrorsTest {

    /** A command that throws what it is given, wired as {@link Ltq#run} wires every command. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {

        private final Exception thrown;

        @Option(names = "--count")
        int count;

        Boom(Exception thrown) {
            this.thrown = thrown;
        }

        @Override
        public Integer call() throws Exception {
            throw thrown;
        }
    }

    record Result(int code, String err) {}

    static Result run(Exception thrown, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Ltq.parser(new Boom(thrown));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setParameterExceptionHandler(UserErrors::onBadParameter);
        return new Result(cl.execute(args), err.toString());
    }

    @BeforeClass
    public void notDebugging() {
        if (System.getenv("LTQ_DEBUG") != null) {
            throw new SkipException("LTQ_DEBUG keeps the stack trace of every mistake");
        }
    }

    @DataProvider(name = "failures")
    static Object[][] failures() {
        return new Object[][] {
            {new IllegalArgumentException("MaskSet names differ: [a] and [b]")},
            {new IllegalStateException("Call setDepth(2, 4 or 6) before build().")},
            {new IOException("Could not read a training batch.")},
            {new AccessDeniedException("/tmp/somewhere/level_00/mask.npz")},
            {new NullPointerException()},
        };
    }

    @Test(dataProvider = "failures")
    public void ltqsOwnFailureExitsOneWithItsStackTrace(Exception thrown) {
        Result r = run(thrown);
        assertEquals(r.code(), UserErrors.LTQ_FAILURE, r.err());
        assertTrue(r.err().contains(thrown.getClass().getName()), r.err());
        assertTrue(r.err().contains("\tat "), "a stack trace: " + r.err());
        assertFalse(r.err().startsWith("ltq: "), r.err());
    }

    @DataProvider(name = "mistakes")
    static Object[][] mistakes() {
        return new Object[][] {
            {new UserMistakeException("--out runs/x is a file, not a folder: give a new folder."),
                "ltq: --out runs/x is a file, not a folder: give a new folder."},
            {new UserMistakeException("runs/x/summary.json is damaged (End of input): delete it"
                    + " and rerun.", new IOException("cause")),
                "ltq: runs/x/summary.json is damaged (End of input): delete it and rerun."},
            {new DataException("No MNIST data in /data (missing train-images): download them."),
                "ltq: No MNIST data in /data (missing train-images): download them."},
            {new InvalidSettingException("{learningRate} must be positive, got -1."),
                "ltq: --lr must be positive, got -1."},
        };
    }

    @Test(dataProvider = "mistakes")
    public void aUsersMistakeIsOneSentenceAndExitTwo(Exception thrown, String sentence) {
        Result r = run(thrown);
        assertEquals(r.code(), UserErrors.USER_ERROR, r.err());
        assertEquals(r.err().strip(), sentence);
        assertEquals(r.err().strip().lines().count(), 1L, r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    public void aFlagPicocliCannotParseIsOneSentenceAndExitTwo() {
        Result r = run(new IllegalStateException("not reached"), "--count", "many");
        assertEquals(r.code(), UserErrors.USER_ERROR, r.err());
        assertTrue(r.err().startsWith("ltq: ") && r.err().contains("--count"), r.err());
        assertTrue(r.err().contains("(see: ltq boom --help)"), r.err());
        assertEquals(r.err().strip().lines().count(), 1L, r.err());
    }

    @Test
    public void anOptionBeforeAnyCommandPointsAtLtqsOwnHelp() {
        StringWriter err = new StringWriter();
        int code = Ltq.run(new String[] {"--bogus"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(code, UserErrors.USER_ERROR, err.toString());
        assertTrue(err.toString().contains("(see: ltq --help)"), err.toString());
    }

    @Test
    public void aPathTheUserGaveIsTheUsersMistake() {
        UserMistakeException e = UserErrors.onUserPath(
                new AccessDeniedException("/srv/runs/seed-1/run.json"));
        assertEquals(e.getMessage(), "/srv/runs/seed-1/run.json: permission denied: check the"
                + " path, or choose another folder.");
        Result r = run(e);
        assertEquals(r.code(), UserErrors.USER_ERROR, r.err());
        assertEquals(r.err().strip().lines().count(), 1L, r.err());
    }

    @Test
    public void onlyUserMistakesAreUserMessages() {
        assertEquals(UserErrors.userMessage(new UserMistakeException("Give --out.")),
                "Give --out.");
        assertEquals(UserErrors.userMessage(new IllegalArgumentException("Give --out.")), null);
        assertEquals(UserErrors.userMessage(new IOException("x is damaged")), null);
        assertEquals(UserErrors.userMessage(
                new java.io.UncheckedIOException(new AccessDeniedException("x"))), null);
    }
}
