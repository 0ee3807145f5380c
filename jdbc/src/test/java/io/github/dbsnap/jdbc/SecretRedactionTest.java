package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.ProviderConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * No exception the jdbc source lets out carries the password: not in its message, not anywhere in
 * its cause chain or stack trace text, whether the password sits in the URL's authority, in a
 * {@code password=} parameter or in the separate setting, and whichever driver echoes it.
 */
class SecretRedactionTest {
    private static final String SECRET = "S3cr3t-Pw_7x";

    private static DatabaseSourceException failure(Map<String, String> settings, boolean restore) {
        DatabaseSource source = new JdbcSourceFactory().create(ProviderConfig.of(settings));
        DatabaseSourceException e = catchThrowableOfType(() -> {
            if (restore) {
                source.stage(new EntryListReader(new CapturingEntryWriter(), Map.of(), false)).close();
            } else {
                source.dump(new CapturingEntryWriter());
            }
        }, DatabaseSourceException.class);
        assertThat(e).as("a DatabaseSourceException").isNotNull();
        return e;
    }

    private static void assertNoSecret(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(SECRET).doesNotContain(SECRET.replace("-", "%2D"));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
            assertThat(t.getClass().getName()).doesNotStartWith("org.mariadb").doesNotStartWith("org.postgresql");
            if (t instanceof SQLException s) {
                for (Throwable n = s.getNextException(); n != null; n = ((SQLException) n).getNextException()) {
                    assertThat(String.valueOf(n.getMessage())).doesNotContain(SECRET);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // the drivers echo these: MariaDB "Incorrect port value : <secret>@127.0.0.1", PostgreSQL UnknownHostException
        "jdbc:mariadb://root:" + SECRET + "@127.0.0.1:3306/test",
        "jdbc:postgresql://postgres:" + SECRET + "@127.0.0.1:5432/test",
        // wrong password: access denied
        "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=" + SECRET,
        "jdbc:mariadb://127.0.0.1:3306/test?password=" + SECRET + "&user=root",
        // no such database (PostgreSQL trusts local connections, so a password alone cannot be wrong)
        "jdbc:postgresql://127.0.0.1:5432/dbsnap_no_such_db?user=postgres&password=" + SECRET,
        // no driver on the class path: DriverManager's message holds the whole URL
        "jdbc:mysql://127.0.0.1:3306/test?user=root&password=" + SECRET,
        "jdbc:mysql://127.0.0.1:3306/test;user=root;password=" + SECRET,
        "jdbc:mysql://root:" + SECRET + "@127.0.0.1:3306/test"})
    @DisplayName("a connection failure keeps the URL's password out of the message, the cause chain and the stack trace")
    void urlPasswordNeverInFailure(String url) {
        for (boolean restore : new boolean[] {false, true}) {
            DatabaseSourceException e = failure(Map.of("url", url), restore);
            assertThat(e.getMessage()).contains(url.startsWith("jdbc:mysql") ? "no JDBC driver" : "failed");
            assertNoSecret(e);
        }
    }

    @Test
    @DisplayName("a wrong password given as a separate setting appears nowhere in the failure")
    void passwordSettingNeverInFailure() {
        Map<String, String> settings = new HashMap<>(Map.of("url", "jdbc:mariadb://127.0.0.1:3306/test",
                "user", "root", "password", SECRET));
        DatabaseSourceException e = failure(settings, false);
        assertThat(e.getMessage()).contains("Access denied");
        assertNoSecret(e);
    }

    @Test
    @DisplayName("the driver's SQLState and error code survive the redaction")
    void sqlStateKept() {
        DatabaseSourceException e = failure(Map.of("url", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=" + SECRET),
                false);
        assertThat(e.getCause()).isInstanceOf(SQLException.class);
        assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("28000");
        assertThat(((SQLException) e.getCause()).getErrorCode()).isEqualTo(1045);
        assertThat(e.getCause().getStackTrace()).isNotEmpty();
    }

    @Test
    @DisplayName("every password style is masked in any text, URL-encoded or not")
    void redactorMasksEveryStyle() {
        Redactor r = new Redactor("jdbc:x://u:p%40ss@h/db?password=q1&sslpassword=q2;pwd=q3", "q4");
        assertThat(r.redact("u:p%40ss@h p@ss q1 q2 q3 q4 //a:b@h ?password=zz &Password=yy ;pwd=xx"))
                .doesNotContain("p%40ss", "p@ss", "q1", "q2", "q3", "q4", ":b@", "zz", "yy", "xx")
                .contains("//a:****@h", "password=****");
    }
}
