package org.paperdigest.cli;

import com.google.common.base.Throwables;
import java.io.EOFException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.paperdigest.BadInputException;
import org.paperdigest.OneLine;
import org.paperdigest.PaperDigestApplication;
import org.paperdigest.SettingErrors;
import org.paperdigest.postgres.DatabaseInUseException;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine;

/**
 * Entry point: starts the Spring context, runs one picocli command in it, and maps the outcome to
 * the exit code (0 done, 1 the job failed and can be resumed, 2 bad input or usage).
 */
public final class PaperDigestCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private PaperDigestCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** The JVM-wide settings paper-digest runs with; a test JVM that opens its database as it does sets them too. */
    public static void applyJvmSettings() {
        // Otherwise jakarta.mail looks its stream provider up by scanning the classpath for every MIME part.
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        H2_AFTER_A_CRASH.forEach(System.getProperties()::putIfAbsent); // before H2 reads them, once per JVM
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        applyJvmSettings();
        List<String> settings = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (String arg : args) {
            (isSetting(arg) ? settings : command).add(arg);
        }
        PrintWriter errors = new PrintWriter(err, true);
        Parsed parsed = parseWithoutSpring(command, out, errors);
        if (parsed.exitCode() != null) {
            return parsed.exitCode();
        }
        if ("send".equals(parsed.name()) && command.contains("--remote")) {
            settings.add("--digest.remote.enabled=true"); // the manager's step replaces the one-machine one
        }
        boolean withoutDatabase = parsed.name() != null && WITHOUT_DATABASE.contains(parsed.name());
        if (withoutDatabase) {
            settings.add("--spring.main.lazy-initialization=true"); // no bean that opens the database is made
        }
        SpringApplication application = new SpringApplication(PaperDigestApplication.class);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        // Quiet from the start: a settings file that does not parse fails before Boot sets the levels it gives.
        LoggingSystem.get(PaperDigestCli.class.getClassLoader())
                .setLogLevel(SpringApplication.class.getName(), LogLevel.OFF);
        Home home;
        try {
            home = Home.find(settings, environment);
        } catch (RuntimeException e) {
            return report(e, errors);
        }
        ConfigurableApplicationContext context;
        try {
            if (home != null) {
                application.setDefaultProperties(home.configLocation());
            }
            application.addInitializers(starting -> {
                Home.applyTo(home, starting.getEnvironment());
                if (parsed.name() == null || !MAY_CREATE_DATABASE.contains(parsed.name()) && !withoutDatabase) {
                    ((GenericApplicationContext) starting).registerBean(ExistingDatabase.class,
                            () -> new ExistingDatabase(parsed.name(), starting.getEnvironment()));
                }
                if (parsed.name() != null && SingleWriter.COMMANDS.contains(parsed.name())) {
                    ((GenericApplicationContext) starting).registerBean(SingleWriter.class,
                            () -> new SingleWriter(parsed.name(), starting.getEnvironment()));
                }
            });
            context = application.run(settings.toArray(String[]::new));
        } catch (RuntimeException e) {
            boolean unreadable = find(e, YAMLException.class) != null
                    || find(e, CharacterCodingException.class) != null;
            String settingsFile = unreadable ? BrokenSettingsFile.describe(home) : null;
            if (settingsFile != null) {
                errors.println("paper-digest: " + settingsFile);
                return BAD_INPUT;
            }
            return report(e, errors); // another failure, or in a settings file of its own place: as Boot says it
        }
        try (context) {
            CommandLine.IFactory commands = new SpringCommandFactory(context);
            if (withoutDatabase) { // the other commands' collaborators would open it: they are only parsed
                CommandLine.IFactory run = commands;
                commands = new CommandLine.IFactory() {
                    @Override
                    public <K> K create(Class<K> type) throws Exception {
                        return type == BrokerCommand.class ? run.create(type) : new ModelOnlyFactory().create(type);
                    }
                };
            }
            CommandLine commandLine = CommandLines.of(commands);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(errors);
            commandLine.setExecutionExceptionHandler((e, cl, parsedLine) -> report(e, cl.getErr()));
            return commandLine.execute(command.toArray(String[]::new));
        }
    }

    /**
     * So that the database opens at once after a crash: H2's sockets on the loopback only (FILE_LOCK=SOCKET's and
     * AUTO_SERVER's, which the lock file records by this address, so a restart on another IP still finds them), and
     * three quick tries for a dead process's server, not 1.2 s of them: a refused loopback connection is final.
     */
    private static final Map<String, String> H2_AFTER_A_CRASH = Map.of("h2.bindAddress", "127.0.0.1",
            "h2.socketConnectRetry", "2");

    /** The commands that never open the database: the broker's context makes no bean that would. */
    private static final Set<String> WITHOUT_DATABASE = Set.of("broker");

    /** The commands that make the database when there is none; the others refuse to ({@link ExistingDatabase}). */
    private static final Set<String> MAY_CREATE_DATABASE = Set.of("send", "subscribers sync", "schedule");

    /**
     * The arguments as the commands' annotations parse them.
     *
     * @param exitCode set when they were answered without running a command (help, version, usage error)
     * @param name     the command to run, with its parents but the root ("subscribers sync"); null if unknown
     */
    private record Parsed(Integer exitCode, String name) {
    }

    /**
     * {@code --help}, {@code --version} and usage errors, on any command, are answered from the commands'
     * annotations alone: without starting Spring, so in a fraction of a second, and without opening (or
     * creating) the database, which another paper-digest process may hold. The output is as in a full run
     * ({@link CommandLines}).
     *
     * @return the exit code when that answered them, or else the command the arguments ask to run
     */
    private static Parsed parseWithoutSpring(List<String> command, PrintStream out, PrintWriter err) {
        CommandLine model = CommandLines.of(new ModelOnlyFactory());
        model.setOut(new PrintWriter(out, true));
        model.setErr(err);
        String[] args = command.toArray(String[]::new);
        try {
            CommandLine.ParseResult parsed = model.parseArgs(args);
            Integer help = CommandLine.executeHelpRequest(parsed);
            return new Parsed(help, help != null ? null : parsed.asCommandLineList().stream().skip(1)
                    .map(CommandLine::getCommandName).collect(Collectors.joining(" ")));
        } catch (CommandLine.ParameterException e) {
            try {
                return new Parsed(model.getParameterExceptionHandler().handleParseException(e, args), null);
            } catch (Exception unexpected) {
                return new Parsed(null, null); // the full run reports it
            }
        }
    }

    /** {@code --spring.mail.host=...} and {@code --digest.zone=...} are settings, not command options. */
    private static boolean isSetting(String arg) {
        return arg.startsWith("--") && arg.contains("=")
                && (arg.startsWith("--spring.") || arg.startsWith("--digest.") || arg.startsWith("--logging."));
    }

    static int report(Throwable e, PrintWriter err) {
        BadInputException bad = find(e, BadInputException.class);
        if (bad != null) {
            err.println("paper-digest: " + bad.getMessage());
            return BAD_INPUT;
        }
        BindException binding = find(e, BindException.class);
        if (binding != null) {
            // Settings are checked before the context creates beans (StrictSettings); this is the fallback.
            err.println("paper-digest: " + SettingErrors.describe(binding, key -> null));
            return BAD_INPUT;
        }
        String root = OneLine.ofFailure(e);
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof DatabaseInUseException) { // the PostgreSQL form of H2's locked file
                err.println("paper-digest: " + message);
                return FAILED;
            }
            if (message.contains("Database may be already in use") || message.contains("The file is locked")) {
                err.println("paper-digest: the database is in use by another paper-digest process ("
                        + withoutH2Suffix(root) + "); wait for it to finish, then run the command again");
                return FAILED;
            }
            if (t instanceof SQLException sql && (sql.getErrorCode() == FILE_CORRUPTED
                    || sql.getErrorCode() == FILE_VERSION_ERROR
                    || sql.getErrorCode() == IO_EXCEPTION && find(sql, EOFException.class) != null)) {
                Matcher file = QUOTED_FILE.matcher(message);
                String name = file.find() ? file.group(1) : "the database file";
                String reason = sql.getErrorCode() == IO_EXCEPTION ? "the file ends too soon"
                        : withoutH2Suffix(OneLine.of(message)).replaceFirst(":? *\"[^\"]*\".*", "");
                err.println("paper-digest: " + name + " is damaged (H2: " + reason + "); nothing "
                        + "was sent. Restore its folder as a whole (the .mv.db file, its .journal folder and .ledger) "
                        + "from the latest backup, then run the command again");
                return BAD_INPUT;
            }
        }
        err.println("paper-digest: " + root);
        return FAILED;
    }

    /** H2's codes for a database file it cannot read: damaged, cut short, or not an H2 file at all. */
    private static final int FILE_CORRUPTED = 90030;
    private static final int IO_EXCEPTION = 90028;
    private static final int FILE_VERSION_ERROR = 90048;
    private static final Pattern QUOTED_FILE = Pattern.compile("\"([^\"]+\\.mv\\.db)\"");

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        return Throwables.getCausalChain(e).stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    /** H2's message without the SQL state and version it ends with ("... [90020-232]"). */
    private static String withoutH2Suffix(String s) {
        int bracket = s.indexOf(" [");
        return bracket > 0 ? s.substring(0, bracket) : s;
    }
}
