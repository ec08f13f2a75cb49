package dev.keel.jobs.venue;

/** A venue's reply parsed, but lacked what Keel needs (a price, a volume, the market asked for). */
final class MalformedReplyException extends RuntimeException {
  MalformedReplyException(String message) {
    super(message);
  }
}
