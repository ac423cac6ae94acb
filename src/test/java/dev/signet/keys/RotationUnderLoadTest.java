package dev.signet.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.Rejection;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.internal.Base64Url;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: an issuer and a verifier, each over a hot-reloading keyset file (the verifier over
 * the exported verifier keyset), keep issuing and verifying while the keyset is rotated 25 times
 * through the files. No valid token is rejected, and every token minted with a key that rotation
 * has since removed is rejected as {@link Rejection#UNKNOWN_KEY}.
 */
class RotationUnderLoadTest {
  private static final int ROTATIONS = 25;
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final Duration ABSOLUTE = Duration.ofMinutes(20);
  private static final Duration LEEWAY = Duration.ofSeconds(60);
  private static final Duration RELOAD = Duration.ofMillis(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** One minted token, with the key that sealed it and the rotation it was minted in. */
  record Minted(String token, String encKid, Instant hardExpiry, int rotation) {}

  private static String outerKid(String token) {
    try {
      byte[] header = Base64Url.decode(token.substring(0, token.indexOf('.')));
      return JSON.readTree(header).get("kid").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rotatingThroughTheFileUnderLoad_rejectsNoValidTokenAndEveryTokenOfARemovedKey() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-30T00:00:00Z"));
    RotationPolicy policy =
        RotationPolicy.builder()
            .minInterval(STEP.minusMinutes(1))
            .propagationDelay(Duration.ofMinutes(1))
            .leeway(LEEWAY)
            .build();
    Rotation rotation = Rotation.with(policy).clock(clock);
    KeysetFile full = KeysetFile.at(dir.resolve("keyset.json"));
    KeysetFile gateway = KeysetFile.at(dir.resolve("verifier.json"));
    full.create(Keyset.generate(clock).withMaxSession(ABSOLUTE));
    gateway.save(full.load().verifierOnly());

    AtomicInteger currentRotation = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReferenceArray<Minted> recent = new AtomicReferenceArray<>(256);
    AtomicLong mintedCount = new AtomicLong();
    Map<String, Queue<Minted>> samplesByKid = new ConcurrentHashMap<>();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicLong verified = new AtomicLong();
    AtomicLong acceptedAcrossRotations = new AtomicLong();

    try (ReloadingKeyset issuerKeys = ReloadingKeyset.builder(full).interval(RELOAD).start();
        ReloadingKeyset verifierKeys = ReloadingKeyset.builder(gateway).interval(RELOAD).start()) {
      TokenIssuer issuer =
          TokenIssuer.builder(issuerKeys).issuer("https://login.test").audience("api").clock(clock)
              .idleTimeout(ABSOLUTE).absoluteTimeout(ABSOLUTE).build();
      TokenVerifier verifier =
          TokenVerifier.builder(verifierKeys).issuer("https://login.test").audience("api").clock(clock)
              .leeway(LEEWAY).build();

      Thread minting =
          new Thread(
              () -> {
                int n = 0;
                while (!stop.get()) {
                  int r = currentRotation.get();
                  IssuedToken t = issuer.start(NewSession.forSubject("user-" + n));
                  Minted m = new Minted(t.token(), outerKid(t.token()), t.session().hardExpiresAt(), r);
                  recent.set(n++ & 255, m);
                  mintedCount.incrementAndGet();
                  Queue<Minted> q = samplesByKid.computeIfAbsent(m.encKid(), k -> new ConcurrentLinkedQueue<>());
                  if (q.size() < 8) {
                    q.add(m);
                  }
                }
              },
              "minting");
      Thread verifying =
          new Thread(
              () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                List<String> kids = new ArrayList<>();
                while (!stop.get()) {
                  Minted m;
                  if (rnd.nextBoolean()) {
                    m = recent.get(rnd.nextInt(256));
                  } else {
                    // Older tokens, minted by keys that are now next, active, retired or removed.
                    kids.clear();
                    kids.addAll(samplesByKid.keySet());
                    Queue<Minted> q = kids.isEmpty() ? null : samplesByKid.get(kids.get(rnd.nextInt(kids.size())));
                    m = q == null ? null : q.peek();
                  }
                  if (m == null) {
                    continue;
                  }
                  Verification v = verifier.verify(m.token());
                  Instant after = clock.instant();
                  verified.incrementAndGet();
                  if (v.isAccepted()) {
                    if (currentRotation.get() > m.rotation()) {
                      acceptedAcrossRotations.incrementAndGet();
                    }
                    continue;
                  }
                  Rejection why = v.rejection().orElseThrow();
                  boolean pastValidity = !after.isBefore(m.hardExpiry().plus(LEEWAY));
                  boolean allowed =
                      pastValidity
                          && (why == Rejection.EXPIRED || why == Rejection.SESSION_EXPIRED || why == Rejection.UNKNOWN_KEY);
                  if (!allowed) {
                    failures.add("valid token of " + m.encKid() + " (rotation " + m.rotation() + ") rejected as " + why
                        + " at " + after + ": " + v.detail());
                  }
                }
              },
              "verifying");
      minting.start();
      verifying.start();

      Set<String> removed = ConcurrentHashMap.newKeySet();
      for (int i = 1; i <= ROTATIONS; i++) {
        clock.advance(STEP);
        Rotation.Result r = rotation.applyTo(full);
        assertEquals(Rotation.Status.ROTATED, r.status(), "rotation " + i);
        Keyset exported = r.keyset().verifierOnly();
        gateway.save(exported);
        removed.addAll(r.removed());
        currentRotation.set(i);
        // Propagation: both sides have loaded this rotation before the next one (the policy's
        // propagation delay is what guarantees this in production).
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(issuerKeys.current().equals(r.keyset()) && verifierKeys.current().equals(exported))) {
          assertTrue(System.nanoTime() < until, "keyset not reloaded within 10 s");
          Thread.sleep(2);
        }
        Thread.sleep(80);
      }
      stop.set(true);
      minting.join();
      verifying.join();

      assertEquals(List.of(), failures.subList(0, Math.min(failures.size(), 10)));
      assertTrue(verified.get() > 200, "only " + verified.get() + " verifications");
      assertTrue(acceptedAcrossRotations.get() > 0, "no token verified after the rotation that retired its key");

      // Every token minted by a removed key is rejected, because the key is gone.
      int checked = 0;
      for (String kid : removed) {
        for (Minted m : samplesByKid.getOrDefault(kid, new ConcurrentLinkedQueue<>())) {
          Verification v = verifier.verify(m.token());
          assertEquals(Rejection.UNKNOWN_KEY, v.rejection().orElse(null), kid);
          checked++;
        }
      }
      assertTrue(removed.size() >= 2 * 15, "only " + removed.size() + " keys removed");
      assertTrue(checked > 0, "no token of a removed key was kept");
      System.out.printf(
          "rotation under load: %d rotations, %d tokens minted, %d verified, %d accepted after their key's rotation,"
              + " %d keys removed, %d tokens of removed keys rejected, 0 valid tokens rejected%n",
          ROTATIONS, mintedCount.get(), verified.get(), acceptedAcrossRotations.get(), removed.size(), checked);
    }
  }
}
