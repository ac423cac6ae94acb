package dev.signet.cli;

import dev.signet.IssuedToken;
import dev.signet.NewSession;
import dev.signet.Rejection;
import dev.signet.Session;
import dev.signet.SessionGrant;
import dev.signet.SessionManager;
import dev.signet.TokenIssuer;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.http.ForwardAuthServer;
import dev.signet.http.SessionCookie;
import dev.signet.internal.Base64Url;
import dev.signet.keys.Keyset;
import dev.signet.keys.KeysetFile;
import dev.signet.keys.ReloadingKeyset;
import dev.signet.keys.Rotation;
import dev.signet.keys.RotationPolicy;
import dev.signet.revocation.FileRevocationList;
import dev.signet.revocation.Revocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code signet demo}: the whole life of a session in a temporary folder, each step one line.
 *
 * <p>Everything is real: a keyset file and a verifier keyset file, an append-only revocation
 * file, and a forward-auth server on a loopback port asked over HTTP as a gateway would ask it.
 * Each step checks its own outcome; a step that does not behave fails the demo (exit 3).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Walk one session through its whole life in a temporary folder: create keys, log in, verify as a",
      "gateway, renew, elevate, revoke, rotate keys, log out. No set-up; nothing is left behind."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String ISSUER = "https://login.demo.test";
  private static final String AUDIENCE = "app";

  @Spec CommandSpec spec;

  private PrintWriter out;
  private int step;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    long started = System.nanoTime();
    Path dir = Files.createTempDirectory("signet-demo-");
    try {
      run(dir);
    } finally {
      deleteTree(dir);
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    out.printf("done in %.1f s: every step behaved as expected. Read docs/CLI.md and docs/GATEWAYS.md next.%n", ms / 1000.0);
    return ExitCodes.OK;
  }

  private void run(Path dir) throws Exception {
    out.println("signet demo: the life of one session, in " + dir + " (removed at the end)");

    // 1. Keys: a full keyset for the login service, a verifier keyset for the gateway.
    KeysetFile keysFile = KeysetFile.at(dir.resolve("keyset.json"));
    keysFile.create(Keyset.generate());
    AtomicReference<Keyset> loginKeys = new AtomicReference<>(keysFile.load());
    KeysetFile verifierFile = KeysetFile.at(dir.resolve("verifier.json"));
    verifierFile.create(loginKeys.get().verifierOnly());
    say("keys", "created keyset.json (signing and encryption keys, mode 600) and verifier.json for gateways (cannot mint)");

    Path revocationsPath = dir.resolve("revocations.log");
    try (FileRevocationList loginRevocations = FileRevocationList.open(revocationsPath);
        FileRevocationList gatewayRevocations = FileRevocationList.open(revocationsPath);
        ReloadingKeyset gatewayKeys = ReloadingKeyset.builder(verifierFile).start()) {
      TokenIssuer issuer = TokenIssuer.builder(loginKeys::get).issuer(ISSUER).audience(AUDIENCE)
          .idleTimeout(Duration.ofMinutes(15)).absoluteTimeout(Duration.ofHours(12)).build();
      TokenVerifier loginVerifier = TokenVerifier.builder(loginKeys::get).issuer(ISSUER).audience(AUDIENCE)
          .revocations(loginRevocations).build();
      SessionManager sessions = SessionManager.builder(issuer, loginVerifier).build();
      SessionCookie cookie = SessionCookie.builder().build();
      TokenVerifier gatewayVerifier = TokenVerifier.builder(gatewayKeys).issuer(ISSUER).audience(AUDIENCE)
          .revocations(gatewayRevocations).build();
      try (ForwardAuthServer gateway = ForwardAuthServer.builder(gatewayVerifier)
          .listen(new InetSocketAddress("127.0.0.1", 0)).threads(2).build().start()) {
        Gateway g = new Gateway(gateway, gatewayVerifier);

        // 2. Login.
        SessionGrant login = sessions.start(NewSession.forSubject("alice").withRoles("user"));
        String token = login.token().token();
        String setCookie = cookie.setCookie(login.token());
        check(setCookie.startsWith(cookie.name() + "=" + token + ";"), "a Set-Cookie header carrying the token");
        say("login", "alice signed in: new session " + shortId(login.session().sessionId()) + ", a "
            + token.length() + "-character token goes in the cookie " + cookie.name());

        // 3. Gateway.
        say("gateway", "checked that cookie: " + g.expectOk(token, "alice"));

        // 4. Renew.
        IssuedToken renewed = sessions.renew(login.session(), s -> s);
        check(renewed.session().sessionId().equals(login.session().sessionId()), "renewal kept the session id");
        say("renew", "token renewed: same session, new token, expires in "
            + minutesFromNow(renewed.session()) + " min (never past the 12 h limit)");

        // 5. Elevate.
        SessionGrant admin = sessions.elevate(renewed.session(), s -> s.withRoles("admin", "user"));
        gatewayRevocations.refresh();
        say("elevate", "alice became admin: new session " + shortId(admin.session().sessionId())
            + ", the old session is revoked");
        say("gateway", "old token: " + g.expectRejected(renewed.token(), Rejection.REVOKED)
            + "; new token: " + g.expectOk(admin.token().token(), "alice"));

        // 6. Revoke.
        loginRevocations.revoke(Revocation.session(admin.session().sessionId(), admin.session().hardExpiresAt().plusSeconds(60)));
        gatewayRevocations.refresh();
        say("revoke", "an operator revoked session " + shortId(admin.session().sessionId())
            + " (signet revoke --sid): gateway says " + g.expectRejected(admin.token().token(), Rejection.REVOKED));

        // 7. Rotate keys.
        SessionGrant again = sessions.start(NewSession.forSubject("alice").withRoles("user"));
        String before = again.token().token();
        String oldKid = kid(before);
        Rotation.Result rotated = Rotation.with(RotationPolicy.defaults()).forced().applyTo(keysFile);
        loginKeys.set(rotated.keyset());
        verifierFile.save(rotated.keyset().verifierOnly());
        gatewayKeys.reloadNow();
        check(rotated.changed(), "the rotation changed the keyset");
        say("login", "alice signed in again: token made with key " + shortId(oldKid));
        say("rotate", "keys rotated, gateway reloaded them: the token from the retired key " + shortId(oldKid)
            + " still passes: " + g.expectOk(before, "alice"));
        IssuedToken fresh = sessions.renew(again.session(), s -> s);
        String newKid = kid(fresh.token());
        check(!newKid.equals(oldKid), "the renewed token uses the new key");
        say("mint", "the next token is made with the new key " + shortId(newKid) + ": " + g.expectOk(fresh.token(), "alice"));

        // 8. Logout.
        sessions.end(fresh.session());
        gatewayRevocations.refresh();
        check(cookie.clearing().contains("Max-Age=0"), "a clearing Set-Cookie header");
        say("logout", "alice signed out: session ended, cookie cleared; gateway says "
            + g.expectRejected(fresh.token(), Rejection.REVOKED));
      }
    }
  }

  private void say(String what, String line) {
    step++;
    out.printf("%2d. %-8s %s%n", step, what, line);
    out.flush();
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw CliException.config("demo failed: expected " + what);
    }
  }

  private static long minutesFromNow(Session s) {
    return Math.round((s.expiresAt().toEpochMilli() - System.currentTimeMillis()) / 60_000.0);
  }

  private static String shortId(String id) {
    int n = id.startsWith("enc-") || id.startsWith("sig-") ? 12 : 8;
    return id.length() <= n ? id : id.substring(0, n) + "...";
  }

  /** The {@code kid} of a token's outer header (the encryption key of a sealed token). */
  private static String kid(String token) {
    String header = new String(Base64Url.decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
    int i = header.indexOf("\"kid\":\"");
    return header.substring(i + 7, header.indexOf('"', i + 7));
  }

  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** The forward-auth server asked over HTTP, as nginx would ask it. */
  private static final class Gateway {
    private final ForwardAuthServer server;
    private final TokenVerifier verifier;

    Gateway(ForwardAuthServer server, TokenVerifier verifier) {
      this.server = server;
      this.verifier = verifier;
    }

    private HttpURLConnection ask(String token) throws IOException {
      InetSocketAddress a = server.address();
      HttpURLConnection c = (HttpURLConnection) new URL("http", a.getHostString(), a.getPort(), "/auth").openConnection();
      c.setRequestProperty("Cookie", ForwardAuthServer.DEFAULT_COOKIE_NAME + "=" + token);
      c.getResponseCode();
      return c;
    }

    String expectOk(String token, String subject) throws IOException {
      HttpURLConnection c = ask(token);
      int code = c.getResponseCode();
      String sub = c.getHeaderField("X-Signet-Subject");
      String roles = c.getHeaderField("X-Signet-Roles");
      c.disconnect();
      check(code == 200 && subject.equals(sub), "200 for " + subject + " from the gateway, got " + code);
      return "200, X-Signet-Subject: " + sub + ", roles: " + roles;
    }

    String expectRejected(String token, Rejection reason) throws IOException {
      HttpURLConnection c = ask(token);
      int code = c.getResponseCode();
      c.disconnect();
      Verification v = verifier.verify(token);
      check(code == 401 && v.rejection().orElse(null) == reason, "401 (" + reason + ") from the gateway, got " + code);
      return "401 (" + reason + ")";
    }
  }
}
