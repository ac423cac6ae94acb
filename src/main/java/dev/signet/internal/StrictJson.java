package dev.signet.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

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

  private final JsonFactory factory;

  /** A parser that refuses documents nested deeper than {@code maxDepth}. */
  public StrictJson(int maxDepth) {
    this.factory =
        JsonFactory.builder()
            // Duplicate names are found here (Names, and ObjectNode.replace for nested objects),
            // without the hash set Jackson's own detection builds for every object.
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxDepth)
                    .maxNumberLength(64)
                    .maxStringLength(1 << 20)
                    .maxDocumentLength(1 << 20)
                    .build())
            .build();
  }

  /** Parses a UTF-8 document whose root must be an object. */
  public ObjectNode parseObject(byte[] utf8) throws Invalid {
    return parseObject(utf8, 0, utf8.length);
  }

  /** Parses {@code utf8[off, off+len)}; its root must be an object. */
  public ObjectNode parseObject(byte[] utf8, int off, int len) throws Invalid {
    ObjectNode root = Members.NODES.objectNode();
    try (Members m = members(utf8, off, len)) {
      for (String name = m.next(); name != null; name = m.next()) {
        root.set(name, m.value());
      }
    }
    return root;
  }

  /**
   * Reads the object {@code utf8[off, off+len)} member by member, without building a tree for
   * the root: the same rules as {@link #parseObject}, checked as the members are read. A
   * document is strict only once {@link Members#next()} has returned null.
   */
  public Members members(byte[] utf8, int off, int len) throws Invalid {
    Source src = source(utf8, off, len);
    JsonParser p = null;
    try {
      p = src.open(factory);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Invalid("not a JSON object");
      }
      return new Members(p, src.escapes);
    } catch (Invalid e) {
      closeQuietly(p);
      throw e;
    } catch (IOException | RuntimeException e) {
      closeQuietly(p);
      throw invalid(e);
    }
  }

  /**
   * The members of one strict JSON object, in document order. Not thread-safe; close it (or
   * read it to the end) to release the parser.
   */
  public static final class Members implements AutoCloseable {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final JsonParser parser;
    private final boolean escapes;
    private final Names names = new Names();
    private boolean valuePending;

    private Members(JsonParser parser, boolean escapes) {
      this.parser = parser;
      this.escapes = escapes;
    }

    /**
     * The next member's name, or null after the last one, once the document is known to end
     * there (no trailing data). A value not read with {@link #value()} is read and checked here.
     */
    public String next() throws Invalid {
      try {
        if (valuePending) {
          value();
        }
        String name = parser.nextFieldName();
        if (name == null) {
          if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new Invalid("not strict JSON");
          }
          if (parser.nextToken() != null) {
            throw new Invalid("trailing data after JSON");
          }
          return null;
        }
        if (escapes) {
          checkText(name);
        }
        if (!names.add(name)) {
          throw new Invalid("duplicate member name");
        }
        valuePending = true;
        return name;
      } catch (Invalid e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw invalid(e);
      }
    }

    /** The current member's value, as the tree {@link #parseObject} would hold for it. */
    public JsonNode value() throws Invalid {
      if (!valuePending) {
        throw new IllegalStateException("no member value to read");
      }
      valuePending = false;
      try {
        return node(parser.nextToken());
      } catch (Invalid e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw invalid(e);
      } catch (StackOverflowError e) {
        throw new Invalid("JSON too deep");
      }
    }

    // Depth is bounded by the parser's nesting limit, so the recursion is too.
    private JsonNode node(JsonToken t) throws IOException, Invalid {
      if (t == null) {
        throw new Invalid("not strict JSON");
      }
      switch (t) {
        case VALUE_STRING:
          String text = parser.getText();
          if (escapes) {
            checkText(text);
          }
          return TextNode.valueOf(text);
        case VALUE_NUMBER_INT:
          switch (parser.getNumberType()) {
            case INT:
              return IntNode.valueOf(parser.getIntValue());
            case LONG:
              return LongNode.valueOf(parser.getLongValue());
            default:
              return BigIntegerNode.valueOf(parser.getBigIntegerValue());
          }
        case VALUE_NUMBER_FLOAT:
          return DoubleNode.valueOf(parser.getDoubleValue());
        case VALUE_TRUE:
          return BooleanNode.TRUE;
        case VALUE_FALSE:
          return BooleanNode.FALSE;
        case VALUE_NULL:
          return NullNode.getInstance();
        case START_ARRAY:
          ArrayNode array = NODES.arrayNode();
          for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
            array.add(node(e));
          }
          return array;
        case START_OBJECT:
          ObjectNode object = NODES.objectNode();
          for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            if (escapes) {
              checkText(name);
            }
            if (object.replace(name, node(parser.nextToken())) != null) {
              throw new Invalid("duplicate member name");
            }
          }
          return object;
        default:
          throw new Invalid("not strict JSON");
      }
    }

    @Override
    public void close() {
      closeQuietly(parser);
    }
  }

  /**
   * The member names of one object seen so far. Names are few and their hash codes cached (the
   * parser hands out one canonical string per name), so a 64-bit filter on the hash answers
   * "new" for most names without a comparison; a name whose bit is taken is compared with the
   * earlier names, and past {@link #LINEAR_LIMIT} names a hash set takes over, so a document
   * with very many members is still checked in linear time.
   */
  private static final class Names {
    private static final int LINEAR_LIMIT = 32;
    private long filter;
    private String[] seen = new String[16];
    private int count;
    private Set<String> many;

    /** Adds {@code name}; false if it was already there. */
    boolean add(String name) {
      if (many != null) {
        return many.add(name);
      }
      long bit = 1L << (name.hashCode() & 63);
      if ((filter & bit) != 0) {
        for (int i = 0; i < count; i++) {
          if (seen[i].equals(name)) {
            return false;
          }
        }
      }
      filter |= bit;
      if (count == LINEAR_LIMIT) {
        many = new HashSet<>(Arrays.asList(seen).subList(0, count));
        return many.add(name);
      }
      if (count == seen.length) {
        seen = Arrays.copyOf(seen, LINEAR_LIMIT);
      }
      seen[count++] = name;
      return true;
    }
  }

  /** A document classified by one scan, ready to be parsed. */
  private static final class Source {
    final byte[] ascii;
    final int off;
    final int len;
    final String text;
    final boolean escapes;

    Source(byte[] ascii, int off, int len, String text, boolean escapes) {
      this.ascii = ascii;
      this.off = off;
      this.len = len;
      this.text = text;
      this.escapes = escapes;
    }

    JsonParser open(JsonFactory factory) throws IOException {
      return ascii != null ? factory.createParser(ascii, off, len) : factory.createParser(text);
    }
  }

  private static Source source(byte[] utf8, int off, int len) throws Invalid {
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
    if (ascii) {
      if (first < 0 || utf8[first] != '{') {
        throw new Invalid("not a JSON object");
      }
      return new Source(utf8, off, len, null, escapes);
    }
    String text = decodeUtf8(utf8, off, len);
    int at = 0;
    while (at < text.length() && isJsonSpace(text.charAt(at))) {
      at++;
    }
    if (at == text.length() || text.charAt(at) != '{') {
      throw new Invalid("not a JSON object");
    }
    return new Source(null, 0, 0, text, true);
  }

  private static Invalid invalid(Exception e) {
    if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
      return new Invalid("JSON too deep or too large");
    }
    return new Invalid("not strict JSON");
  }

  private static void closeQuietly(JsonParser p) {
    if (p != null) {
      try {
        p.close();
      } catch (IOException ignored) {
        // Nothing was written; nothing to lose.
      }
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
