/** The notification outbox: events routed into per-channel deliveries, claimed, retried, dead-lettered and replayed; webhook endpoints. */
package dev.keel.persistence.notification;
