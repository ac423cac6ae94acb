package dev.signet.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * An application that does not use Spring pulls in no Spring jar: every Spring and Reactor
 * dependency of the library is provided and optional (or test-only), so Maven never passes it on,
 * and the shaded CLI jar (which leaves provided ones out) carries none. Micrometer is optional
 * too, never passed on, but may be at compile scope: {@code signet serve}'s /metrics in the CLI
 * jar needs it.
 */
class SpringDependenciesTest {
  @Test
  void springDependencies_areProvidedAndOptional_micrometerOptional_orTestOnly() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element project = f.newDocumentBuilder().parse(new File("pom.xml")).getDocumentElement();
    List<String> checked = new ArrayList<>();
    for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!"dependencies".equals(n.getNodeName())) {
        continue;
      }
      NodeList deps = ((Element) n).getElementsByTagName("dependency");
      for (int i = 0; i < deps.getLength(); i++) {
        Element d = (Element) deps.item(i);
        String group = text(d, "groupId");
        if (!(group.startsWith("org.springframework") || group.startsWith("io.micrometer")
            || group.startsWith("io.projectreactor"))) {
          continue;
        }
        String id = group + ":" + text(d, "artifactId");
        String scope = text(d, "scope");
        checked.add(id);
        if ("test".equals(scope)) {
          continue;
        }
        assertEquals("true", text(d, "optional"), id);
        if (group.startsWith("io.micrometer")) {
          assertTrue(scope.isEmpty() || "compile".equals(scope) || "provided".equals(scope), id + " scope " + scope);
        } else {
          assertEquals("provided", scope, id);
        }
      }
    }
    assertTrue(checked.size() >= 8, checked::toString);
  }

  private static String text(Element e, String child) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (child.equals(n.getNodeName())) {
        return n.getTextContent().strip();
      }
    }
    return "";
  }
}
