#ifndef SILKRISK_CLIBXML2_SHIM_H
#define SILKRISK_CLIBXML2_SHIM_H

// libxml/xmlversion.h must come first: Debian builds libxml2 with ICU, and the ICU types it would
// pull in clash with Foundation's own copy on a clean build ("'UErrorCode' has different
// definitions in different modules"). Nothing here needs ICU.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

/// Frees memory libxml2 allocated (`xmlFree` is a function-pointer variable, which Swift 6
/// cannot call as shared mutable state).
static inline void silk_xml_free(void *pointer) {
    xmlFree(pointer);
}

/// A parser input holding a copy of `length` bytes (`xmlParserInputBufferCreateMem` copies them in
/// libxml2 2.9), for the external-entity loader: `xmlNewStringInputStream` would keep a pointer
/// to memory the caller frees.
static inline xmlParserInputPtr silk_new_memory_input(xmlParserCtxtPtr context, const char *bytes, int length) {
    xmlParserInputBufferPtr buffer = xmlParserInputBufferCreateMem(bytes, length, XML_CHAR_ENCODING_NONE);
    if (buffer == NULL) {
        return NULL;
    }
    xmlParserInputPtr input = xmlNewIOInputStream(context, buffer, XML_CHAR_ENCODING_NONE);
    if (input == NULL) {
        xmlFreeParserInputBuffer(buffer);
    }
    return input;
}

/// The line of the parser's current input, for callbacks that receive only the context.
static inline int silk_parser_current_line(xmlParserCtxtPtr context) {
    if (context == NULL || context->input == NULL) {
        return 0;
    }
    return context->input->line;
}

/// Gives a document small tables for the xs:ID and xs:IDREF values that schema validation
/// records (`doc->ids`, `doc->refs`), before it is validated. libxml2 makes each with 256
/// buckets, zeroed, and walks every bucket again to free it; a dossier names a handful of
/// sources, and small tables grow when they need to. Measured with callgrind on the
/// benchmark's 1,000 synthetic dossiers: 30 million instructions of 1,250 million (2.4 %)
/// without this. libxml2 2.9.14 has no call that sizes these tables (xmlAddID and xmlAddRef
/// make them at the default size), so this, the one write into a libxml2 structure outside a
/// parser context's SAX handler and user data, is made here rather than from Swift.
static inline void silk_presize_id_tables(xmlDocPtr document) {
    if (document == NULL) {
        return;
    }
    if (document->ids == NULL) {
        document->ids = xmlHashCreateDict(8, document->dict);
    }
    if (document->refs == NULL) {
        document->refs = xmlHashCreateDict(8, document->dict);
    }
}

#endif
