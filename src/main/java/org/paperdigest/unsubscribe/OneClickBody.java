package org.paperdigest.unsubscribe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Recognises RFC 8058's {@code List-Unsubscribe=One-Click} in the two encodings the RFC allows:
 * {@code application/x-www-form-urlencoded} (what the page's button and most providers send) and
 * {@code multipart/form-data}.
 */
final class OneClickBody {

    private static final Pattern MULTIPART = Pattern.compile(
            "(?is)content-disposition:\\s*form-data;\\s*name=\"?List-Unsubscribe\"?\\s*\\r?\\n\\r?\\n\\s*One-Click\\s*\\r?\\n");

    private OneClickBody() {
    }

    static boolean isOneClick(String body) {
        for (String pair : body.strip().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && decode(pair.substring(0, eq)).equals("List-Unsubscribe")
                    && decode(pair.substring(eq + 1)).equals("One-Click")) {
                return true;
            }
        }
        return MULTIPART.matcher(body).find();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
