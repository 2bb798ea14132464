package org.paperdigest;

import com.google.common.base.Throwables;
import java.util.function.Function;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/** A setting that failed to bind or to validate, as the one line the CLI prints. */
public final class SettingErrors {

    private SettingErrors() {
    }

    /**
     * @param rawValue the value as the operator wrote it, by key (the bound value would say PT0S for 0s)
     * @return for example {@code invalid setting digest.chunk-size=0: must be at least 1}
     */
    public static String describe(BindException e, Function<String, Object> rawValue) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindValidationException invalid) {
                return describe(invalid.getValidationErrors(), rawValue);
            }
        }
        String key = e.getName().toString();
        Object value = e.getProperty() != null ? e.getProperty().getValue() : rawValue.apply(key);
        String type = e.getTarget().getType().resolve() == null ? "value"
                : e.getTarget().getType().resolve().getSimpleName();
        String reason = rootMessage(e);
        return "invalid setting " + key + (value == null ? "" : "=" + value) + ": not a valid " + type
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }

    private static String describe(ValidationErrors errors, Function<String, Object> rawValue) {
        ObjectError first = errors.getAllErrors().get(0);
        String key = errors.getName().toString();
        Object value = null;
        if (first instanceof FieldError field) {
            key = key + "." + DataObjectPropertyName.toDashedForm(field.getField());
            value = rawValue.apply(key);
            if (value == null) {
                value = field.getRejectedValue();
            }
        }
        return "invalid setting " + key + (value == null ? "" : "=" + value) + ": " + first.getDefaultMessage();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = Throwables.getRootCause(e);
        String message = root == e ? "" : OneLine.of(root.getMessage());
        return message.length() <= 200 ? message : message.substring(0, 197) + "...";
    }
}
