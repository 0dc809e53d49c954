// Prints an issue's blocks (tests/pdfmakegen.py writes them) with pdfmake, the PDF library of
// many web applications' "export to PDF": its own layout over PDFKit, each word a text object
// of its own, ligatures on unless the layout turns them off.
// usage: node tests/pdfmake_print.js blocks.json layout.json out.pdf
"use strict";

const fs = require("fs");
const pdfmake = require("pdfmake");

const [, , blocksPath, layoutPath, out] = process.argv;
const blocks = JSON.parse(fs.readFileSync(blocksPath, "utf8"));
const L = JSON.parse(fs.readFileSync(layoutPath, "utf8"));

pdfmake.addFonts({ cjk: { normal: L.face, bold: L.bold, italics: L.face, bolditalics: L.bold } });
pdfmake.setUrlAccessPolicy(() => false);

function inline(segments) {
  return segments.map((s) =>
    s.sup === undefined ? { text: s.t } : { text: s.sup, sup: true, fontSize: L.body * 0.6 },
  );
}

function block(b) {
  switch (b.k) {
    case "masthead":
      return [{ text: b.t, fontSize: 26, bold: true }];
    case "dateline":
      return [{ text: b.t, margin: [0, 2, 0, 6] }];
    case "section":
      return [{ text: b.t, fontSize: L.section, bold: true, margin: [0, L.body, 0, 4] }];
    case "title":
      return [{ text: b.t, fontSize: L.title, bold: true, margin: [0, L.body * 0.8, 0, 4] }];
    case "caption":
      return [{ text: inline(b.s), fontSize: L.note, alignment: "center", margin: [0, 3, 0, 6] }];
    case "para":
      return [{ text: inline(b.s), alignment: L.align, leadingIndent: 2 * L.body }];
    case "author":
      return [{ text: b.t, alignment: "right" }];
    case "notes":
      return b.entries.map((e) => ({ text: `[${e.n}] ${e.t}`, fontSize: L.note }));
    default:
      return [{ text: b.t }];
  }
}

const document = {
  pageSize: "A4",
  pageMargins: [L.margin, L.margin, L.margin, L.margin],
  defaultStyle: {
    font: "cjk",
    fontSize: L.body,
    lineHeight: L.leading / 1.2,
    ...(L.ligatures ? {} : { fontFeatures: ["kern"] }),
  },
  content: blocks.flatMap(block),
  footer: (page) => ({ text: `- ${page} -`, alignment: "center", fontSize: 8 }),
};
pdfmake
  .createPdf(document)
  .write(out)
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
