// Prints an issue described line by line (itextgen.py writes the description) with iText 5,
// the PDF library of many Java report writers (JasperReports, government portals' exports).
//
// Usage: java -cp itext5.jar:. ItextIssue description.txt out.pdf
// The description: "key=value" settings, a blank line, then one block a line as
// "kind<TAB>text" (kinds below). In a paragraph, "[^n]" is note n's raised marker.
import com.itextpdf.text.*;
import com.itextpdf.text.pdf.*;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.regex.*;

public class ItextIssue {
    static Map<String, String> settings = new HashMap<>();

    static float number(String key) {
        return Float.parseFloat(settings.get(key));
    }

    public static void main(String[] args) throws Exception {
        java.util.List<String> lines = Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8);
        int k = 0;
        for (; k < lines.size() && !lines.get(k).isEmpty(); k++) {
            String[] pair = lines.get(k).split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        Rectangle size = settings.get("page").equals("A4") ? PageSize.A4 : PageSize.LETTER;
        float margin = number("margin");
        Document doc = new Document(size, margin, margin, margin + 14, margin + 14);
        PdfWriter writer = PdfWriter.getInstance(doc, new FileOutputStream(args[1]));
        BaseFont base = BaseFont.createFont(settings.get("font"), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
        BaseFont heavy = settings.get("bold").equals("simulated")
            ? base
            : BaseFont.createFont(settings.get("boldfont"), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
        writer.setPageEvent(new Furniture(base));
        doc.open();
        float body = number("body");
        Font text = new Font(base, body);
        Font bold = new Font(heavy, body, heavy == base ? Font.BOLD : Font.NORMAL);
        for (k++; k < lines.size(); k++) {
            String[] block = lines.get(k).split("\t", 2);
            String content = block.length > 1 ? block[1] : "";
            switch (block[0]) {
                case "masthead" -> doc.add(spaced(new Paragraph(content, sized(bold, 26)), 0, 4));
                case "issueline" -> doc.add(spaced(new Paragraph(content, text), 0, 12));
                case "section" -> doc.add(heading(content, sized(bold, number("section")), 14));
                case "title" -> doc.add(heading(content, sized(bold, number("title")), 10));
                case "para" -> doc.add(paragraph(content, text, body));
                case "rule" -> doc.add(new Chunk(new com.itextpdf.text.pdf.draw.LineSeparator(
                    0.5f, 35, BaseColor.BLACK, Element.ALIGN_LEFT, -2)));
                case "note" -> doc.add(spaced(new Paragraph(content, sized(text, number("note"))), 0, 1));
                case "right" -> {
                    Paragraph p = new Paragraph(content, text);
                    p.setAlignment(Element.ALIGN_RIGHT);
                    doc.add(p);
                }
                case "left" -> doc.add(new Paragraph(content, text));
                default -> throw new IllegalArgumentException("unknown block " + block[0]);
            }
        }
        doc.close();
    }

    static Font sized(Font font, float size) {
        Font copy = new Font(font);
        copy.setSize(size);
        return copy;
    }

    static Paragraph spaced(Paragraph p, float before, float after) {
        p.setSpacingBefore(before);
        p.setSpacingAfter(after);
        return p;
    }

    static Paragraph heading(String content, Font font, float before) {
        Paragraph p = spaced(new Paragraph(content, font), before, 6);
        p.setKeepTogether(true);
        float width = number("titlewidth");
        p.setIndentationRight((100 - width) / 100 * 400);
        return p;
    }

    static Paragraph paragraph(String content, Font font, float body) {
        Paragraph p = new Paragraph();
        p.setLeading(body * number("leading"));
        p.setFirstLineIndent(2 * body);
        p.setAlignment(settings.get("justify").equals("yes") ? Element.ALIGN_JUSTIFIED : Element.ALIGN_LEFT);
        p.setSpacingAfter(2);
        Matcher m = Pattern.compile("\\[\\^(\\d+)\\]").matcher(content);
        int at = 0;
        Font small = sized(font, body * 0.6f);
        while (m.find()) {
            p.add(new Chunk(content.substring(at, m.start()), font));
            Chunk marker = new Chunk(m.group(1), small);
            marker.setTextRise(body * 0.4f);
            p.add(marker);
            at = m.end();
        }
        p.add(new Chunk(content.substring(at), font));
        return p;
    }

    // The header (from the second page), page number and watermark every page prints.
    static class Furniture extends PdfPageEventHelper {
        final BaseFont font;

        Furniture(BaseFont font) {
            this.font = font;
        }

        @Override
        public void onEndPage(PdfWriter writer, Document doc) {
            PdfContentByte over = writer.getDirectContent();
            Rectangle page = doc.getPageSize();
            int n = writer.getPageNumber();
            if (n > 1 && !settings.get("header").isEmpty()) {
                ColumnText.showTextAligned(over, Element.ALIGN_LEFT,
                    new Phrase(settings.get("header"), new Font(font, 8)),
                    doc.left(), page.getTop() - doc.topMargin() + 10, 0);
            }
            String footer = settings.get("footer").replace("{n}", Integer.toString(n));
            ColumnText.showTextAligned(over, Element.ALIGN_CENTER, new Phrase(footer, new Font(font, 8)),
                (doc.left() + doc.right()) / 2, doc.bottomMargin() - 20, 0);
            if (settings.get("watermark").equals("yes")) {
                PdfContentByte under = writer.getDirectContentUnder();
                ColumnText.showTextAligned(under, Element.ALIGN_CENTER,
                    new Phrase("内部资料", new Font(font, 54, Font.NORMAL, new BaseColor(220, 220, 220))),
                    page.getWidth() / 2, page.getHeight() / 2, 35);
            }
        }
    }
}
