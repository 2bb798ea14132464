package org.paperdigest.support;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * One message that {@link FaultySmtpServer} accepted (answered 250 to the end of DATA, or was about to).
 *
 * @param mailFrom   the MAIL FROM path without angle brackets ({@code ""} for the null sender)
 * @param recipients the accepted RCPT TO paths, as the client spelled them, in order
 * @param raw        the message bytes after dot-unstuffing, terminator excluded, line endings as received
 * @param messageId  the unfolded Message-ID header (with its angle brackets), or null if absent
 * @param subject    the unfolded Subject header, still MIME-encoded; see {@link #decodedSubject()}
 * @param at         when the server accepted it
 */
public record ReceivedMessage(String mailFrom, List<String> recipients, byte[] raw,
                              String messageId, String subject, Instant at) {

    public ReceivedMessage {
        recipients = List.copyOf(recipients);
        raw = raw.clone();
    }

    /** Builds a record from the envelope and the raw bytes, pulling Message-ID and Subject out of the headers. */
    static ReceivedMessage parse(String mailFrom, List<String> recipients, byte[] raw, Instant at) {
        return new ReceivedMessage(mailFrom, recipients, raw,
                header(raw, "Message-ID"), header(raw, "Subject"), at);
    }

    /** A copy, so a test cannot change what the server recorded. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The Subject with RFC 2047 encoded-words decoded, or null if there was no Subject. */
    public String decodedSubject() {
        if (subject == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(subject);
        } catch (UnsupportedEncodingException e) {
            return subject; // an unknown charset: the encoded form is the best we have
        }
    }

    /** The first header with this name (case-insensitive), unfolded and trimmed, or null. */
    public String header(String name) {
        return header(raw, name);
    }

    /** The message re-parsed by Jakarta Mail, for looking at bodies and parts. */
    public MimeMessage toMimeMessage() {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new IllegalStateException("recorded message is not parseable MIME", e);
        }
    }

    // The default record toString would print the byte array's identity, useless in assertion messages.
    @Override
    public String toString() {
        return "ReceivedMessage[from=" + mailFrom + ", to=" + recipients + ", messageId=" + messageId
                + ", subject=" + subject + ", bytes=" + raw.length + ", at=" + at + "]";
    }

    // Records compare arrays by identity; compare the content so equal messages are equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage m
                && mailFrom.equals(m.mailFrom) && recipients.equals(m.recipients) && Arrays.equals(raw, m.raw)
                && java.util.Objects.equals(messageId, m.messageId) && java.util.Objects.equals(subject, m.subject)
                && at.equals(m.at);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(mailFrom, recipients, Arrays.hashCode(raw), messageId, subject, at);
    }

    private static String header(byte[] raw, String name) {
        for (String field : unfoldedHeaderFields(raw)) {
            int colon = field.indexOf(':');
            if (colon > 0 && field.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return field.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Header fields up to the first blank line, each folded field joined back into one line. */
    private static List<String> unfoldedHeaderFields(byte[] raw) {
        List<String> fields = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new StringReader(decode(headerSection(raw))))) {
            String line;
            while ((line = lines.readLine()) != null && !line.isEmpty()) {
                boolean continuation = line.startsWith(" ") || line.startsWith("\t");
                if (continuation && !fields.isEmpty()) {
                    // RFC 5322 2.2.3: unfolding removes the line break but keeps the whitespace.
                    fields.set(fields.size() - 1, fields.get(fields.size() - 1) + line);
                } else {
                    fields.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a StringReader
        }
        return fields;
    }

    /** The bytes before the blank line that ends the headers (the whole message if there is none). */
    private static byte[] headerSection(byte[] raw) {
        for (int i = 0; i < raw.length - 1; i++) {
            if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n'))) {
                return Arrays.copyOf(raw, i + 1);
            }
        }
        return raw;
    }

    // Headers should be ASCII; accept raw UTF-8 (RFC 6532) too, and fall back to Latin-1 so any byte survives.
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
