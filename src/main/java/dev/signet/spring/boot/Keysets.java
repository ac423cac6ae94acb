package dev.signet.spring.boot;

import dev.signet.keys.KeysetFile;
import dev.signet.keys.KeysetFileException;
import dev.signet.keys.Passphrase;
import java.nio.file.Path;

/** The keyset file of {@code signet.keyset} with its passphrase and permission options. */
final class Keysets {
  private Keysets() {}

  static KeysetFile file(SignetProperties p) throws KeysetFileException {
    return file(p.getKeyset(), p.getPassphraseEnv(), p.getPassphraseFile(), p.isAllowInsecurePermissions());
  }

  static KeysetFile file(String keyset, String passphraseEnv, String passphraseFile, boolean insecure)
      throws KeysetFileException {
    if (keyset == null || keyset.isBlank()) {
      throw new IllegalStateException("signet.keyset is required");
    }
    if (keyset.contains("://")) {
      throw new IllegalStateException("signet.keyset must be a keyset file path");
    }
    if (passphraseEnv != null && passphraseFile != null) {
      throw new IllegalStateException("give either signet.passphrase-env or signet.passphrase-file, not both");
    }
    KeysetFile f = KeysetFile.at(Path.of(keyset));
    if (passphraseEnv != null) {
      f = f.withPassphrase(Passphrase.fromEnvironment(passphraseEnv));
    } else if (passphraseFile != null) {
      f = f.withPassphrase(Passphrase.fromFile(Path.of(passphraseFile)));
    }
    return insecure ? f.allowInsecurePermissions() : f;
  }
}
