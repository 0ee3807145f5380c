/**
 * Notifications about scheduled runs: the {@link io.github.dbsnap.notify.Notifier} SPI, a webhook
 * implementation on the JDK HTTP client, and the scheduler listener that feeds notifiers.
 */
package io.github.dbsnap.notify;
