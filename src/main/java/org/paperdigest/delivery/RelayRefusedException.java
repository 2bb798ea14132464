package org.paperdigest.delivery;

import org.paperdigest.OneLine;

/**
 * The relay refused to take mail for a reason about the sender, the session, authentication or its
 * policy (a 5xx that is not about a recipient, or a 554 greeting): a setting to fix, not a reader's
 * fault. The send step stops at once, nobody is bounced or suppressed, and a later run resumes.
 */
public class RelayRefusedException extends RuntimeException {

    private final int code;
    private final String reply;

    RelayRefusedException(int code, String reply, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.reply = reply;
    }

    int code() {
        return code;
    }

    String reply() {
        return reply;
    }

    /** The one line an operator reads: which relay, what it answered, what to do. */
    static String describe(String relay, String reply) {
        return "the relay " + relay + " refused to take mail (" + OneLine.of(reply)
                + "): a relay or sender setting to fix (spring.mail.*, digest.from), not a reader's fault; "
                + "nobody was bounced or suppressed";
    }
}
