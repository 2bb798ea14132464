package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Properties;

import org.eclipse.angus.mail.util.SocketFetcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.FileSystemResource;

/** The Angus Mail settings of application.yml, as Angus itself reads them. */
class MailSettingsTest {

    private static final String PREFIX = "spring.mail.properties.";

    @Test
    void connectionsToTheRelayHaveTcpNoDelay() throws Exception {
        try (ServerSocket relay = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = SocketFetcher.getSocket("127.0.0.1", relay.getLocalPort(), mailProperties(),
                        "mail.smtp", false)) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void quitDoesNotWaitAndAddressesMayBeUtf8() {
        Properties mail = mailProperties();
        assertThat(mail.getProperty("mail.smtp.quitwait")).isEqualTo("false");
        assertThat(mail.getProperty("mail.smtps.quitwait")).isEqualTo("false");
        assertThat(mail.getProperty("mail.mime.allowutf8")).isEqualTo("true");
    }

    private static Properties mailProperties() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource("config/application.yml"));
        Properties mail = new Properties();
        yaml.getObject().forEach((key, value) -> {
            if (key.toString().startsWith(PREFIX)) {
                mail.setProperty(key.toString().substring(PREFIX.length()), value.toString());
            }
        });
        // Angus's fallback would hide a factory it cannot load behind a plain socket.
        mail.setProperty("mail.smtp.socketFactory.fallback", "false");
        return mail;
    }
}
