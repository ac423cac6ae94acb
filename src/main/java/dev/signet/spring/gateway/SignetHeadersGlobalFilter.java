package dev.signet.spring.gateway;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Removes every {@code X-Signet-*} header a client sent, whatever its case, from every routed
 * request, first of all filters: a route without the {@code Signet} filter can never pass a
 * forged identity to the service behind it.
 */
public final class SignetHeadersGlobalFilter implements GlobalFilter, Ordered {
  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    if (!SignetGatewayFilterFactory.hasSignetHeaders(exchange.getRequest().getHeaders())) {
      return chain.filter(exchange);
    }
    return chain.filter(exchange.mutate().request(SignetGatewayFilterFactory.withHeaders(
        exchange.getRequest(), SignetGatewayFilterFactory.withoutSignetHeaders(exchange.getRequest().getHeaders())))
        .build());
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
