package dev.signet.http;

import dev.signet.Session;
import dev.signet.internal.Base64Url;
import dev.signet.keys.KeyDerivation;
import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetSource;
import dev.signet.keys.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * CSRF tokens bound to a session: {@code HMAC-SHA256(k, "signet-csrf/1\n" + sid)}, base64url,
 * where {@code k} is derived from the keyset's encryption key ({@code k = HMAC-SHA256(encKey,
 * "signet csrf key v1")}), so no extra secret needs to be managed and a key rotation rotates it.
 * The derivation is separated by its label from every other key derived from the same secret
 * (the client-context key of {@link dev.signet.ContextBinding} in particular).
 *
 * <p>Works for both OWASP patterns:
 * <ul>
 *   <li><b>synchronizer token</b>: render {@link #tokenFor(Session)} into each form (or a meta
 *       tag) and check the submitted value with {@link #isValid(Session, String)};
 *   <li><b>signed double-submit cookie</b>: set {@link #setCookie(Session)} (readable by the
 *       page's script), have the script echo it in a request header, and check both with
 *       {@link #isValidDoubleSubmit(Session, String, String)}. Because the value is an HMAC of
 *       the {@code sid}, a value planted by a sibling subdomain does not verify.
 * </ul>
 *
 * <p>The token is the same for every request of a session (renewals keep the {@code sid}) and
 * changes on login and privilege change (new {@code sid}). Tokens made with any encryption key
 * still in the keyset (next, active or retired) are accepted, so a rotation does not break
 * open forms.
 *
 * <p><b>Security:</b> comparisons use {@link MessageDigest#isEqual} (constant time). Check
 * CSRF on every state-changing request (every method but GET, HEAD, OPTIONS). Whoever holds the
 * encryption key (a full keyset or a verifier keyset, as exported for gateways) can compute the
 * CSRF token of any {@code sid} they learn; such a holder can already read every session and mint
 * {@code SEALED} tokens, so guard a verifier keyset as a secret (see {@code SECURITY.md}).
 */
public final class CsrfTokens {
  /** The default name of the double-submit cookie. */
  public static final String DEFAULT_COOKIE_NAME = "__Host-signet-csrf";

  private static final int TOKEN_CHARS = 43;

  private final KeysetSource keys;

  private CsrfTokens(KeysetSource keys) {
    this.keys = keys;
    if (keys.current().active(KeyPurpose.ENCRYPTION).isEmpty()) {
      throw new IllegalStateException("keyset has no encryption key to derive the CSRF key from");
    }
  }

  /**
   * CSRF tokens keyed from {@code keys}; the keyset is read on each call, so a reloading source
   * follows rotations.
   *
   * @throws IllegalStateException if the keyset has no encryption key
   */
  public static CsrfTokens fromKeyset(KeysetSource keys) {
    return new CsrfTokens(Objects.requireNonNull(keys, "keys"));
  }

  /** The CSRF token of a session. */
  public String tokenFor(Session session) {
    Objects.requireNonNull(session, "session");
    Keyset k = keys.current();
    return Base64Url.encode(mac(k.active(KeyPurpose.ENCRYPTION).orElseThrow(), session.sessionId()));
  }

  /** Synchronizer pattern: whether {@code candidate} (from a form field or header) is the session's token. */
  public boolean isValid(Session session, String candidate) {
    Objects.requireNonNull(session, "session");
    if (candidate == null || candidate.length() != TOKEN_CHARS) {
      return false;
    }
    byte[] given = Base64Url.decode(candidate);
    if (given == null) {
      return false;
    }
    boolean ok = false;
    for (KeyEntry e : keys.current().entries()) {
      if (e.purpose() == KeyPurpose.ENCRYPTION) {
        ok |= MessageDigest.isEqual(mac(e, session.sessionId()), given);
      }
    }
    return ok;
  }

  /**
   * Signed double-submit pattern: whether the cookie value and the header value are equal and
   * are the session's token.
   */
  public boolean isValidDoubleSubmit(Session session, String cookieValue, String headerValue) {
    if (cookieValue == null || headerValue == null) {
      return false;
    }
    boolean same = MessageDigest.isEqual(
        cookieValue.getBytes(StandardCharsets.UTF_8), headerValue.getBytes(StandardCharsets.UTF_8));
    return same & isValid(session, headerValue);
  }

  /**
   * The {@code Set-Cookie} value of the double-submit cookie: {@code __Host-} prefixed,
   * {@code Secure}, {@code SameSite=Strict}, and <em>not</em> {@code HttpOnly}, because the
   * page's script must read it to echo it in a header. It lives as long as the browser
   * session; the token is worthless without the session cookie.
   */
  public String setCookie(Session session) {
    return DEFAULT_COOKIE_NAME + "=" + tokenFor(session) + "; Path=/; Secure; SameSite=Strict";
  }

  /**
   * The {@code Set-Cookie} value that deletes the double-submit cookie, for logout:
   * {@code __Host-signet-csrf=; Max-Age=0; Path=/; Secure; SameSite=Strict} (the attributes of
   * {@link #setCookie(Session)}, so the browser matches and removes it).
   */
  public String clearingCookie() {
    return DEFAULT_COOKIE_NAME + "=; Max-Age=0; Path=/; Secure; SameSite=Strict";
  }

  /** The double-submit cookie's value in a {@code Cookie} header, if present exactly once. */
  public Optional<String> readCookie(String cookieHeader) {
    return Optional.ofNullable(RequestTokens.cookie(cookieHeader, DEFAULT_COOKIE_NAME));
  }

  private static byte[] mac(KeyEntry encryptionKey, String sid) {
    return KeyDerivation.mac(encryptionKey, KeyDerivation.CSRF, ("signet-csrf/1\n" + sid).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "CsrfTokens{}";
  }
}
