package io.ltq.experiments.cli;

import io.ltq.experiments.datasets.DataException;
import io.ltq.experiments.lottery.InvalidSettingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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

    /**
     * Says what a file operation ran into, in words: the JDK's own messages are often only the
     * path.
     */
    static String describe(IOException e) {
        if (!(e instanceof FileSystemException fs)) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String what = fs instanceof NoSuchFileException ? "does not exist"
                : fs instanceof FileAlreadyExistsException ? "already exists"
                : fs instanceof AccessDeniedException ? "permission denied"
                : fs instanceof NotDirectoryException ? "is not a folder"
                : fs.getReason() != null ? fs.getReason().toLowerCase(java.util.Locale.ROOT)
                : "cannot be used";
        String file = fs.getFile() == null ? "a file" : fs.getFile();
        return fs.getOtherFile() == null ? file + ": " + what
                : file + " → " + fs.getOtherFile() + ": " + what;
    }

    /** The sentence for a user mistake, or {@code null} for a bug. */
    static String userMessage(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return userMessage(e.getCause());
        }
        if (e instanceof FileSystemException fs) {
            return describe(fs) + ": check the path, or choose another folder.";
        }
        if (e instanceof InvalidSettingException setting) {
            return setting.render(RunOptions::flag);
        }
        if (e instanceof DataException || e instanceof IllegalArgumentException
                || e instanceof IOException || e instanceof ai.djl.engine.EngineException) {
            String m = e.getMessage();
            return m == null ? e.getClass().getSimpleName() : m;
        }
        return null;
    }
}
