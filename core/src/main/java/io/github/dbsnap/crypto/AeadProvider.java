package io.github.dbsnap.crypto;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;

/**
 * Chooses the JCA provider of the age payload cipher once per JVM. Conscrypt (BoringSSL) is an optional
 * dependency: when it is on the class path and the JDK is older than 25 (whose own ChaCha20-Poly1305 is
 * not intrinsified), it is used; otherwise the JDK's. The system property {@value #PROPERTY} overrides:
 * {@code jdk} forces the JDK's cipher, any other value names an installed provider or {@code Conscrypt}.
 * Looked up by reflection, so core compiles and runs without it (docs/encryption.md, "Cipher provider").
 */
final class AeadProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AeadProvider.class);
    private static final int JDK_INTRINSIFIED_FROM = 25;
    static final String ALGORITHM = "ChaCha20-Poly1305";
    static final String PROPERTY = "dbsnap.age.provider";
    /** The provider to ask, or null for the JDK's default lookup. */
    static final Provider PROVIDER = choose(System.getProperty(PROPERTY, "auto"), Runtime.version().feature());

    private AeadProvider() {
    }

    /** @return the name of the provider in use, for logs and benchmarks */
    static String name() {
        return PROVIDER == null ? "JDK" : PROVIDER.getName();
    }

    static Provider choose(String setting, int jdkFeature) {
        String s = setting.trim();
        if (s.equalsIgnoreCase("jdk")) {
            return null;
        }
        boolean auto = s.isEmpty() || s.equalsIgnoreCase("auto");
        if (auto && jdkFeature >= JDK_INTRINSIFIED_FROM) {
            return null;
        }
        String wanted = auto ? "Conscrypt" : s;
        Provider p = Security.getProvider(wanted);
        if (p == null && wanted.toLowerCase(Locale.ROOT).equals("conscrypt")) {
            p = conscrypt();
        }
        if (p == null || !works(p)) {
            if (!auto) {
                LOG.warn("age cipher provider '{}' (system property {}) is not usable; using the JDK's", wanted, PROPERTY);
            }
            return null;
        }
        LOG.debug("age payload cipher: ChaCha20-Poly1305 from {}", p.getName());
        return p;
    }

    private static Provider conscrypt() {
        try {
            Class<?> c = Class.forName("org.conscrypt.Conscrypt", true, AeadProvider.class.getClassLoader());
            if (!(Boolean) c.getMethod("isAvailable").invoke(null)) {
                return null;
            }
            return (Provider) c.getMethod("newProvider").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // not on the class path, or its native library does not load on this platform
            return null;
        }
    }

    private static boolean works(Provider p) {
        try {
            Cipher.getInstance(ALGORITHM, p);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
