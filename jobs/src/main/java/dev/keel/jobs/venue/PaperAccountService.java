package dev.keel.jobs.venue;

import dev.keel.domain.market.FeeRate;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchange.currency.Currency;
import org.knowm.xchange.dto.account.AccountInfo;
import org.knowm.xchange.dto.account.Balance;
import org.knowm.xchange.dto.account.Fee;
import org.knowm.xchange.dto.account.Wallet;
import org.knowm.xchange.instrument.Instrument;
import org.knowm.xchange.service.BaseExchangeService;
import org.knowm.xchange.service.account.AccountService;

/** The paper account: its fee tier (from the configured schedule and 30-day volume) and its balances. */
final class PaperAccountService extends BaseExchangeService<PaperExchange> implements AccountService {

  PaperAccountService(PaperExchange exchange) {
    super(exchange);
  }

  @Override
  public Map<Instrument, Fee> getDynamicTradingFeesByInstrument() {
    FeeRate rate = exchange.config().fees().quote().rate();
    Fee fee = new Fee(BigDecimal.valueOf(rate.maker()), BigDecimal.valueOf(rate.taker()));
    Map<Instrument, Fee> out = new HashMap<>();
    exchange.config().markets().keySet().forEach(m -> out.put(PaperExchange.pair(m), fee));
    return out;
  }

  @Override
  public AccountInfo getAccountInfo() {
    PaperTradeService trades = (PaperTradeService) exchange.getTradeService();
    List<Balance> balances = trades.balances().entrySet().stream()
        .map(e -> new Balance(Currency.getInstance(e.getKey()), e.getValue())).toList();
    return new AccountInfo(new Wallet.Builder().id("paper").balances(balances).build());
  }
}
