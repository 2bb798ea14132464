package org.paperdigest.delivery;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What went wrong with one attempt to hand a message to the relay: the SMTP reply code and text
 * when the relay answered, or code 0 when the connection failed (refused, dropped, timed out).
 */
record SmtpFailure(int code, String reply) {

    static SmtpFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException e) {
                return new SmtpFailure(e.getReturnCode(), oneLine(e.getMessage()));
            }
            if (t instanceof SMTPSenderFailedException e) {
                return new SmtpFailure(e.getReturnCode(), oneLine(e.getMessage()));
            }
            if (t instanceof SMTPSendFailedException e) {
                return new SmtpFailure(e.getReturnCode(), oneLine(e.getMessage()));
            }
        }
        return new SmtpFailure(0, describe(failure));
    }

    /** 5xx: the relay refuses for good; trying again cannot help. */
    boolean permanent() {
        return code >= 500;
    }

    /** 4xx for this message, on a connection that stays usable: try again later, go on with the others. */
    boolean temporaryRefusal() {
        return code >= 400 && code < 500 && code != 421;
    }

    /** No answer, or 421 (the relay is closing the connection): the relay itself is in trouble. */
    boolean relayTrouble() {
        return !permanent() && !temporaryRefusal();
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = next(t)) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : oneLine(t.getMessage());
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
