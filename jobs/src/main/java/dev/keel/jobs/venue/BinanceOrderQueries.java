package dev.keel.jobs.venue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.math.BigDecimal;
import org.knowm.xchange.binance.dto.BinanceException;
import si.mazi.rescu.ParamsDigest;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * The one signed Binance request XChange 5.2.2 cannot send: GET /api/v3/order by {@code origClientOrderId} alone
 * (XChange's interface declares {@code orderId} a primitive long, so it always sends one). Built with XChange's own
 * proxy builder, HMAC-SHA256 digest and timestamp factory, so it is signed, timed out and parsed like XChange's calls.
 *
 * <p>Chosen over the raw {@code allOrders}: one order by its id is weight 4 and always answers for that order, while
 * {@code allOrders} is weight 20 and lists the latest 500 orders only, so an older order would look absent.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
interface BinanceOrderQueries {

  @GET
  @Path("api/v3/order")
  BinanceOrderReply orderByClientId(
      @QueryParam("symbol") String symbol,
      @QueryParam("origClientOrderId") String origClientOrderId,
      @QueryParam("recvWindow") Long recvWindow,
      @QueryParam("timestamp") SynchronizedValueFactory<Long> timestamp,
      @HeaderParam("X-MBX-APIKEY") String apiKey,
      @QueryParam("signature") ParamsDigest signature)
      throws IOException, BinanceException;

  /**
   * Binance's order, with its status as text: XChange's own order type reads the status into an enum that lacks
   * EXPIRED_IN_MATCH and PENDING_NEW, and a reply it cannot read would leave the order's state unknown.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  final class BinanceOrderReply {
    final String symbol;
    final long orderId;
    final String clientOrderId;
    final BigDecimal origQty;
    final BigDecimal executedQty;
    final String status;
    final long time;

    @JsonCreator
    BinanceOrderReply(@JsonProperty("symbol") String symbol, @JsonProperty("orderId") long orderId,
        @JsonProperty("clientOrderId") String clientOrderId, @JsonProperty("origQty") BigDecimal origQty,
        @JsonProperty("executedQty") BigDecimal executedQty, @JsonProperty("status") String status, @JsonProperty("time") long time) {
      this.symbol = symbol;
      this.orderId = orderId;
      this.clientOrderId = clientOrderId;
      this.origQty = origQty;
      this.executedQty = executedQty;
      this.status = status;
      this.time = time;
    }
  }
}
