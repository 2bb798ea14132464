package org.paperdigest.subscribers;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the subscribers file as Jackson binds it, with the rules Bean Validation checks. The messages
 * are the problem as {@link EntryProblems} words it; {@code {n}} becomes the list element's number.
 */
record EntryFields(
        @NotBlank(message = "missing required key 'email'")
        @Size(max = 254, message = "invalid email {invalid}: longer than {max} characters")
        @Email(message = "invalid email {invalid}: expected one bare address, local-part@domain")
        String email,

        @Size(max = 200, message = "name is {length} characters long, at most {max} are allowed")
        String name,

        @NotNull(message = "missing required key 'interests' (a list of at least one query)")
        @Size(min = 1, message = "interests is empty; list at least one interest")
        List<@NotBlank(message = "interest #{n} is blank") @ValidQuery String> interests,

        List<@NotBlank(message = "exclude #{n} is blank") @ValidQuery String> exclude,

        @Size(max = MAX_EXAMPLES, message = "like may list at most {max} papers")
        List<@NotBlank(message = "example #{n} is blank")
             @Size(max = 300, message = "example #{n} is longer than {max} characters") String> like,

        Boolean synonyms,

        @JsonProperty("max-papers")
        @Min(value = 1, message = "max-papers must be an integer from 1 to 100, not {invalid}")
        @Max(value = 100, message = "max-papers must be an integer from 1 to 100, not {invalid}")
        Integer maxPapers,

        Format format,

        Frequency frequency,

        @Pattern(regexp = "(?i)monday|tuesday|wednesday|thursday|friday|saturday|sunday",
                message = "weekday must be a day of the week, monday to sunday, not {invalid}")
        String weekday,

        Boolean active) {

    static final int DEFAULT_MAX_PAPERS = 10;
    static final DayOfWeek DEFAULT_WEEKDAY = DayOfWeek.MONDAY;
    /** Examples a reader may give: each is one more search of the day's papers, once per distinct list. */
    static final int MAX_EXAMPLES = 20;

    /** Strings are trimmed before they are checked. */
    EntryFields {
        email = email == null ? null : email.strip();
        name = name == null || name.isBlank() ? null : name.strip();
        interests = stripped(interests);
        exclude = stripped(exclude);
        like = stripped(like);
        weekday = weekday == null ? null : weekday.strip();
    }

    /** A weekday says when a weekly reader gets their digest; for a daily one it would mean nothing. */
    @AssertTrue(message = "weekday is for weekly readers only; add frequency: weekly, or remove it")
    boolean isWeekdayOfAWeeklyReader() {
        return weekday == null || frequency == Frequency.WEEKLY;
    }

    /** The entry with defaults filled in. */
    SubscriberEntry toEntry(int line) {
        // Without synonyms each plain interest and exclude is matched as written: a phrase in quotes.
        boolean literal = synonyms != null && !synonyms;
        return new SubscriberEntry(email, name, literal ? literal(interests) : interests,
                exclude == null ? List.of() : literal ? literal(exclude) : exclude,
                maxPapers == null ? DEFAULT_MAX_PAPERS : maxPapers, format == null ? Format.HTML : format,
                active == null || active, frequency != Frequency.WEEKLY ? null
                        : weekday == null ? DEFAULT_WEEKDAY : DayOfWeek.valueOf(weekday.toUpperCase(Locale.ROOT)),
                line, like == null ? List.of() : like);
    }

    private static List<String> literal(List<String> queries) {
        return queries.stream().map(InterestValidator::literal).toList();
    }

    private static List<String> stripped(List<String> values) {
        // Arrays.asList, not List.of: a null element must reach its check
        return values == null ? null : java.util.Arrays.asList(values.stream().map(v -> v == null ? null : v.strip())
                .toArray(String[]::new));
    }
}
