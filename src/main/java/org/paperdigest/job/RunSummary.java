package org.paperdigest.job;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.paperdigest.delivery.DeliveryStatus;
import org.paperdigest.delivery.DeliveryStore;
import org.paperdigest.delivery.SuppressionList;

/**
 * What a run of one issue date did, for the operator. Counts of deliveries cover the whole date. Until the
 * date's daily run has completed, the only advice is to resume it: subscribers may still be untried.
 */
public record RunSummary(LocalDate date, String status, boolean dead, boolean dayCompleted, Duration elapsed,
        int papers, String syncTotals, long activeSubscribers, long inactiveSubscribers, long considered, long noMatch,
        Map<DeliveryStatus, Integer> deliveries, long sentThisRun, Duration sendTime, String destination,
        List<DeliveryStore.Failure> failures, List<SuppressionList.Suppressed> suppressed, Progress progress) {

    /**
     * A run that another process is running now, as far as it has got: digests done for the date (delivered,
     * failed, bounced or unknown), subscribers not tried yet, and the rate of this run's deliveries.
     */
    public record Progress(long pid, long done, long pending, double rate) {

        String line() {
            long eta = rate <= 0 ? -1 : Math.round(pending / rate);
            return "  progress     " + done + " done, " + pending + " pending, " + String.format("%.1f", rate)
                    + " msgs/s, " + (pending == 0 ? "finishing" : eta < 0 ? "no estimate yet"
                            : "about " + Duration.ofSeconds(eta).toString().substring(2).toLowerCase() + " left");
        }
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("issue " + date + ": " + status + (dead ? ", but dead: its process was killed or crashed after "
                : progress != null ? ", running in process " + progress.pid() + " for " : " in ") + seconds(elapsed));
        if (progress != null) {
            lines.add(progress.line());
        }
        lines.add("  papers       " + papers);
        if (syncTotals != null) {
            lines.add("  subscribers  " + syncTotals);
        }
        lines.add("  subscribers  " + activeSubscribers + " active, " + inactiveSubscribers + " inactive (skipped)");
        lines.add("  this run     " + considered + " considered, " + noMatch + " without a match today (skipped), "
                + sentThisRun + " sent at " + rate() + " msgs/s");
        int unknown = deliveries.getOrDefault(DeliveryStatus.UNKNOWN, 0);
        lines.add("  the date     " + deliveries.get(DeliveryStatus.DELIVERED) + " delivered, "
                + deliveries.get(DeliveryStatus.FAILED) + " failed, " + deliveries.get(DeliveryStatus.BOUNCED)
                + " bounced" + (unknown > 0 ? ", " + unknown + " unknown" : ""));
        for (DeliveryStore.Failure f : failures) {
            lines.add("    " + f.status().name().toLowerCase() + " " + f.email() + " after " + f.attempts()
                    + (f.attempts() == 1 ? " attempt: " : " attempts: ") + f.lastReply());
        }
        if (progress != null) {
            lines.add("  while it runs, 'status' only reads; a second 'send' or a 'subscribers sync' is refused");
        } else if (!dayCompleted) {
            lines.add("  to finish the date: send --date " + date
                    + " (it resumes the run; delivered digests are not sent again)");
        } else if (deliveries.get(DeliveryStatus.FAILED) > 0) {
            lines.add("  to try the failed ones again: resend-failed --date " + date);
        }
        if (unknown > 0) {
            lines.add("  unknown      " + unknown + (unknown == 1 ? " delivery" : " deliveries")
                    + " of unknown outcome (the relay never answered the final dot; it may have delivered them): "
                    + (dayCompleted ? "not sent again, by send or resend-failed"
                            : "each is sent at most once more, by the send that resumes the run, with the same "
                                    + "Message-ID"));
        }
        if (!suppressed.isEmpty()) {
            lines.add("  suppressed   " + suppressed.size() + " address" + (suppressed.size() == 1 ? "" : "es")
                    + " get no mail until 'subscribers unsuppress ADDRESS':");
            for (SuppressionList.Suppressed s : suppressed) {
                lines.add("    " + s.email() + " since " + s.issueDate() + ": " + s.reply());
            }
        }
        lines.add("  messages to  " + destination);
        return lines;
    }

    private String rate() {
        return sendTime.isZero() || sendTime.isNegative() ? "0" : String.format("%.1f", messagesPerSecond());
    }

    /** This run's deliveries per second of its send step; 0 when it had none. */
    public double messagesPerSecond() {
        double s = sendTime.toNanos() / 1e9;
        return s <= 0 ? 0 : sentThisRun / s;
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
