/* libxml2's own share of reading an IATI file (not a test): its push parser driven as Atalaya's XMLStream drove
 * it until 7 December (XML_PARSE_NONET | XML_PARSE_NOCDATA, 256 KB chunks, SAX2 with namespaces) with callbacks
 * that only count. What libxml2 alone cost Atalaya's reading thread, the floor under any reader built on it, and
 * the anchor for Atalaya's own parser (XMLScanner), which replaced it. Prints the counts.
 * Usage: libxml2_floor FILE   (bench/run.py compiles it with cc against the system libxml2) */
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

static long elements = 0, texts = 0;

static void start(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int namespaces,
                  const xmlChar **declared, int attributes, int defaulted, const xmlChar **values) {
    elements++;
}

static void end(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {}

static void characters(void *context, const xmlChar *text, int length) { texts++; }

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: libxml2_floor FILE\n");
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (file == NULL) {
        perror(argv[1]);
        return 1;
    }
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = start;
    sax.endElementNs = end;
    sax.characters = characters;
    xmlParserCtxtPtr context = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, argv[1]);
    xmlCtxtUseOptions(context, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    static char chunk[256 * 1024];
    size_t count;
    int status = 0;
    while (status == 0 && (count = fread(chunk, 1, sizeof chunk, file)) > 0) {
        status = xmlParseChunk(context, chunk, (int)count, 0);
    }
    if (status == 0) status = xmlParseChunk(context, NULL, 0, 1);
    int wellFormed = context->wellFormed;
    xmlFreeParserCtxt(context);
    fclose(file);
    if (status != 0 || !wellFormed) {
        fprintf(stderr, "%s: not well-formed\n", argv[1]);
        return 1;
    }
    printf("%ld elements, %ld text runs\n", elements, texts);
    return 0;
}
