import dev.signet.NewSession;
import dev.signet.TokenIssuer;
import dev.signet.keys.KeysetFile;
import java.nio.file.Path;

/**
 * Prints N tokens for one subject, one a line, from a keyset file with the CLI's default issuer
 * and audience. Run as a single-file program: java -cp target/signet.jar IssueTokens.java FILE N SUBJECT
 */
public class IssueTokens {
  public static void main(String[] args) throws Exception {
    TokenIssuer issuer = TokenIssuer.builder(KeysetFile.at(Path.of(args[0])).load())
        .issuer("signet").audience("signet").idleTimeout(java.time.Duration.ofHours(1)).build();
    int n = Integer.parseInt(args[1]);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(issuer.start(NewSession.forSubject(args[2]).withRoles("user")).token()).append('\n');
    }
    System.out.print(out);
  }
}
