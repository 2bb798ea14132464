package org.paperdigest;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

/**
 * The process's one Hibernate Validator, for the settings ({@link StrictSettings}) and the subscribers file. Building
 * a validator, and its metadata of each class it checks, is a good share of a command's start-up: once is enough,
 * also for the tests, which start a Spring context per command in the same JVM.
 */
public final class BeanValidation {

    private BeanValidation() {
    }

    /** Started when first used. */
    public static ValidatorFactory factory() {
        return Holder.FACTORY;
    }

    private static final class Holder {

        static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    }
}
