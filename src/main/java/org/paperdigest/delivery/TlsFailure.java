package org.paperdigest.delivery;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.paperdigest.OneLine;

/**
 * A TLS failure with the relay, which is a setting to fix, not a relay that is down: what went wrong, and the
 * setting to look at.
 */
final class TlsFailure {

    private static final String PREFIX = "spring.mail.properties.mail.smtp.";

    private TlsFailure() {
    }

    /** @return the one-line advice, or null when {@code failure} is not about TLS */
    static String advice(Throwable failure, String host) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = OneLine.of(t.getMessage());
            if (message.contains("Can't verify identity of server") || message.contains("subject alternative")
                    || message.contains("No name matching")) {
                return "TLS: the relay's certificate does not name '" + host + "' (" + message + "); connect by a name"
                        + " it gives, or set " + PREFIX + "ssl.checkserveridentity=false";
            }
            if (message.contains("PKIX") || message.contains("certification path")) {
                return "TLS: the relay's certificate is not trusted (" + message + "); set " + PREFIX + "ssl.trust="
                        + host + " or add its CA to a trust store (-Djavax.net.ssl.trustStore=...)";
            }
            if (t instanceof SSLException || t instanceof CertificateException) {
                return "TLS with the relay failed (" + message + "); check " + PREFIX + "ssl.protocols and "
                        + PREFIX + "starttls.* / ssl.enable";
            }
        }
        return null;
    }
}
