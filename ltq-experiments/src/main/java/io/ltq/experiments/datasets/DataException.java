package io.ltq.experiments.datasets;

import io.ltq.experiments.UserMistakeException;

/**
 * Data that cannot be used: a missing folder or file, a file of the wrong kind, a truncated file,
 * or an out-of-range label. The message is one sentence that names the problem and the fix, fit to
 * show a command-line user as is: a user's mistake, which {@code ltq} prints with exit code 2.
 */
public class DataException extends UserMistakeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with the given message.
     *
     * @param message one sentence naming the problem and the fix
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * Creates an exception with the given message and cause.
     *
     * @param message one sentence naming the problem and the fix
     * @param cause the underlying error
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
