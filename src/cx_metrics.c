/*
 * cx_metrics.c
 *		The module's magic block.  Every feature lives in its own directory
 *		under src/ (score, stats, journey, text); see the README for the map.
 */
#include "postgres.h"

#include "fmgr.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "cx_metrics", .version = "0.1.0");
#else
PG_MODULE_MAGIC;
#endif
