package org.greater4j.text;

/**
 * A chat template refused a conversation or could not be rendered. When the template itself called
 * {@code raise_exception(msg)} (e.g. Gemma-2's "System role not supported"), the message names the template's
 * origin (its file) and ends with {@code msg}.
 */
public class ChatTemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the template's own message, or what went wrong and how to fix it */
    public ChatTemplateException(String message) {
        super(message);
    }

    /** Same as {@link #ChatTemplateException(String)} with the underlying cause. */
    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
