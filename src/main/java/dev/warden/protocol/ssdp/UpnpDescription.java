package dev.warden.protocol.ssdp;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the root device of a UPnP device description (UPnP Device Architecture 2.3) with a parser that cannot be
 * turned against Warden: any DOCTYPE is refused outright, so no entity is ever declared, expanded or fetched (no
 * "billion laughs", no external entities reading files or reaching other hosts), and XInclude is off.
 */
final class UpnpDescription {
    /** UPnP element name and the fact it becomes. */
    private static final Map<String, String> FIELDS = Map.of(
            "friendlyName", "upnp.friendly-name", "manufacturer", "upnp.manufacturer", "modelName", "upnp.model",
            "modelNumber", "upnp.model-number", "deviceType", "upnp.device-type", "serialNumber", "upnp.serial-number");
    private static final int MAX_VALUE = 128;

    /** The facts from a description, or the reason it was refused. */
    record Result(Map<String, String> facts, String error) {}

    private UpnpDescription() {}

    static Result parse(byte[] xml) {
        Document doc;
        try {
            DocumentBuilder b = factory().newDocumentBuilder();
            b.setErrorHandler(QUIET);
            // Never reached while DOCTYPEs are refused; here so that no later change can make the parser fetch anything.
            b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Result(Map.of(), "description refused: " + clip(m));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a hardening feature", e);
        }
        NodeList devices = doc.getElementsByTagNameNS("*", "device");
        if (devices.getLength() == 0) return new Result(Map.of(), "description has no <device> element");
        // The first <device> in document order is the root device; embedded devices are nested inside it.
        var facts = new LinkedHashMap<String, String>();
        for (Node n = devices.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) continue;
            String key = FIELDS.get(e.getLocalName() == null ? e.getTagName() : e.getLocalName());
            if (key == null || facts.containsKey(key)) continue;
            String v = clip(e.getTextContent());
            if (!v.isEmpty()) facts.put(key, v);
        }
        return new Result(facts, null);
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    static String clip(String v) {
        String t = v.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
        return t.length() > MAX_VALUE ? t.substring(0, MAX_VALUE) : t;
    }

    /** The JDK's default handler prints parse errors to stderr; a hostile device must not be able to write there. */
    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };
}
