package org.paperdigest.subscribers;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/** An interest or exclude the matcher can run; the reason it cannot comes from {@link InterestValidator}. */
@Target(ElementType.TYPE_USE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidQuery.Check.class)
@interface ValidQuery {

    /** Not shown: {@link EntryProblems} words it with the reason the check gives as payload. */
    String message() default "not a valid query";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /**
     * The validator's payload for one read of a file: the queries found valid are kept, since subscribers share
     * interests, and checking a query costs more than the rest of an entry.
     */
    record Queries(InterestValidator validator, Set<String> valid) {
    }

    final class Check implements ConstraintValidator<ValidQuery, String> {

        @Override
        public boolean isValid(String query, ConstraintValidatorContext context) {
            HibernateConstraintValidatorContext hibernate = context.unwrap(HibernateConstraintValidatorContext.class);
            Queries queries = hibernate.getConstraintValidatorPayload(Queries.class);
            if (query == null || query.isBlank() || queries.valid().contains(query)) {
                return true; // a blank one is @NotBlank's to report
            }
            try {
                queries.validator().validate(query);
                queries.valid().add(query);
                return true;
            } catch (IllegalArgumentException e) {
                // a payload, not the message template: the reason may hold braces
                hibernate.withDynamicPayload(e.getMessage() == null ? "not a valid query" : e.getMessage());
                return false;
            }
        }
    }
}
