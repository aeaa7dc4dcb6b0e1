package io.ltq.experiments.cli;

import io.ltq.experiments.datasets.DataException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns a user's mistake into one sentence on standard error and a non-zero exit, never a stack
 * trace: unknown names, values out of range, missing or damaged files. Anything else is a bug and
 * keeps its stack trace, as does everything when the environment variable {@code LTQ_DEBUG} is
 * set.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {

    /** Exit code for a mistake in the input (flags, data files, run folder). */
    static final int USER_ERROR = 2;

    @Override
    public int handleExecutionException(
            Exception e, CommandLine cl, CommandLine.ParseResult parseResult) throws Exception {
        String message = userMessage(e);
        if (message == null || System.getenv("LTQ_DEBUG") != null) {
            throw e;
        }
        PrintWriter err = cl.getErr();
        err.println("ltq: " + message);
        err.flush();
        return USER_ERROR;
    }

    static int onBadParameter(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("ltq: " + e.getMessage() + " (see: ltq "
                + e.getCommandLine().getCommandName() + " --help)");
        err.flush();
        return USER_ERROR;
    }

    /** The sentence for a user mistake, or {@code null} for a bug. */
    static String userMessage(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return userMessage(e.getCause());
        }
        if (e instanceof DataException || e instanceof IllegalArgumentException
                || e instanceof IOException || e instanceof ai.djl.engine.EngineException) {
            String m = e.getMessage();
            return m == null ? e.getClass().getSimpleName() : m;
        }
        return null;
    }
}
