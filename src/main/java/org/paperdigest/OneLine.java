package org.paperdigest;

/** Text folded into one line: what reaches a header, an error line or the delivery record. */
public final class OneLine {

    private OneLine() {
    }

    /**
     * Runs of white space, control characters and line separators become one space, and the ends are
     * stripped; null becomes "". What {@code replaceAll("[\\s\\p{Cntrl}\\u0085\\u2028\\u2029]+", " ")}
     * does, without a regular expression on every subject: most subjects lose only a final newline.
     */
    public static String of(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!breaksLine(c)) {
                if (out != null) {
                    out.append(c);
                }
                i++;
                continue;
            }
            int end = i + 1;
            while (end < n && breaksLine(s.charAt(end))) {
                end++;
            }
            if (out == null && !(c == ' ' && end == i + 1)) {
                out = new StringBuilder(n).append(s, 0, i);
            }
            if (out != null) {
                out.append(' ');
            }
            i = end;
        }
        return (out == null ? s : out.toString()).strip();
    }

    private static boolean breaksLine(char c) {
        return c <= ' ' || c == '\u007f' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
