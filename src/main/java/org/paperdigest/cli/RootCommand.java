package org.paperdigest.cli;

import picocli.CommandLine.Command;

@Command(name = "paper-digest", mixinStandardHelpOptions = true, version = "paper-digest 0.1",
        description = "Personalized daily-papers digests by email.%n"
                + "Settings can be given as --spring.mail.host=... or --digest.zone=... anywhere on the line.",
        subcommands = {SendCommand.class, ResendFailedCommand.class, SubscribersCommand.class, StatusCommand.class, PreviewCommand.class,
                ScheduleCommand.class, ServeCommand.class, BrokerCommand.class, WorkerCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the job failed; run the same command again to resume",
                "2:bad input or usage; nothing was sent or changed"})
class RootCommand {
}
