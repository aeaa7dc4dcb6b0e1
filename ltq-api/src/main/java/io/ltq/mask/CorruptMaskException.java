package io.ltq.mask;

import java.io.IOException;

/** Thrown when a stored mask file is truncated, altered or not a mask file at all. */
public class CorruptMaskException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one sentence naming the file, the problem and the fix
     * @param cause the underlying failure, or {@code null}
     */
    public CorruptMaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
