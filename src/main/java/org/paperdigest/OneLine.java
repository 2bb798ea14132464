package org.paperdigest;

import com.google.common.base.Throwables;

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

    /**
     * The exception and those it suppressed, in one line: a failure's clean-up that failed too (say, a temp file
     * {@link AtomicFile} could not delete) is said, not dropped.
     */
    public static String withSuppressed(Throwable t) {
        StringBuilder line = new StringBuilder(t.toString());
        for (Throwable suppressed : t.getSuppressed()) {
            line.append("; and then ").append(suppressed);
        }
        return of(line.toString());
    }

    /** The first line of a message, stripped; null becomes "". */
    public static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }

    /** The first exception below Spring Batch's wrappers, with its root cause when that adds something, in one line. */
    public static String ofFailure(Throwable t) {
        Throwable own = t;
        while (own.getClass().getName().startsWith("org.springframework.batch.") && own.getCause() != null) {
            own = own.getCause();
        }
        Throwable root = Throwables.getRootCause(own);
        String message = of(own.getMessage() == null ? own.getClass().getSimpleName() : own.getMessage());
        String cause = of(root.getMessage());
        return root == own || cause.isEmpty() || message.contains(cause) ? message : message + " (" + cause + ")";
    }

    private static boolean breaksLine(char c) {
        return c <= ' ' || c == '\u007f' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
