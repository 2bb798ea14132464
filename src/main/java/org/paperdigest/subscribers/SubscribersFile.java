package org.paperdigest.subscribers;

import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.validator.HibernateValidatorFactory;
import org.paperdigest.BadInputException;
import org.paperdigest.BeanValidation;
import org.paperdigest.OneLine;
import org.paperdigest.Sha256;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.springframework.stereotype.Component;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLReadFeature;

/**
 * The subscribers file (config/subscribers.yml), read and validated entry by entry (see {@link EntryReader}), the
 * first problem from the top reported as one line; and its {@link #fingerprint}, by which a sync knows it again.
 */
@Component
public class SubscribersFile {

    /**
     * The version of the rules a file is read by (what an entry must be, the defaults it gets), part of its
     * fingerprint: bump it when they change, so that the next sync reads again a file the old rules accepted.
     */
    static final int RULES = 3;

    /** YAML 1.2, strictly: no key twice, no unknown key, no value turned into another type. */
    private static final ObjectReader FIELDS = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLReadFeature.EMPTY_STRING_AS_NULL) // "name:" is no name; "name: ''" is one too
                    // snakeyaml-engine stops at 3 MiB by default, about 24,000 subscribers; a list may be far longer
                    .loadSettings(LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // a value is read from the middle of the file
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Enum, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build()
            .readerFor(EntryFields.class);

    private final InterestValidator interestValidator;
    /** The code that read a file, which a new jar may change: part of a fingerprint. */
    private final String readBy;

    public SubscribersFile(InterestValidator interestValidator) {
        this.interestValidator = Objects.requireNonNull(interestValidator, "interestValidator");
        // the jar's manifest has it; classes run from target/classes (tests, an IDE) have none
        String version = getClass().getPackage().getImplementationVersion();
        this.readBy = " paper-digest:" + (version == null ? "dev" : version) + " rules:" + RULES;
    }

    record Seen(int number, SubscriberEntry entry) {
    }

    /** The entry with this address (any case), reading no further: the entries before it are checked, not for twins. */
    public Optional<SubscriberEntry> find(Path file, String email) {
        return first(file, SubscriberEntry.emailKey(email)).map(Seen::entry);
    }

    /** Where the file first has this address: for a duplicate found after that entry was let go. */
    Seen locate(Path file, String emailKey) {
        return first(file, emailKey).orElseThrow(() ->
                new IllegalStateException(file + " changed while it was read: " + emailKey + " is gone"));
    }

    private Optional<Seen> first(Path file, String emailKey) {
        try (EntryReader reader = open(file, null)) {
            for (SubscriberEntry entry = reader.next(); entry != null; entry = reader.next()) {
                if (entry.emailKey().equals(emailKey)) {
                    return Optional.of(new Seen(reader.number(), entry));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code sha256:HEX paper-digest:VERSION rules:N}: the same bytes read by other code are not the same input. */
    String fingerprint(Path file) {
        MessageDigest sha256 = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(open(file), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new BadInputException(OneLine.of(file + ": cannot read the file: " + e.getMessage()), e);
        }
        return fingerprint(sha256);
    }

    String fingerprint(MessageDigest sha256) {
        return "sha256:" + HexFormat.of().formatHex(sha256.digest()) + readBy;
    }

    /** @param sha256 when not null, gets the bytes read: a file that changes meanwhile gets the fingerprint of those */
    EntryReader open(Path file, MessageDigest sha256) {
        InputStream in = open(file);
        Validator validator = BeanValidation.factory().unwrap(HibernateValidatorFactory.class).usingContext()
                .constraintValidatorPayload(new ValidQuery.Queries(interestValidator, ConcurrentHashMap.newKeySet()))
                .getValidator();
        return new EntryReader(file, sha256 == null ? in : new DigestInputStream(in, sha256), FIELDS, validator);
    }

    static BadInputException duplicate(Path file, Seen later, Seen first) {
        return new BadInputException(OneLine.of(file + ":" + later.entry().line() + ": subscriber #" + later.number()
                + " (" + EntryProblems.escape(later.entry().email()) + "): duplicate email: subscriber #"
                + first.number() + " at line " + first.entry().line() + " has the same address ("
                + EntryProblems.escape(first.entry().email()) + "; addresses are compared ignoring case)"));
    }

    private static InputStream open(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + ": is a directory, not a subscribers file");
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": file not found");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file + ": cannot read the file: permission denied");
        } catch (IOException e) {
            throw new BadInputException(OneLine.of(file + ": cannot read the file: " + e.getMessage()), e);
        }
    }
}
