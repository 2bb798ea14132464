package org.paperdigest;

import java.util.Locale;
import java.util.regex.Pattern;

/** A title but for case, spacing and punctuation: the day's page and a subscriber's example name papers so. */
public final class TitleKey {

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TitleKey() {
    }

    public static String of(String title) {
        return NOT_WORD.matcher(title.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
