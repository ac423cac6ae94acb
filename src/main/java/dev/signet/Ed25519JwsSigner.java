package dev.signet;

import dev.signet.internal.Base64Url;
import dev.signet.internal.StrictJson;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A nimbus {@link JWSSigner} for Ed25519 on Bouncy Castle's RFC 8032 code, which measures about
 * ten times faster than JDK 17's provider and needs no Tink.
 */
final class Ed25519JwsSigner extends BaseJWSProvider implements JWSSigner {
  private final byte[] seed;
  private final byte[] publicKey;

  Ed25519JwsSigner(byte[] seed, byte[] publicKey) {
    super(Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519));
    this.seed = seed.clone();
    this.publicKey = publicKey.clone();
  }

  @Override
  public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
    if (!supportedJWSAlgorithms().contains(header.getAlgorithm())) {
      throw new JOSEException("unsupported JWS algorithm for Ed25519");
    }
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, signingInput, 0, signingInput.length, sig, 0);
    return Base64URL.encode(sig);
  }
}
