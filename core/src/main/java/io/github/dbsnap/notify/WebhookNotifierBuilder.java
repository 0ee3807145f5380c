package io.github.dbsnap.notify;

import io.github.dbsnap.ConfigurationException;

import java.net.URI;
import java.time.Duration;

/** Builds a {@link WebhookNotifier}; from {@link WebhookNotifier#builder()}. Mutable, not thread-safe. */
public final class WebhookNotifierBuilder {
    URI heartbeatUrl;
    URI failureUrl;
    Duration timeout = Duration.ofSeconds(10);
    int maxAttempts = 3;
    Duration backoff = Duration.ofSeconds(2);

    WebhookNotifierBuilder() {
    }

    /** Sets the URL requested with {@code GET} after each successful scheduled snapshot (default: none). */
    public WebhookNotifierBuilder heartbeatUrl(URI url) {
        this.heartbeatUrl = url;
        return this;
    }

    /** Sets the URL failures are POSTed to as JSON (default: none). */
    public WebhookNotifierBuilder failureUrl(URI url) {
        this.failureUrl = url;
        return this;
    }

    /** Sets the connect and request timeout of each attempt (default: 10 seconds). */
    public WebhookNotifierBuilder timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigurationException("webhook timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /** Sets how many times a delivery is attempted, 1 to 10 (default: 3). */
    public WebhookNotifierBuilder maxAttempts(int attempts) {
        if (attempts < 1 || attempts > 10) {
            throw new ConfigurationException("webhook maxAttempts must be 1 to 10, was " + attempts);
        }
        this.maxAttempts = attempts;
        return this;
    }

    /** Sets the wait before the first retry, doubled for each further one (default: 2 seconds). */
    public WebhookNotifierBuilder backoff(Duration initial) {
        if (initial.isNegative()) {
            throw new ConfigurationException("webhook backoff must not be negative, was " + initial);
        }
        this.backoff = initial;
        return this;
    }

    /**
     * @return a notifier with its own delivery thread; close it when done
     * @throws ConfigurationException when a URL is not http or https
     */
    public WebhookNotifier build() {
        for (URI u : new URI[] {heartbeatUrl, failureUrl}) {
            if (u != null && !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
                throw new ConfigurationException("webhook URLs must be http:// or https:// (URL not shown: it may carry a token)");
            }
        }
        return new WebhookNotifier(this);
    }
}
