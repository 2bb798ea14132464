package org.paperdigest.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Reads what a digest says, as a mail client would. */
public final class Messages {

    private static final Pattern NUMBERED_TITLE = Pattern.compile("(?m)^\\d+\\. (.+)$");

    private Messages() {
    }

    /** The messages among these whose (first) recipient is this address, in the order received. */
    public static List<MimeMessage> to(MimeMessage[] received, String address) throws MessagingException {
        List<MimeMessage> to = new ArrayList<>();
        for (MimeMessage message : received) {
            if (((InternetAddress) message.getAllRecipients()[0]).getAddress().equalsIgnoreCase(address)) {
                to.add(message);
            }
        }
        return to;
    }

    public static String textPart(MimeMessage message) {
        return part(message, "text/plain");
    }

    public static String htmlPart(MimeMessage message) {
        return part(message, "text/html");
    }

    /** The paper titles listed in the text part, highlight marks removed. */
    public static List<String> titles(MimeMessage message) {
        List<String> titles = new ArrayList<>();
        Matcher m = NUMBERED_TITLE.matcher(textPart(message));
        while (m.find()) {
            titles.add(m.group(1).replace("*", "").strip());
        }
        return titles;
    }

    private static String part(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return ((String) part.getContent()).replace("\r\n", "\n");
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    String found = part(child, type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
