package org.paperdigest;

import org.paperdigest.cli.PaperDigestCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PaperDigestApplication {

    public static void main(String[] args) {
        System.exit(PaperDigestCli.run(args, System.out, System.err));
    }
}
