// libxml2 is built with ICU on Debian; its encoding header would pull in the system ICU headers, which
// clash with Foundation's own copy. Atalaya never touches xmlCharEncodingHandler's fields (the only
// layout that depends on this macro), so the ICU part of the header is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>
