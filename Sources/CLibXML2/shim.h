#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its ICU headers clash with the ICU inside Foundation. Doppel
// never touches libxml2's encoding-handler internals (the only place ICU types appear), so the
// ICU part of the headers is left out. Node and document layouts do not depend on it.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

/// Swift 6 cannot call the global `xmlFree` function pointer directly.
static inline void doppel_xmlFree(void *pointer) { xmlFree(pointer); }
