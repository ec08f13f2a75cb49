package dev.keel.domain.notification;

/** A notification delivery's state: due (PENDING), delivered (SENT), or given up after its last attempt (DEAD). */
public enum DeliveryStatus {
  PENDING, SENT, DEAD
}
