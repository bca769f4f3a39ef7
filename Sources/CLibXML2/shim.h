#ifndef SILKRISK_CLIBXML2_SHIM_H
#define SILKRISK_CLIBXML2_SHIM_H

// libxml/xmlversion.h must come first: Debian builds libxml2 with ICU, and the ICU types it would
// pull in clash with Foundation's own copy on a clean build ("'UErrorCode' has different
// definitions in different modules"). Nothing here needs ICU.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <stdlib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlschemas.h>
#include <libxml/hash.h>
#include <libxml/list.h>
#include <libxml/valid.h>

/// `xmlFree` is a global function-pointer variable, which Swift 6 rejects as shared mutable state.
static inline void silk_xml_free(void *pointer) {
    if (pointer != NULL) {
        xmlFree(pointer);
    }
}

/// An external-entity loader that refuses everything: no file, no network, no catalog.
static inline xmlParserInputPtr silk_refuse_external_entity(const char *url, const char *id,
                                                            xmlParserCtxtPtr context) {
    (void)url;
    (void)id;
    (void)context;
    return NULL;
}

/// Installs the refusing loader. Called once, before any thread parses.
static inline void silk_install_refusing_entity_loader(void) {
    xmlSetExternalEntityLoader(silk_refuse_external_entity);
}

/// The line of the parser's current input, for callbacks that receive only the context.
static inline int silk_parser_current_line(xmlParserCtxtPtr context) {
    if (context == NULL || context->input == NULL) {
        return 0;
    }
    return context->input->line;
}

/// The column of the parser's current input.
static inline int silk_parser_current_column(xmlParserCtxtPtr context) {
    if (context == NULL || context->input == NULL) {
        return 0;
    }
    return context->input->col;
}

/// Called for each IDREF attribute that names no ID: the id, and the attribute.
typedef void (*silk_unresolved_reference)(void *user, const xmlChar *id, xmlAttrPtr attribute);

struct silk_reference_scan {
    xmlDocPtr document;
    silk_unresolved_reference report;
    void *user;
    const xmlChar *id;
};

static inline int silk_report_reference(const void *data, void *user) {
    const xmlRef *reference = (const xmlRef *)data;
    struct silk_reference_scan *scan = (struct silk_reference_scan *)user;
    scan->report(scan->user, scan->id, reference->attr);
    return 1;
}

/// Whether an ID belongs to the `id` attribute of a `<source>` in `<evidence>` (no namespaces):
/// libxml2 also records every `xml:id` as an ID, and `<extensions>` may carry any.
static inline int silk_is_source_id(xmlDocPtr document, xmlAttrPtr attribute) {
    // libxml2 returns the document itself for an ID recorded without its attribute.
    if (attribute == NULL || (void *)attribute == (void *)document || attribute->type != XML_ATTRIBUTE_NODE) {
        return 0;
    }
    if (attribute->ns != NULL || !xmlStrEqual(attribute->name, BAD_CAST "id")) {
        return 0;
    }
    xmlNodePtr source = attribute->parent;
    if (source == NULL || source->type != XML_ELEMENT_NODE || source->ns != NULL || !xmlStrEqual(source->name, BAD_CAST "source")) {
        return 0;
    }
    xmlNodePtr evidence = source->parent;
    return evidence != NULL && evidence->type == XML_ELEMENT_NODE && evidence->ns == NULL &&
           xmlStrEqual(evidence->name, BAD_CAST "evidence");
}

static inline void silk_check_reference(void *payload, void *data, const xmlChar *id) {
    struct silk_reference_scan *scan = (struct silk_reference_scan *)data;
    if (silk_is_source_id(scan->document, xmlGetID(scan->document, id))) {
        return;
    }
    scan->id = id;
    xmlListWalk((xmlListPtr)payload, silk_report_reference, scan);
}

/// Reports every IDREF value recorded in the document that is no ID of the document. libxml2's
/// XML Schema validation records IDREFs as it meets them but, unlike DTD validation, never
/// checks that they resolve.
static inline void silk_unresolved_references(xmlDocPtr document, silk_unresolved_reference report, void *user) {
    if (document == NULL || document->refs == NULL) {
        return;
    }
    struct silk_reference_scan scan = {document, report, user, NULL};
    xmlHashScan((xmlHashTablePtr)document->refs, silk_check_reference, &scan);
}

#endif
