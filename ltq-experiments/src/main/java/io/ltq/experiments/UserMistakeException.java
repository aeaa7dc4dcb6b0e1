package io.ltq.experiments;

/**
 * A mistake of the user's, not of LTQ: a flag value out of range, an unknown name, a path that is
 * not what it should be, a missing or damaged run or data file. Its message is one sentence
 * naming the problem and the fix, fit to show a command-line user as is; the {@code ltq} command
 * line prints it and exits with code 2, without a stack trace. Every other exception is LTQ's own
 * failure: {@code ltq} prints its stack trace and exits with code 1.
 */
public class UserMistakeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one sentence naming the problem and the fix
     */
    public UserMistakeException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that revealed the mistake.
     *
     * @param message one sentence naming the problem and the fix
     * @param cause the underlying failure, e.g. the parse error of a damaged file
     */
    public UserMistakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
