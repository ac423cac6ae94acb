package dev.signet.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Just enough of a servlet request and response for unit tests of the repository and the entry point. */
final class FakeHttp {
  final Map<String, List<String>> requestHeaders = new HashMap<>();
  final Map<String, Object> attributes = new HashMap<>();
  final Map<String, List<String>> responseHeaders = new HashMap<>();
  int status = 200;
  long contentLength = -1;

  FakeHttp header(String name, String value) {
    requestHeaders.computeIfAbsent(name.toLowerCase(), k -> new ArrayList<>()).add(value);
    return this;
  }

  HttpServletRequest request() {
    return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
          switch (m.getName()) {
            case "getHeaders":
              return Collections.enumeration(requestHeaders.getOrDefault(((String) args[0]).toLowerCase(), List.of()));
            case "getHeader":
              List<String> v = requestHeaders.get(((String) args[0]).toLowerCase());
              return v == null ? null : v.get(0);
            case "getAttribute":
              return attributes.get(args[0]);
            case "setAttribute":
              attributes.put((String) args[0], args[1]);
              return null;
            case "getRemoteAddr":
              return "127.0.0.1";
            case "getMethod":
              return "GET";
            default:
              throw new UnsupportedOperationException(m.getName());
          }
        });
  }

  HttpServletResponse response() {
    return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
          switch (m.getName()) {
            case "setStatus":
              status = (Integer) args[0];
              return null;
            case "setHeader":
              responseHeaders.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
              return null;
            case "addHeader":
              responseHeaders.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
              return null;
            case "setContentLength":
              contentLength = (Integer) args[0];
              return null;
            default:
              throw new UnsupportedOperationException(m.getName());
          }
        });
  }
}
