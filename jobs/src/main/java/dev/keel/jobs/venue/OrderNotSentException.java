package dev.keel.jobs.venue;

/**
 * Keel refused to send an order, before any byte of it left: the market is not listed on the venue, or the venue's
 * client cannot name it. Classified REJECTED: the order was certainly not placed.
 */
final class OrderNotSentException extends RuntimeException {

  OrderNotSentException(String message) {
    super(message);
  }
}
