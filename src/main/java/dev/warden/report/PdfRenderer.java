package dev.warden.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The HTML form laid out as a PDF (openhtmltopdf over PDFBox); no network access, no external resources. */
public final class PdfRenderer {
    static {
        // openhtmltopdf logs every layout step at INFO through java.util.logging; a report command should print none of it.
        com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
    }

    private PdfRenderer() {}

    public static byte[] render(String xhtml) {
        var out = new ByteArrayOutputStream();
        try {
            var b = new PdfRendererBuilder();
            b.useFastMode();
            b.withHtmlContent(xhtml, null);
            b.toStream(out);
            b.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the PDF: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
