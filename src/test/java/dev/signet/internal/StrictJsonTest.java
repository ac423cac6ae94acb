package dev.signet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The strict rules hold alike on both of the parser's paths: pure-ASCII documents (parsed from
 * their bytes) and documents with other characters (decoded strictly first). Each refused case
 * is tried as written (ASCII) and with a non-ASCII member added, so it takes the other path.
 */
class StrictJsonTest {
  private static final StrictJson STRICT = new StrictJson(4);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The same document with a leading member holding a non-ASCII character. */
  private static byte[] nonAscii(String doc) {
    int brace = doc.indexOf('{');
    String rest = doc.substring(brace + 1).trim();
    String extra = "\"zz\":\"\u00e9\"" + (rest.startsWith("}") ? "" : ",");
    return utf8(doc.substring(0, brace + 1) + extra + doc.substring(brace + 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\":1,\"a\":2}",
      "{\"a\":{\"b\":1,\"b\":1}}",
      "{\"a\":1} x",
      "{\"a\":1}{}",
      "{\"a\":\"\\ud800\"}",
      "{\"a\":\"\\udc00x\"}",
      "{\"\\ud800\":1}",
      "{\"a\":[\"\\ud83d\"]}",
      "{\"a\":NaN}",
      "{\"a\":1,}",
      "{'a':1}",
      "{\"a\":1 /* c */}",
      "{\"a\":[[[[[1]]]]]}",
      "{\"a\":\"tab\there\"}",
      "{\"a\":01}",
  })
  void documentBreakingARule_isRefusedOnBothPaths(String doc) {
    assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(utf8(doc)), "ASCII: " + doc);
    assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(nonAscii(doc)), "non-ASCII: " + doc);
  }

  /** An object of {@code n} distinct members, then {@code last} as one more member name. */
  private static String manyMembers(int n, String last) {
    StringBuilder doc = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      doc.append("\"m").append(i).append("\":").append(i).append(',');
    }
    return doc.append('"').append(last).append("\":true}").toString();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 15, 16, 31, 32, 33, 1000})
  void duplicateNameAmongManyMembers_isRefusedAtTheRootAndNested(int n) throws StrictJson.Invalid {
    for (String doc : new String[] {manyMembers(n, "m0"), manyMembers(n, "m" + (n - 1))}) {
      StrictJson.Invalid e = assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(utf8(doc)));
      assertEquals("duplicate member name", e.getMessage());
      assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(utf8("{\"o\":" + doc + "}")));
    }
    assertEquals(n + 1, STRICT.parseObject(utf8(manyMembers(n, "other"))).size());
  }

  @Test
  void namesWithTheSameHashCode_areDistinct() throws StrictJson.Invalid {
    // "Aa" and "BB" share a String hash code, so they meet in the duplicate filter.
    assertEquals("Aa".hashCode(), "BB".hashCode());
    assertEquals(2, STRICT.parseObject(utf8("{\"Aa\":1,\"BB\":2}")).size());
    assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(utf8("{\"Aa\":1,\"BB\":2,\"Aa\":3}")));
  }

  @Test
  void nameSpelledWithAnEscape_isADuplicateOfItsPlainSpelling() {
    assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(utf8("{\"a\":1,\"\\u0061\":2}")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1]", "\"a\"", "1", "null", "", "   "})
  void rootThatIsNotAnObject_isRefused(String doc) {
    StrictJson.Invalid e = assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(utf8(doc)));
    assertEquals("not a JSON object", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\":\"\\ud83d\\ude00\"}",
      " \r\n\t{\"a\":[1,2,{\"b\":null}],\"c\":true} \n",
      "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\"}",
      "{}",
  })
  void strictDocument_parsesTheSameOnBothPaths(String doc) throws StrictJson.Invalid {
    ObjectNode ascii = STRICT.parseObject(utf8(doc));
    ObjectNode other = STRICT.parseObject(nonAscii(doc));
    other.remove("zz");
    assertEquals(ascii, other);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"i\":1,\"l\":1764669540123,\"b\":123456789012345678901234567890,\"n\":-0,\"f\":1.5,"
          + "\"e\":1e999,\"t\":true,\"x\":false,\"z\":null,\"s\":\"\\ud83d\\ude00\","
          + "\"a\":[1,[2,{\"k\":\"v\"}],\"w\"],\"o\":{\"p\":{\"q\":[]}}}",
      "{\"s\":\"\u00e9t\u00e9\",\"a\":[\"\u00fc\"]}",
      "{}",
  })
  void membersReadOneByOne_equalJacksonsOwnTree(String doc) throws Exception {
    com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(utf8(doc));
    assertEquals(tree, STRICT.parseObject(utf8(doc)));
    ObjectNode streamed = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    try (StrictJson.Members m = STRICT.members(utf8(doc), 0, utf8(doc).length)) {
      for (String name = m.next(); name != null; name = m.next()) {
        streamed.set(name, m.value());
      }
    }
    assertEquals(tree, streamed);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\":1,\"a\":2}",
      "{\"a\":{\"b\":1,\"b\":1}}",
      "{\"a\":1} x",
      "{\"a\":\"\\ud800\"}",
      "{\"\\udc00\":1}",
      "{\"a\":[[[[[1]]]]]}",
      "{\"a\":NaN}",
      "[1]",
  })
  void membersOfADocumentBreakingARule_areRefusedBeforeTheEnd(String doc) {
    assertThrows(StrictJson.Invalid.class, () -> {
      try (StrictJson.Members m = STRICT.members(utf8(doc), 0, utf8(doc).length)) {
        for (String name = m.next(); name != null; name = m.next()) {
          // next() reads each value it was not asked for
        }
      }
    }, doc);
  }

  @Test
  void invalidUtf8_isRefused() {
    byte[] doc = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
    StrictJson.Invalid e = assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(doc));
    assertEquals("invalid UTF-8", e.getMessage());
  }

  @Test
  void encodedSurrogateInUtf8_isRefused() {
    byte[] doc = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
    assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(doc));
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"})
  void documentInAnotherUnicodeEncoding_isRefused(String charset) {
    byte[] doc = "{\"a\":1}".getBytes(java.nio.charset.Charset.forName(charset));
    assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(doc));
  }

  @Test
  void controlCharacterOutsideAString_isRefused() {
    assertThrows(StrictJson.Invalid.class, () -> STRICT.parseObject(new byte[] {'{', 0, '}'}));
  }

  @Test
  void rangeOfALargerArray_isParsedAlone() throws StrictJson.Invalid {
    byte[] doc = utf8("xx{\"a\":1}yy");
    assertEquals(1, STRICT.parseObject(doc, 2, doc.length - 4).get("a").intValue());
  }
}
