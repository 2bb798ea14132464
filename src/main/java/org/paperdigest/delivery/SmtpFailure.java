package org.paperdigest.delivery;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.paperdigest.OneLine;

/**
 * What went wrong with one attempt to hand a message to the relay, and what it means: the SMTP
 * reply code and text when the relay answered (code 0 when the connection failed: refused, dropped,
 * timed out), and its {@link Kind}, decided by the reply and the stage of the conversation it
 * answered. Only a refusal about the recipient bounces; a refusal of the sender, the session or by
 * policy is the relay's configuration, not the reader's.
 */
record SmtpFailure(Kind kind, int code, String reply) {

    /** RFC 3463 enhanced status code: class.subject.detail, right after the reply code. */
    private static final Pattern ENHANCED = Pattern.compile("^\\s*(?:\\d{3}[ -])?\\s*([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    enum Kind {
        /** 5xx to RCPT, or about the mailbox (5.1.x, 5.2.x) at the end of DATA: bounce, suppress the address. */
        RECIPIENT_REFUSED,
        /** This message cannot go to this relay as it is (too big, needs SMTPUTF8): fail it, try no more. */
        NOT_SENDABLE,
        /** 5xx about the sender, the session, authentication or policy: stop the run, suppress nobody. */
        RELAY_REFUSED,
        /** 4xx for this message, on a connection that stays usable: try again later. */
        TEMPORARY,
        /** No answer, or 421 (the relay is closing the connection): try again on a fresh connection. */
        RELAY_TROUBLE,
        /** The final dot went out and no reply came: the relay may have delivered it. */
        OUTCOME_UNKNOWN
    }

    static SmtpFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof OutcomeUnknownException e) {
                return new SmtpFailure(Kind.OUTCOME_UNKNOWN, 0, OneLine.of(e.getMessage()));
            }
            if (t instanceof NotSendableException e) {
                return new SmtpFailure(Kind.NOT_SENDABLE, 0, OneLine.of(e.getMessage()));
            }
            if (t instanceof RelayRefusedException e) {
                return new SmtpFailure(Kind.RELAY_REFUSED, e.code(), OneLine.of(e.reply()));
            }
            if (t instanceof SMTPAddressFailedException e) {
                return atRecipient(e.getReturnCode(), OneLine.of(e.getMessage()));
            }
            if (t instanceof SMTPSenderFailedException e) {
                return atSender(e.getReturnCode(), OneLine.of(e.getMessage()));
            }
            if (t instanceof SMTPSendFailedException e) {
                String command = e.getCommand() == null ? "" : e.getCommand().toUpperCase(Locale.ROOT);
                String reply = OneLine.of(e.getMessage());
                if (command.startsWith("MAIL")) {
                    return atSender(e.getReturnCode(), reply);
                }
                if (command.startsWith("RCPT")) {
                    return atRecipient(e.getReturnCode(), reply);
                }
                return atData(e.getReturnCode(), reply);
            }
        }
        return new SmtpFailure(Kind.RELAY_TROUBLE, 0, describe(failure));
    }

    /** Whether a reply, to anything but RCPT, says the message is too big for the relay. */
    static boolean tooBig(int code, String reply) {
        int[] enhanced = enhanced(reply);
        if (enhanced == null) {
            return code == 552;
        }
        // 5.3.4: too big for the system; 5.2.3: longer than the mailbox's administrative limit.
        return enhanced[0] == 5 && (enhanced[1] == 3 && enhanced[2] == 4 || enhanced[1] == 2 && enhanced[2] == 3);
    }

    /** Tried again by the retry loop: temporary refusals and a relay in trouble, nothing else. */
    boolean worthRetrying() {
        return kind == Kind.TEMPORARY || kind == Kind.RELAY_TROUBLE;
    }

    private static SmtpFailure atRecipient(int code, String reply) {
        if (code == 530) {
            return new SmtpFailure(Kind.RELAY_REFUSED, code, reply); // RFC 4954: authentication required, on any command
        }
        return code >= 500 ? new SmtpFailure(Kind.RECIPIENT_REFUSED, code, reply) : temporary(code, reply);
    }

    private static SmtpFailure atSender(int code, String reply) {
        if (code >= 500) {
            return new SmtpFailure(code == 552 && tooBig(code, reply) ? Kind.NOT_SENDABLE : Kind.RELAY_REFUSED, code,
                    reply);
        }
        return temporary(code, reply);
    }

    /** The reply to DATA or to the final dot: only a mailbox status code is about the recipient. */
    private static SmtpFailure atData(int code, String reply) {
        if (code < 500) {
            return temporary(code, reply);
        }
        if (tooBig(code, reply)) {
            return new SmtpFailure(Kind.NOT_SENDABLE, code, reply);
        }
        int[] enhanced = enhanced(reply);
        boolean mailbox = enhanced != null && enhanced[0] == 5 && (enhanced[1] == 1 || enhanced[1] == 2);
        return new SmtpFailure(mailbox ? Kind.RECIPIENT_REFUSED : Kind.RELAY_REFUSED, code, reply);
    }

    private static SmtpFailure temporary(int code, String reply) {
        return new SmtpFailure(code >= 400 && code < 500 && code != 421 ? Kind.TEMPORARY : Kind.RELAY_TROUBLE, code,
                reply);
    }

    private static int[] enhanced(String reply) {
        Matcher m = ENHANCED.matcher(reply == null ? "" : reply);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))} : null;
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
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : OneLine.of(t.getMessage());
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }
}
