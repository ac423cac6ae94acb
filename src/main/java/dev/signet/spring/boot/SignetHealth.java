package dev.signet.spring.boot;

import dev.signet.keys.KeyEntry;
import dev.signet.keys.KeyState;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetSource;
import dev.signet.keys.ReloadingKeyset;
import dev.signet.revocation.FileRevocationList;
import dev.signet.revocation.InMemoryRevocationList;
import dev.signet.revocation.RedisRevocationList;
import dev.signet.revocation.RevocationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Signet reports to Actuator's health endpoint, whatever the Boot version: down when the
 * revocation store is past its staleness bound (requests then get 503); up otherwise, with the
 * keyset's age (since its newest active key was activated), whether its last reload was
 * refused, and the store's kind and size. No key material, no ids of sessions.
 */
final class SignetHealth {
  private final KeysetSource keys;
  private final RevocationStore store;
  private final Clock clock;

  SignetHealth(KeysetSource keys, RevocationStore store, Clock clock) {
    this.keys = keys;
    this.store = store;
    this.clock = clock;
  }

  boolean isUp() {
    return !(store instanceof RedisRevocationList) || ((RedisRevocationList) store).isFresh();
  }

  Map<String, Object> details() {
    Map<String, Object> d = new LinkedHashMap<>();
    keysetAge().ifPresent(age -> d.put("keysetAgeSeconds", age.getSeconds()));
    if (keys instanceof ReloadingKeyset) {
      ((ReloadingKeyset) keys).lastError().ifPresent(e -> d.put("keysetReloadRefused", e.reason().toString()));
    }
    if (store instanceof RedisRevocationList) {
      RedisRevocationList r = (RedisRevocationList) store;
      d.put("revocations", "redis");
      d.put("revocationsFresh", r.isFresh());
      d.put("revocationEntries", r.size());
    } else if (store instanceof FileRevocationList) {
      d.put("revocations", "file");
      d.put("revocationEntries", ((FileRevocationList) store).size());
    } else if (store instanceof InMemoryRevocationList) {
      d.put("revocations", "memory");
      d.put("revocationEntries", ((InMemoryRevocationList) store).size());
    }
    return d;
  }

  /** Time since the newest active key became active (a rotation resets it). */
  java.util.Optional<Duration> keysetAge() {
    Keyset k = keys.current();
    Instant newest = null;
    for (KeyEntry e : k.entries()) {
      if (e.state() == KeyState.ACTIVE) {
        Instant at = e.activatedAt().orElse(e.createdAt());
        if (newest == null || at.isAfter(newest)) {
          newest = at;
        }
      }
    }
    if (newest == null) {
      return java.util.Optional.empty();
    }
    Duration age = Duration.between(newest, clock.instant());
    return java.util.Optional.of(age.isNegative() ? Duration.ZERO : age);
  }

  /** The number of entries of a store that can tell, else -1. */
  long revocationEntries() {
    if (store instanceof RedisRevocationList) {
      return ((RedisRevocationList) store).size();
    }
    if (store instanceof FileRevocationList) {
      return ((FileRevocationList) store).size();
    }
    if (store instanceof InMemoryRevocationList) {
      return ((InMemoryRevocationList) store).size();
    }
    return -1;
  }
}
