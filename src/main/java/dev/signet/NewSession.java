package dev.signet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a login handler knows about a session it is about to start: the subject, roles and
 * application attributes. Ids and times are chosen by the {@link TokenIssuer}.
 *
 * <p>Immutable; each {@code with...} method returns a changed copy.
 *
 * <pre>{@code
 * NewSession s = NewSession.forSubject("alice").withRoles("user").withAttributes(new Profile("Alice"));
 * }</pre>
 */
public final class NewSession {
  private final String subject;
  private final SortedSet<String> roles;
  private final ObjectNode attributes;
  private final Instant authTime;
  private final String fingerprintHash;
  private final String contextHash;

  private NewSession(
      String subject,
      SortedSet<String> roles,
      ObjectNode attributes,
      Instant authTime,
      String fingerprintHash,
      String contextHash) {
    this.subject = subject;
    this.roles = roles;
    this.attributes = attributes;
    this.authTime = authTime;
    this.fingerprintHash = fingerprintHash;
    this.contextHash = contextHash;
  }

  /**
   * A new session for an authenticated subject.
   *
   * @throws IllegalArgumentException if the subject is empty or longer than 256 characters
   */
  public static NewSession forSubject(String subject) {
    Claims.requireId("subject", subject);
    return new NewSession(subject, new TreeSet<>(), null, null, null, null);
  }

  /** The data of an existing session, as the starting point of a renewal or elevation. */
  static NewSession of(Session s) {
    return new NewSession(
        s.subject(),
        new TreeSet<>(s.roles()),
        s.attributesNode(),
        s.authTime(),
        s.fingerprintHash().orElse(null),
        s.contextHash().orElse(null));
  }

  /** The same session with these roles (replacing any set before). */
  public NewSession withRoles(String... roles) {
    return withRoles(Set.of(roles));
  }

  /** The same session with these roles (replacing any set before). */
  public NewSession withRoles(Collection<String> roles) {
    TreeSet<String> copy = new TreeSet<>();
    for (String role : roles) {
      Claims.requireId("role", role);
      copy.add(role);
    }
    return new NewSession(subject, copy, attributes, authTime, fingerprintHash, contextHash);
  }

  /**
   * The same session with application attributes: any object Jackson maps to a JSON object
   * (a record, a bean, a {@code Map}, a {@link JsonNode}).
   *
   * @throws IllegalArgumentException if the value does not map to a JSON object
   */
  public NewSession withAttributes(Object attributes) {
    Objects.requireNonNull(attributes, "attributes");
    return new NewSession(
        subject, roles, Claims.attributesTree(attributes), authTime, fingerprintHash, contextHash);
  }

  /**
   * The same session with an explicit authentication time, for a session started from an
   * earlier authentication (for example after a privilege change without re-authentication).
   * By default the authentication time is the issue time.
   */
  public NewSession withAuthTime(Instant authTime) {
    Objects.requireNonNull(authTime, "authTime");
    return new NewSession(subject, roles, attributes, authTime, fingerprintHash, contextHash);
  }

  /**
   * The same session bound to a fingerprint cookie: {@code fingerprintHash} is the base64url
   * SHA-256 of the cookie's value (see the OWASP JWT cheat sheet, "token sidejacking").
   */
  public NewSession withFingerprintHash(String fingerprintHash) {
    Claims.requireId("fingerprintHash", fingerprintHash);
    return new NewSession(subject, roles, attributes, authTime, fingerprintHash, contextHash);
  }

  /** The same session bound to a client-context hash (see the lifecycle documentation). */
  public NewSession withContextHash(String contextHash) {
    Claims.requireId("contextHash", contextHash);
    return new NewSession(subject, roles, attributes, authTime, fingerprintHash, contextHash);
  }

  NewSession withoutAuthTime() {
    return new NewSession(subject, roles, attributes, null, fingerprintHash, contextHash);
  }

  /** The subject. */
  public String subject() {
    return subject;
  }

  /** The roles, sorted. */
  public Set<String> roles() {
    return java.util.Collections.unmodifiableSortedSet(roles);
  }

  /** The explicit authentication time, if one was set. */
  public Optional<Instant> authTime() {
    return Optional.ofNullable(authTime);
  }

  ObjectNode attributesNode() {
    return attributes;
  }

  String fingerprintHash() {
    return fingerprintHash;
  }

  String contextHash() {
    return contextHash;
  }

  /** The subject and roles only. */
  @Override
  public String toString() {
    return "NewSession{subject=" + subject + ", roles=" + roles + "}";
  }
}
