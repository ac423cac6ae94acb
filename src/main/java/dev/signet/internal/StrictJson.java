package dev.signet.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Strict JSON for untrusted token headers and claims: UTF-8 only (invalid sequences rejected,
 * never replaced), duplicate member names rejected at every depth, nesting bounded, no trailing
 * data, no comments, no {@code NaN}, no lone UTF-16 surrogates, and an object at the root.
 */
public final class StrictJson {
  /** Why a document was refused; the message never quotes the document. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private final ObjectMapper mapper;

  /** A parser that refuses documents nested deeper than {@code maxDepth}. */
  public StrictJson(int maxDepth) {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxDepth)
                    .maxNumberLength(64)
                    .maxStringLength(1 << 20)
                    .maxDocumentLength(1 << 20)
                    .build())
            .build();
    this.mapper =
        new ObjectMapper(factory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }

  /** Parses a UTF-8 document whose root must be an object. */
  public ObjectNode parseObject(byte[] utf8) throws Invalid {
    return parseObject(utf8, 0, utf8.length);
  }

  /** Parses {@code utf8[off, off+len)}; its root must be an object. */
  public ObjectNode parseObject(byte[] utf8, int off, int len) throws Invalid {
    // One scan classifies the document: printable ASCII (the usual token) is parsed from the
    // bytes as they are, one byte per character, skipping the decoding and the character
    // parser; anything else is decoded strictly first. In ASCII text a lone surrogate can only
    // come from an escape (backslash, u, four hex digits): without a backslash the surrogate
    // walk is skipped too.
    boolean ascii = true;
    boolean escapes = false;
    int first = -1;
    for (int i = off, end = off + len; i < end; i++) {
      byte c = utf8[i];
      if (c < 0 || (c < 0x20 && !isJsonSpace((char) c))) {
        // Not ASCII text, or a control character (NUL bytes are how UTF-16 and UTF-32 look to
        // a byte parser, which would detect and accept them): the strict path decides.
        ascii = false;
        break;
      }
      if (first < 0 && !isJsonSpace((char) c)) {
        first = i;
      }
      escapes |= c == '\\';
    }
    JsonNode node;
    if (ascii) {
      if (first < 0 || utf8[first] != '{') {
        throw new Invalid("not a JSON object");
      }
      node = parse(utf8, off, len, null);
    } else {
      String text = decodeUtf8(utf8, off, len);
      int at = 0;
      while (at < text.length() && isJsonSpace(text.charAt(at))) {
        at++;
      }
      if (at == text.length() || text.charAt(at) != '{') {
        throw new Invalid("not a JSON object");
      }
      node = parse(null, 0, 0, text);
      escapes = true;
    }
    if (!(node instanceof ObjectNode)) {
      throw new Invalid("not a JSON object");
    }
    if (escapes) {
      checkSurrogates(node);
    }
    return (ObjectNode) node;
  }

  /** Parses ASCII {@code bytes[off, off+len)}, or {@code text} when {@code bytes} is null. */
  private JsonNode parse(byte[] bytes, int off, int len, String text) throws Invalid {
    try (JsonParser p = bytes != null ? mapper.createParser(bytes, off, len) : mapper.createParser(text)) {
      JsonNode node = mapper.readTree(p);
      if (p.nextToken() != null) {
        throw new Invalid("trailing data after JSON");
      }
      return node;
    } catch (Invalid e) {
      throw e;
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw new Invalid("JSON too deep or too large");
    } catch (java.io.IOException | RuntimeException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("Duplicate field") || m.contains("duplicate")) {
        throw new Invalid("duplicate member name");
      }
      throw new Invalid("not strict JSON");
    } catch (StackOverflowError e) {
      throw new Invalid("JSON too deep");
    }
  }

  private static boolean isJsonSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static String decodeUtf8(byte[] b, int off, int len) throws Invalid {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(b, off, len));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new Invalid("invalid UTF-8");
    }
  }

  private static void checkSurrogates(JsonNode node) throws Invalid {
    if (node.isTextual()) {
      checkText(node.textValue());
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        checkText(f.getKey());
        checkSurrogates(f.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        checkSurrogates(child);
      }
    }
  }

  private static void checkText(String s) throws Invalid {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new Invalid("lone surrogate in JSON string");
      }
      if (Character.isLowSurrogate(c)) {
        throw new Invalid("lone surrogate in JSON string");
      }
    }
  }
}
