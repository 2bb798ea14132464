package org.paperdigest.ingest;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperdigest.OneLine;

/** Clean-up shared by the input formats. */
final class Text {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`]+");
    private static final List<String> CODE_HOSTS =
            List.of("github.com", "gitlab.com", "huggingface.co", "bitbucket.org", "codeberg.org");

    private Text() {
    }

    /** In one line, as titles end up in headers; a no-break space is a space there too. */
    static String normalize(String s) {
        return OneLine.of(s == null ? null : s.replace('\u00A0', ' '));
    }

    /** The first code-hosting URL in the text, else its first URL, else null. */
    static String codeUrl(String text) {
        String first = null;
        Matcher m = URL.matcher(text);
        while (m.find()) {
            String url = m.group().replaceAll("[.,;:)\\]}]+$", "");
            if (CODE_HOSTS.stream().anyMatch(host -> url.contains("://" + host) || url.contains("://www." + host))) {
                return url;
            }
            if (first == null) {
                first = url;
            }
        }
        return first;
    }
}
