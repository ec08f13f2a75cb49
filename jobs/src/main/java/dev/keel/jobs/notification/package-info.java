/** notificationJob: the outbox's events routed into deliveries and sent, signed webhooks and investors' emails, at least once. */
package dev.keel.jobs.notification;
