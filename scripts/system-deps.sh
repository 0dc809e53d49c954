#!/usr/bin/env bash
# Debian packages the tests need, installed only when missing:
#   fonts-noto-cjk             CJK fonts the PDF tests print their generated issues with
#   libreoffice-writer-nogui   prints one of the test layouts, as an editor's word processor
#   chromium                   the browser the browser tests drive through Playwright
#                              (and one of the PDF producers of the ingest tests)
#   fonts-arphic-uming/-ukai   AR PL fonts: TrueType CJK faces the PDF producers vary over
#   fonts-wqy-zenhei           WenQuanYi Zen Hei, likewise
#   wkhtmltopdf                Qt WebKit's HTML to PDF, the writer of many report generators
#                              (one of the PDF producers of the ingest tests)
#   texlive-xetex              XeLaTeX, a PDF producer of the ingest tests (with the next:
#   texlive-lang-chinese       xeCJK and ctex; together about 480 MB)
#   latex-cjk-chinese(-arphic) pdfLaTeX's CJK package and its Arphic Type 1 fonts (gbsn, gkai),
#                              another PDF producer of the ingest tests
#   lmodern                    Latin Modern, the Latin face of those pdfLaTeX prints (only
#                              recommended by TeX Live's packages, so not always there)
#   libpangoft2-1.0-0          Pango, which WeasyPrint (a PDF producer of the tests) loads
#   tesseract-ocr(-chi-sim)    Tesseract and its Simplified Chinese data: parse --ocr reads scans
#   poppler-utils              pdftoppm and pdfimages: render scanned pages for OCR; pdftotext:
#                              the text-ingest tests read prints as an extractor writes them
#   poppler-data               Adobe character collections' CID-to-Unicode tables: fonts with
#                              no ToUnicode map that name one (ctex's Fandol) read through them
#   img2pdf                    wraps the OCR tests' page images into scanned PDFs
#   ocrmypdf                   not run by briefgen: the OCR tests read a text layer it adds
#   ghostscript                pdfwrite distils the ingest tests' prints again (ps2pdf's and
#                              CUPS-PDF's writer)
#   fop                        Apache FOP, XSL-FO to PDF (DocBook's and Java report writers'
#                              formatter), a PDF producer of the ingest tests
#   libitext5-java             iText 5, many Java report writers' PDF library, and a JDK to
#   default-jdk-headless       compile the tests' small program that prints with it
set -euo pipefail
need=()
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -e /usr/share/fonts/truetype/arphic/uming.ttc ] || need+=(fonts-arphic-uming)
[ -e /usr/share/fonts/truetype/arphic/ukai.ttc ] || need+=(fonts-arphic-ukai)
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
command -v wkhtmltopdf >/dev/null || need+=(wkhtmltopdf)
command -v xelatex >/dev/null || need+=(texlive-xetex)
kpsewhich ctexart.cls >/dev/null 2>&1 || need+=(texlive-lang-chinese)
kpsewhich CJKutf8.sty >/dev/null 2>&1 || need+=(latex-cjk-chinese)
kpsewhich c70gbsn.fd >/dev/null 2>&1 || need+=(latex-cjk-chinese-arphic-gbsn00lp)
kpsewhich c70gkai.fd >/dev/null 2>&1 || need+=(latex-cjk-chinese-arphic-gkai00mp)
kpsewhich lmodern.sty >/dev/null 2>&1 || need+=(lmodern)
ldconfig -p | grep -c libpangoft2-1.0 >/dev/null || need+=(libpangoft2-1.0-0)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
[ -n "$(find /usr/share/tesseract-ocr -name chi_sim.traineddata 2>/dev/null)" ] || need+=(tesseract-ocr-chi-sim)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
[ -e /usr/share/poppler/cidToUnicode/Adobe-GB1 ] || need+=(poppler-data)
command -v img2pdf >/dev/null || need+=(img2pdf)
command -v ocrmypdf >/dev/null || need+=(ocrmypdf)
command -v gs >/dev/null || need+=(ghostscript)
command -v fop >/dev/null || need+=(fop)
[ -e /usr/share/java/itext5.jar ] || need+=(libitext5-java)
command -v javac >/dev/null || need+=(default-jdk-headless)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
