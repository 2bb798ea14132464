package org.paperdigest.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.paperdigest.OneLine;
import picocli.CommandLine;

/**
 * The command line as every run reads it: a date is YYYY-MM-DD, and a usage error is one line that points to the
 * command's {@code --help} (picocli's own handler prints the whole usage after it).
 */
final class CommandLines {

    private CommandLines() {
    }

    static CommandLine of(CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(new RootCommand(), factory);
        commandLine.registerConverter(LocalDate.class, CommandLines::date);
        commandLine.setParameterExceptionHandler(CommandLines::usageError);
        return commandLine;
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a date of the form YYYY-MM-DD");
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String suggestions = e instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()
                ? "; did you mean " + unmatched.getSuggestions().get(0) + "?" : "";
        command.getErr().println("paper-digest: " + OneLine.of(e.getMessage()) + suggestions + " (see '"
                + command.getCommandSpec().qualifiedName() + " --help')");
        return PaperDigestCli.BAD_INPUT;
    }
}
