package dev.signet;

import dev.signet.internal.Base64Url;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The known-answer test an Ed25519 implementation must pass before Signet uses it: RFC 8032
 * §7.1 tests 1 to 3 (signatures byte for byte, each verifies, a changed one does not), and the
 * refusals Signet's verifier promises whatever the implementation: a non-canonical {@code S}
 * ({@code S + L}), a signature that is not 64 bytes, the identity and a point of order 8 as
 * public key (under which {@code R = identity, S = 0} satisfies the unbatched equation for every
 * message), and a small-order {@code R}.
 */
final class Ed25519SelfTest {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 8032 §7.1, TEST 1 to 3: secret seed, public key, message, signature. */
  private static final String[][] RFC8032 = {
    {
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
      "",
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    },
    {
      "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
      "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
      "72",
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
    },
    {
      "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
      "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
      "af82",
      "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
    }
  };

  /** L, the order of the base point, little-endian. */
  private static final byte[] ORDER =
      HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

  /** The identity point's encoding. */
  private static final String IDENTITY = "0100000000000000000000000000000000000000000000000000000000000000";

  /** A point of order 8 (in every list of Ed25519's small-order points, e.g. libsodium's blocklist). */
  private static final String ORDER_8 = "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a";

  private static final String ZERO = "0000000000000000000000000000000000000000000000000000000000000000";

  private Ed25519SelfTest() {}

  /** Null if {@code backend} passes, otherwise what failed (no key material). */
  static String check(Ed25519Backend backend) {
    for (int i = 0; i < RFC8032.length; i++) {
      String[] v = RFC8032[i];
      byte[] seedAndPublic = HEX.parseHex(v[0] + v[1]);
      byte[] msg = HEX.parseHex(v[2]);
      byte[] expected = HEX.parseHex(v[3]);
      Ed25519VerifyKey key = Ed25519VerifyKey.validate(HEX.parseHex(v[1]));
      byte[] sig = new byte[64];
      backend.sign(seedAndPublic, msg, msg.length, sig);
      if (!Arrays.equals(expected, sig)) {
        return "RFC 8032 test " + (i + 1) + ": wrong signature";
      }
      if (!backend.verify(key, expected, msg, msg.length)) {
        return "RFC 8032 test " + (i + 1) + ": valid signature refused";
      }
      byte[] flipped = expected.clone();
      flipped[i * 7] ^= 0x01;
      if (backend.verify(key, flipped, msg, msg.length)) {
        return "RFC 8032 test " + (i + 1) + ": changed signature accepted";
      }
      if (backend.verify(key, Arrays.copyOf(expected, 65), msg, msg.length)) {
        return "RFC 8032 test " + (i + 1) + ": 65-byte signature accepted";
      }
      if (backend.verify(key, plusOrder(expected), msg, msg.length)) {
        return "RFC 8032 test " + (i + 1) + ": non-canonical S (S + L) accepted";
      }
    }
    byte[] msg = {'s', 'i', 'g', 'n', 'e', 't'};
    if (backend.verify(Ed25519VerifyKey.unvalidated(HEX.parseHex(IDENTITY)), HEX.parseHex(IDENTITY + ZERO), msg, msg.length)) {
      return "identity public key accepted";
    }
    if (backend.verify(Ed25519VerifyKey.unvalidated(HEX.parseHex(ORDER_8)), HEX.parseHex(IDENTITY + ZERO), msg, msg.length)) {
      return "public key of order 8 accepted";
    }
    if (backend.verify(Ed25519VerifyKey.unvalidated(HEX.parseHex(IDENTITY)), HEX.parseHex(ORDER_8 + ZERO), msg, msg.length)) {
      return "small-order R accepted";
    }
    return null;
  }

  /** The signature with its scalar S replaced by S + L (the same residue, a second spelling). */
  static byte[] plusOrder(byte[] sig) {
    byte[] out = sig.clone();
    int carry = 0;
    for (int i = 0; i < 32; i++) {
      int sum = (sig[32 + i] & 0xff) + (ORDER[i] & 0xff) + carry;
      out[32 + i] = (byte) sum;
      carry = sum >> 8;
    }
    return out;
  }
}
