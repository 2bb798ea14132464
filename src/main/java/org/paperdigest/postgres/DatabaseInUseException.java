package org.paperdigest.postgres;

/** Another paper-digest process holds the database ({@link ProcessLock}): the command did nothing. */
public class DatabaseInUseException extends RuntimeException {

    DatabaseInUseException(String holder) {
        super("the database is in use by another paper-digest process (" + holder
                + "); wait for it to finish, then run the command again");
    }
}
