package dev.signet.spring.boot;

import dev.signet.http.CsrfTokens;
import dev.signet.spring.gateway.SignetGatewayFilterFactory;
import dev.signet.spring.gateway.SignetHeadersGlobalFilter;
import dev.signet.spring.security.SignetSecurityContextRepository;
import dev.signet.spring.security.SignetSessions;
import dev.signet.spring.webflux.SignetServerSecurity;
import dev.signet.spring.webflux.SignetServerSecurityContextRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans of Signet's Spring Security integration (servlet and WebFlux) and of its Spring
 * Cloud Gateway filter, each when its framework is on the class path.
 */
@AutoConfiguration(after = SignetAutoConfiguration.class)
@ConditionalOnBean(SignetSessions.class)
public class SignetWebAutoConfiguration {
  /** Servlet applications with Spring Security: the repository {@code http.with(signet(), ...)} installs. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.security.web.context.SecurityContextRepository")
  static class Servlet {
    @Bean
    @ConditionalOnMissingBean
    SignetSecurityContextRepository signetSecurityContextRepository(SignetSessions sessions) {
      return new SignetSecurityContextRepository(sessions);
    }
  }

  /** Reactive applications with Spring Security: the repository and the {@code ServerHttpSecurity} customizer. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = "org.springframework.security.web.server.context.ServerSecurityContextRepository")
  static class Reactive {
    @Bean
    @ConditionalOnMissingBean
    SignetServerSecurityContextRepository signetServerSecurityContextRepository(SignetSessions sessions) {
      return new SignetServerSecurityContextRepository(sessions);
    }

    @Bean
    @ConditionalOnMissingBean
    SignetServerSecurity signetServerSecurity(
        SignetServerSecurityContextRepository repository, ObjectProvider<CsrfTokens> csrf) {
      return new SignetServerSecurity(repository, csrf.getIfAvailable());
    }
  }

  /** Spring Cloud Gateway: the {@code Signet} route filter and the removal of forged identity headers. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = "org.springframework.cloud.gateway.filter.GlobalFilter")
  static class Gateway {
    @Bean
    @ConditionalOnMissingBean
    SignetGatewayFilterFactory signetGatewayFilterFactory(SignetSessions sessions) {
      return new SignetGatewayFilterFactory(sessions);
    }

    @Bean
    @ConditionalOnMissingBean
    SignetHeadersGlobalFilter signetHeadersGlobalFilter() {
      return new SignetHeadersGlobalFilter();
    }
  }
}
