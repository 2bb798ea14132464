package org.paperdigest.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.paperdigest.http.DigestHttpServer;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Stay running and serve the one-click unsubscribe endpoint (RFC 8058) on digest.http.port, "
                + "at the path of digest.unsubscribe-url.",
                "POST List-Unsubscribe=One-Click unsubscribes at once; GET shows a page whose button does it. "
                        + "An unsubscribed address is suppressed: no later digest goes to it.",
                "It also serves this process's metrics at /actuator/prometheus (Prometheus text format)."})
class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final ConfigurableApplicationContext context;

    ServeCommand(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        try (DigestHttpServer server = DigestHttpServer.serve(context)) {
            spec.commandLine().getOut().println("serving unsubscribes on port " + server.port() + " at "
                    + server.unsubscribePath().orElseThrow() + ", metrics at /actuator/prometheus");
            new CountDownLatch(1).await(); // until the process is stopped; the shutdown hook closes the server
        }
        return PaperDigestCli.OK;
    }
}
