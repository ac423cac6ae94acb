package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * README's "Use Signet in your build" lists every dependency Signet's pom gives its users, with
 * the version the build uses, required ones and optional ones apart; a dependency added to the
 * pom without a line in the README fails here.
 */
class ReadmeDependenciesTest {
  private static final String SECTION = "## Use Signet in your build";
  private static final String OPTIONAL_MARKER = "**Optional dependencies.**";

  /** A dependency of the library as its pom declares it. */
  private record Dependency(String coordinates, String version, boolean optional) {}

  @Test
  void everyLibraryDependency_isListedWithItsVersion_inTheRightTable() throws Exception {
    String section = section();
    int optionalStart = section.indexOf(OPTIONAL_MARKER);
    assertTrue(optionalStart > 0, "the section has an optional-dependencies table after " + OPTIONAL_MARKER);
    List<String> failures = new ArrayList<>();
    for (Dependency d : pomDependencies()) {
      String row = row(section, d.coordinates());
      if (row == null) {
        failures.add(d.coordinates() + " " + d.version() + " is not listed");
        continue;
      }
      if (!Pattern.compile("(^|[ |(])" + Pattern.quote(d.version()) + "([ |,)]|$)").matcher(row).find()) {
        failures.add(d.coordinates() + ": the README's row does not say the version " + d.version() + ": " + row);
      }
      boolean listedOptional = section.indexOf(row) > optionalStart;
      if (listedOptional != d.optional()) {
        failures.add(d.coordinates() + (d.optional() ? " is optional" : " is required")
            + " but is listed among the " + (listedOptional ? "optional" : "required") + " ones");
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void quickStartDependency_isThisProjectsCoordinates() throws Exception {
    Element project = pom().getDocumentElement();
    String xml = ReadmeBlocks.only("## Java quick start", "xml");
    assertTrue(xml.contains("<groupId>" + child(project, "groupId") + "</groupId>"), xml);
    assertTrue(xml.contains("<artifactId>" + child(project, "artifactId") + "</artifactId>"), xml);
    assertTrue(xml.contains("<version>" + child(project, "version") + "</version>"), xml);
  }

  private static String section() throws Exception {
    String readme = Files.readString(ReadmeBlocks.readme(), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n" + SECTION + "\n");
    assertTrue(start >= 0, "README.md has no '" + SECTION + "'");
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The table row naming {@code `group:artifact`}; null when none does. */
  private static String row(String section, String coordinates) {
    for (String line : section.split("\n")) {
      if (line.startsWith("|") && line.contains("`" + coordinates + "`")) {
        return line;
      }
    }
    return null;
  }

  private static Document pom() throws Exception {
    Path pom = ReadmeBlocks.readme().resolveSibling("pom.xml");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(pom.toFile());
  }

  /** The project's own dependencies (not its tests', not a profile's), versions resolved. */
  private static List<Dependency> pomDependencies() throws Exception {
    Element project = pom().getDocumentElement();
    Map<String, String> properties = new HashMap<>();
    Element props = firstChild(project, "properties");
    for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element) {
        properties.put(n.getNodeName(), n.getTextContent().strip());
      }
    }
    List<Dependency> all = new ArrayList<>();
    Element deps = firstChild(project, "dependencies");
    for (Node n = deps.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element) || !n.getNodeName().equals("dependency")) {
        continue;
      }
      Element d = (Element) n;
      String scope = child(d, "scope");
      if ("test".equals(scope)) {
        continue;
      }
      String version = resolve(child(d, "version"), properties);
      all.add(new Dependency(child(d, "groupId") + ":" + child(d, "artifactId"), version,
          "true".equals(child(d, "optional")) || "provided".equals(scope)));
    }
    assertTrue(all.size() >= 4, "read the pom's dependencies: " + all);
    return all;
  }

  private static String resolve(String value, Map<String, String> properties) {
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(properties.getOrDefault(m.group(1), m.group())));
    }
    return m.appendTail(out).toString();
  }

  private static Element firstChild(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && n.getNodeName().equals(name)) {
        return (Element) n;
      }
    }
    throw new AssertionError("pom.xml: no <" + name + "> in <" + parent.getNodeName() + ">");
  }

  private static String child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && n.getNodeName().equals(name)) {
        return n.getTextContent().strip();
      }
    }
    return null;
  }
}
