package org.paperdigest.subscribers;

import com.fasterxml.jackson.annotation.JsonCreator;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One entry of the subscribers file as Jackson binds it, strings trimmed, with the rules Bean Validation checks. */
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
        // each example is one more search of the day's papers, once per distinct list
        @Size(max = 20, message = "like may list at most {max} papers")
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

    EntryFields {
        email = email == null ? null : email.strip();
        name = name == null || name.isBlank() ? null : name.strip();
        interests = stripped(interests);
        exclude = stripped(exclude);
        like = stripped(like);
        weekday = weekday == null ? null : weekday.strip();
    }

    @AssertTrue(message = "weekday is for weekly readers only; add frequency: weekly, or remove it")
    boolean isWeekdayOfAWeeklyReader() {
        return weekday == null || frequency == Frequency.WEEKLY;
    }

    SubscriberEntry toEntry(int line) {
        // without synonyms each plain interest and exclude is matched as written: a phrase in quotes
        boolean literal = synonyms != null && !synonyms;
        DayOfWeek weeklyOn = frequency != Frequency.WEEKLY ? null
                : weekday == null ? DayOfWeek.MONDAY : DayOfWeek.valueOf(weekday.toUpperCase(Locale.ROOT));
        return new SubscriberEntry(email, name, literal ? literal(interests) : interests,
                exclude == null ? List.of() : literal ? literal(exclude) : exclude,
                maxPapers == null ? 10 : maxPapers, format == null ? Format.HTML : format, active == null || active,
                weeklyOn, line, like == null ? List.of() : like);
    }

    private static List<String> literal(List<String> queries) {
        return queries.stream().map(InterestValidator::literal).toList();
    }

    /** Arrays.asList, not List.of: a null element must reach its check. */
    private static List<String> stripped(List<String> values) {
        return values == null ? null : Arrays.asList(values.stream().map(v -> v == null ? null : v.strip())
                .toArray(String[]::new));
    }

    enum Frequency {
        DAILY,
        WEEKLY;

        @JsonCreator
        static Frequency fromValue(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }
}
