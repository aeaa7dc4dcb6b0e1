package io.ltq.experiments.cli;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.InvalidSettingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/**
 * Turns a user's mistake into one sentence on standard error and exit code 2, never a stack
 * trace. A user's mistake is a {@link UserMistakeException} (unknown names, values out of range,
 * missing or damaged run and data files, paths that cannot be used; {@link
 * InvalidSettingException} and {@link io.ltq.experiments.datasets.DataException} among them) or a
 * command line picocli cannot parse ({@link #onBadParameter}). Anything else, an {@link
 * IllegalArgumentException} or an {@link IOException} included, is LTQ's own failure: it is
 * rethrown, and picocli prints its stack trace and exits with code 1, which {@code ltq sweep}
 * retries. With the environment variable {@code LTQ_DEBUG} set, mistakes keep their stack trace
 * too.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {

    /** Exit code for a mistake in the input (flags, data files, run folder). */
    static final int USER_ERROR = 2;

    /** Exit code for LTQ's own failure, picocli's for an exception the handler rethrows. */
    static final int LTQ_FAILURE = 1;

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
        // ltq itself has "ltq --help", not "ltq ltq --help".
        String name = e.getCommandLine().getCommandName();
        String help = name.equals("ltq") ? "ltq --help" : "ltq " + name + " --help";
        err.println("ltq: " + e.getMessage() + " (see: " + help + ")");
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

    /**
     * The mistake of a file operation on a path the user gave (a run folder, an {@code --out}):
     * for the commands whose every file lies there, where the path is opened. Elsewhere a
     * file-system failure is LTQ's.
     *
     * @param e what the file operation ran into
     * @return the mistake, naming the path and what stopped it
     */
    static UserMistakeException onUserPath(FileSystemException e) {
        return new UserMistakeException(
                describe(e) + ": check the path, or choose another folder.", e);
    }

    /** The sentence for a user mistake, or {@code null} for LTQ's own failure. */
    static String userMessage(Throwable e) {
        if (e instanceof InvalidSettingException setting) {
            return setting.render(RunOptions::flag);
        }
        if (e instanceof UserMistakeException) {
            String m = e.getMessage();
            return m == null ? e.getClass().getSimpleName() : m;
        }
        return null;
    }
}
