package io.ltq.experiments;

/**
 * A user's mistake: its message is one sentence that names the problem and the fix. The {@code
 * ltq} command line prints it and exits with code 2; anything else thrown is LTQ's own failure.
 */
public class UserMistakeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one sentence: the problem and the fix
     */
    public UserMistakeException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message one sentence: the problem and the fix
     * @param cause what went wrong underneath
     */
    public UserMistakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
