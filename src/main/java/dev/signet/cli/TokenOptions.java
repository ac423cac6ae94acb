package dev.signet.cli;

import dev.signet.TokenProfile;
import dev.signet.keys.KeyPurpose;
import dev.signet.keys.Keyset;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Issuer, audience and profile: what {@code issue} writes and {@code verify}/{@code serve} require. */
final class TokenOptions {
  /** The issuer the CLI writes and expects unless told otherwise. */
  static final String DEFAULT_ISSUER = "signet";
  /** The audience the CLI writes and expects unless told otherwise. */
  static final String DEFAULT_AUDIENCE = "signet";

  @Option(names = "--iss", paramLabel = "ISSUER", defaultValue = DEFAULT_ISSUER,
      description = "Issuer (iss) written into tokens / required of them (default: ${DEFAULT-VALUE}).")
  String issuer;

  @Option(names = "--aud", paramLabel = "AUDIENCE", defaultValue = DEFAULT_AUDIENCE,
      description = "Audience (aud) written into tokens / required of them (default: ${DEFAULT-VALUE}).")
  String audience;

  @Option(names = "--profile", paramLabel = "P",
      description = "Token profile: signed-and-sealed, sealed or signed (default: what the keyset's keys are for).")
  String profile;

  /** The profile given, or the one the keyset's keys serve: signing and encryption keys mean signed-and-sealed. */
  TokenProfile profile(CommandSpec spec, Keyset keys) {
    if (profile != null) {
      return KeysCommand.profile(spec, profile);
    }
    boolean signs = keys.active(KeyPurpose.SIGNING).isPresent();
    boolean encrypts = keys.active(KeyPurpose.ENCRYPTION).isPresent();
    return signs && encrypts ? TokenProfile.SIGNED_AND_SEALED : signs ? TokenProfile.SIGNED : TokenProfile.SEALED;
  }
}
