package dev.keel.jobs.venue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchange.kraken.dto.KrakenResult;
import si.mazi.rescu.ParamsDigest;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * Kraken's OpenOrders and ClosedOrders filtered by {@code cl_ord_id}, which XChange 5.2.2 cannot ask for (its interface
 * sends only {@code userref}) nor read (its order type has no {@code cl_ord_id}). Built with XChange's proxy builder,
 * Kraken digest and the exchange's own nonce factory, so nonces keep rising across XChange's calls and these.
 */
@Path("0")
@Produces(MediaType.APPLICATION_JSON)
interface KrakenOrderQueries {

  @POST
  @Path("private/OpenOrders")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  ClientOrdersResult openOrders(
      @FormParam("trades") boolean includeTrades,
      @FormParam("cl_ord_id") String clientOrderId,
      @HeaderParam("API-Key") String apiKey,
      @HeaderParam("API-Sign") ParamsDigest signer,
      @FormParam("nonce") SynchronizedValueFactory<Long> nonce)
      throws IOException;

  @POST
  @Path("private/ClosedOrders")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  ClientOrdersResult closedOrders(
      @FormParam("trades") boolean includeTrades,
      @FormParam("cl_ord_id") String clientOrderId,
      @HeaderParam("API-Key") String apiKey,
      @HeaderParam("API-Sign") ParamsDigest signer,
      @FormParam("nonce") SynchronizedValueFactory<Long> nonce)
      throws IOException;

  /** {"error": [...], "result": {"open": {txid: order}}} or {"result": {"closed": {txid: order}, "count": n}}. */
  final class ClientOrdersResult extends KrakenResult<ClientOrders> {
    @JsonCreator
    ClientOrdersResult(@JsonProperty("result") ClientOrders result, @JsonProperty("error") String[] error) {
      super(result, error);
    }
  }

  /** Orders by Kraken's transaction id (txid), open or closed. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  final class ClientOrders {
    final Map<String, ClientOrder> orders = new LinkedHashMap<>();

    @JsonCreator
    ClientOrders(@JsonProperty("open") Map<String, ClientOrder> open, @JsonProperty("closed") Map<String, ClientOrder> closed) {
      if (open != null) {
        orders.putAll(open);
      }
      if (closed != null) {
        orders.putAll(closed);
      }
    }
  }

  /** The fields of Kraken's order info Keel reads. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  final class ClientOrder {
    final String clientOrderId;
    final String status;
    final BigDecimal volume;
    final BigDecimal volumeExecuted;
    final double openedAt;
    final List<String> tradeIds;

    @JsonCreator
    ClientOrder(@JsonProperty("cl_ord_id") String clientOrderId, @JsonProperty("status") String status,
        @JsonProperty("vol") BigDecimal volume, @JsonProperty("vol_exec") BigDecimal volumeExecuted,
        @JsonProperty("opentm") double openedAt, @JsonProperty("trades") List<String> tradeIds) {
      this.clientOrderId = clientOrderId;
      this.status = status;
      this.volume = volume;
      this.volumeExecuted = volumeExecuted;
      this.openedAt = openedAt;
      this.tradeIds = tradeIds == null ? List.of() : List.copyOf(tradeIds);
    }
  }
}
