package org.paperdigest.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
import org.paperdigest.delivery.SuppressionList;
import org.paperdigest.subscribers.Subscriber;
import org.paperdigest.subscribers.SubscriberRepository;
import org.paperdigest.subscribers.SubscriberSync;
import org.paperdigest.subscribers.SyncPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "subscribers", mixinStandardHelpOptions = true, description = "Manage subscribers.",
        subcommands = {SubscribersCommand.Sync.class, SubscribersCommand.Unsuppress.class,
                SubscribersCommand.Suppressed.class})
class SubscribersCommand {

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = {"Validate the subscribers file and apply it to the database: add new subscribers, "
                    + "change edited ones, deactivate removed ones. All or nothing.",
                    "Ends with the line 'added A, changed C, deactivated D, unchanged U'.",
                    "A file byte for byte the one the last sync applied is not read again: every entry is unchanged.",
                    "Entries whose reader unsubscribed are named with '!': they get no digests until unsuppressed."})
    static class Sync implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--dry-run", description = "Only print what would change.")
        boolean dryRun;

        private final SubscriberSync sync;
        private final DigestProperties properties;
        private final SuppressionList suppressions;
        private final SubscriberRepository subscribers;

        Sync(SubscriberSync sync, DigestProperties properties, SuppressionList suppressions,
                SubscriberRepository subscribers) {
            this.sync = sync;
            this.properties = properties;
            this.suppressions = suppressions;
            this.subscribers = subscribers;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            // one line per change, given once the sync is over: there may be as many as subscribers
            SyncPlan plan = dryRun ? sync.plan(properties.subscribersFile(), out::println)
                    : sync.apply(properties.subscribersFile(), out::println);
            unsubscribedButListed(out);
            out.println(plan.totals());
            if (dryRun) {
                out.println("(dry run: nothing was changed)");
            }
            return PaperDigestCli.OK;
        }

        /** Entries of the file whose reader unsubscribed: they get nothing, and the operator may remove them. */
        private void unsubscribedButListed(PrintWriter out) {
            for (SuppressionList.Suppressed s : suppressions.all()) {
                if (SuppressionList.UNSUBSCRIBED.equals(s.reason())
                        && subscribers.findByEmail(s.email()).filter(Subscriber::active).isPresent()) {
                    out.println("! " + s.email() + " unsubscribed on " + s.issueDate()
                            + ": gets no digests; remove the entry from the file");
                }
            }
        }
    }

    @Command(name = "unsuppress", mixinStandardHelpOptions = true,
            description = "Take an address off the suppression list (addresses that bounced for good or unsubscribed), "
                    + "so that it gets digests again.")
    static class Unsuppress implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ADDRESS", description = "The email address.")
        String address;

        private final SuppressionList suppressions;

        Unsuppress(SuppressionList suppressions) {
            this.suppressions = suppressions;
        }

        @Override
        public Integer call() {
            if (!suppressions.remove(address)) {
                throw new BadInputException("'" + address + "' is not on the suppression list");
            }
            spec.commandLine().getOut().println(address + " is no longer suppressed");
            return PaperDigestCli.OK;
        }
    }

    @Command(name = "suppressed", mixinStandardHelpOptions = true,
            description = {"List the suppressed addresses (bounced for good, or unsubscribed) with the reason and "
                    + "when, so that the subscribers file can be cleaned.",
                    "One line each: ADDRESS REASON SINCE DETAIL; --json prints an array of objects instead."})
    static class Suppressed implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print a JSON array: email, reason, since, issueDate, detail.")
        boolean json;

        private final SuppressionList suppressions;

        Suppressed(SuppressionList suppressions) {
            this.suppressions = suppressions;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<SuppressionList.Suppressed> all = suppressions.all();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (SuppressionList.Suppressed s : all) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("email", s.email());
                    row.put("reason", s.reason());
                    row.put("since", s.since().toInstant().toString());
                    row.put("issueDate", String.valueOf(s.issueDate()));
                    row.put("detail", s.reply());
                    rows.add(row);
                }
                out.println(JsonMapper.shared().writeValueAsString(rows));
            } else {
                all.forEach(s -> out.println(s.email() + "  " + s.reason() + "  " + s.since().toInstant()
                        + (s.reply() == null ? "" : "  " + OneLine.of(s.reply()))));
                out.println(all.size() + (all.size() == 1 ? " address" : " addresses") + " suppressed");
            }
            return PaperDigestCli.OK;
        }
    }
}
