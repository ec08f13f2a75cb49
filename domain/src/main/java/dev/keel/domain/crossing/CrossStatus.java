package dev.keel.domain.crossing;

/** Where an internal cross is: its net still open at the venues (NET_OPEN), or its net's venue fills allocated (DONE). */
public enum CrossStatus {
  NET_OPEN, DONE
}
