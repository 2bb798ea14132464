package org.paperdigest.support;

import java.util.concurrent.atomic.AtomicLong;

import org.paperdigest.matching.InterestQueries;
import org.paperdigest.subscribers.InterestValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Counts the interests the subscribers file's checks validate, in commands run by {@link Cli}: each entry has
 * at least one, so no validation means that no entry was parsed. Add it to a command's context with
 * {@link #SOURCE}. Not a {@code @Configuration}: component scanning must not add it to every test's context.
 */
public final class CountingInterestValidator {

    /** The setting that adds this class's bean to the context of a command run by {@link Cli}. */
    public static final String[] SOURCE = {"spring.main.sources", CountingInterestValidator.class.getName()};

    private static final AtomicLong VALIDATIONS = new AtomicLong();

    /** The validations since the last call, and starts counting again from zero. */
    public static long validationsSinceLastCall() {
        return VALIDATIONS.getAndSet(0);
    }

    /** The application's validator, counted; primary, so that the subscribers file gets this one. */
    @Bean
    @Primary
    InterestValidator countedInterestValidator(InterestQueries queries) {
        return interest -> {
            VALIDATIONS.incrementAndGet();
            queries.validate(interest);
        };
    }
}
