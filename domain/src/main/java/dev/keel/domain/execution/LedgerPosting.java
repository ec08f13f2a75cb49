package dev.keel.domain.execution;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one fill moves a portfolio's sub-ledger. The part of the fill the trade still needs is allocated to it and booked
 * as TRADE entries (the asset one way, its value in the quote asset the other) and a FEE entry; a part beyond the
 * trade's quantity (a late fill of an order Keel had given up on, FAULTS.md E5) is still booked, as ADJUSTMENT entries,
 * so the portfolio's holdings stay what the venue account holds for it. Quantities keep 18 decimals, as the ledger does.
 */
public final class LedgerPosting {

  /** Decimal places of every ledger quantity (NUMERIC(38, 18)). */
  public static final int SCALE = 18;

  private LedgerPosting() {}

  /** One movement: {@code delta} units of {@code asset}, of a kind (TRADE, FEE, ADJUSTMENT). */
  public record Entry(String asset, BigDecimal delta, String kind) {}

  /**
   * @param allocated base units allocated to the trade (zero when the trade was already complete)
   * @param feeQuote  the fee of the allocated part valued in the quote asset, for the allocation row and drag reports
   * @param entries   the movements; TRADE and FEE entries belong to the allocation, ADJUSTMENT entries to the fill alone
   */
  public record Posting(BigDecimal allocated, BigDecimal feeQuote, List<Entry> entries) {}

  /**
   * @param side      the trade's side
   * @param base      the traded asset
   * @param quote     the quote asset (the portfolio's cash line)
   * @param quantity  the fill's base units
   * @param price     its price, quote per base unit
   * @param fee       its fee, in {@code feeAsset}
   * @param feeAsset  base or quote; any other asset must be converted to the quote asset by the caller first
   * @param remaining what the trade still needs, base units, zero or positive
   */
  public static Posting of(Side side, String base, String quote, BigDecimal quantity, BigDecimal price, BigDecimal fee,
                           String feeAsset, BigDecimal remaining) {
    Objects.requireNonNull(side, "side");
    if (!feeAsset.equals(base) && !feeAsset.equals(quote)) {
      throw new IllegalArgumentException("a fee in " + feeAsset + " must be converted to " + quote + " before booking");
    }
    BigDecimal allocated = quantity.min(remaining.max(BigDecimal.ZERO));
    BigDecimal excess = quantity.subtract(allocated);
    BigDecimal sign = side == Side.BUY ? BigDecimal.ONE : BigDecimal.ONE.negate();
    List<Entry> entries = new ArrayList<>();
    // the fill's value and fee are rounded to the ledger's scale once; the excess takes what the allocation leaves, so
    // the two parts add up to the whole fill to the last decimal however the price's decimals fall
    BigDecimal value = ledger(quantity.multiply(price));
    BigDecimal feeWhole = ledger(fee);
    BigDecimal valueAllocated = ledger(allocated.multiply(price));
    BigDecimal feeAllocated = quantity.signum() == 0 ? BigDecimal.ZERO
        : fee.multiply(allocated).divide(quantity, SCALE, RoundingMode.HALF_EVEN);
    BigDecimal feeExcess = feeWhole.subtract(feeAllocated);
    if (allocated.signum() > 0) {
      add(entries, base, allocated.multiply(sign), "TRADE");
      add(entries, quote, valueAllocated.multiply(sign).negate(), "TRADE");
      add(entries, feeAsset, feeAllocated.negate(), "FEE");
    }
    if (excess.signum() > 0) {
      add(entries, base, excess.multiply(sign), "ADJUSTMENT");
      add(entries, quote, value.subtract(valueAllocated).multiply(sign).negate(), "ADJUSTMENT");
      add(entries, feeAsset, feeExcess.negate(), "ADJUSTMENT");
    }
    BigDecimal feeQuote = feeAsset.equals(quote) ? feeAllocated : feeAllocated.multiply(price);
    return new Posting(allocated, feeQuote.setScale(SCALE, RoundingMode.HALF_EVEN), merge(entries));
  }

  private static BigDecimal ledger(BigDecimal amount) {
    return amount.setScale(SCALE, RoundingMode.HALF_EVEN);
  }

  private static void add(List<Entry> entries, String asset, BigDecimal delta, String kind) {
    BigDecimal d = ledger(delta);
    if (d.signum() != 0) {
      entries.add(new Entry(asset, d, kind));
    }
  }

  /** One entry per (asset, kind): a quote-asset fee on an ADJUSTMENT joins the quote ADJUSTMENT. */
  private static List<Entry> merge(List<Entry> entries) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      int i = indexOf(out, e.asset(), e.kind());
      if (i < 0) {
        out.add(e);
      } else {
        BigDecimal sum = out.get(i).delta().add(e.delta());
        if (sum.signum() == 0) {
          out.remove(i);
        } else {
          out.set(i, new Entry(e.asset(), sum, e.kind()));
        }
      }
    }
    return out;
  }

  private static int indexOf(List<Entry> entries, String asset, String kind) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).asset().equals(asset) && entries.get(i).kind().equals(kind)) {
        return i;
      }
    }
    return -1;
  }
}
