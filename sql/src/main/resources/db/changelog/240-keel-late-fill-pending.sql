--liquibase formatted sql

-- An order given up as never placed may turn up at the venue with fills (FAULTS.md E5). When those fills cannot be
-- booked at once (a holding or the cash would go below zero: the trade was sent again and filled meanwhile), the
-- order is marked here and looked up every run until they are, past the late-fill watch: nothing the venue traded is
-- forgotten.

--changeset keel:venue-order-booking-failed
ALTER TABLE venue_order ADD COLUMN booking_failed_at TIMESTAMPTZ;
COMMENT ON COLUMN venue_order.booking_failed_at IS 'since when the fills the venue reports for this order, given up as never placed, could not be booked; cleared once they are';
CREATE INDEX venue_order_booking_failed_ix ON venue_order (booking_failed_at) WHERE booking_failed_at IS NOT NULL;
