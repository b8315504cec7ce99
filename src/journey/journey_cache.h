/*
 * journey_cache.h
 *		Backend-local cache of the journey catalog (cx_journey, cx_journey_stage,
 *		cx_journey_stage_alias) and the ICU label matching built on it.
 *
 * The whole catalog is loaded on first use into a memory context under
 * CacheMemoryContext.  A statement trigger on the catalog tables sends a
 * relcache invalidation for the changed table; the relcache callback
 * registered in _PG_init marks the cache stale, and the next entry point
 * (journey_cache_get) reloads it.  Pointers returned by the lookup functions
 * are valid until the next call of journey_cache_get(), so entry points
 * fetch what they need and never keep pointers across calls.
 */
#ifndef CX_JOURNEY_CACHE_H
#define CX_JOURNEY_CACHE_H

#include "utils/hsearch.h"

#include "journey/journey_stage.h"

/* One stage of a journey. */
typedef struct JourneyStageInfo
{
	int64		position;
	char	   *label;
	bool		retired;
	bool		optional;		/* journey_funnel may pass over it */
} JourneyStageInfo;

/* One alias of a stage (label in another language, abbreviation, ...). */
typedef struct JourneyAliasInfo
{
	int			stage;			/* index into JourneyInfo.stages */
	char	   *alias;
	char	   *locale;
} JourneyAliasInfo;

/* One ICU match key: a label or alias folded and keyed under a locale. */
typedef struct JourneyMatchKey
{
	int			stage;			/* index into JourneyInfo.stages */
	int			locale;			/* index into JourneyInfo.locales */
	uint32		hash;			/* hash of the key bytes */
	int			len;
	uint8	   *key;
} JourneyMatchKey;

typedef struct JourneyInfo
{
	int32		id;
	char	   *name;
	char	   *locale;
	int			nstages;
	JourneyStageInfo *stages;	/* ascending position */
	int			naliases;
	JourneyAliasInfo *aliases;
	/* matching data, built on first label lookup (journey_icu.c) */
	bool		keys_built;
	int			nlocales;		/* locales[0] is the journey's locale */
	char	  **locales;
	int			nkeys;
	JourneyMatchKey *keys;		/* sorted by (locale, hash) */
	HTAB	   *memo;			/* exact input text -> stage index */
} JourneyInfo;

typedef struct JourneyCache
{
	uint64		generation;		/* incremented by every load */
	int			njourneys;
	JourneyInfo **journeys;		/* ascending id */
	MemoryContext cxt;
} JourneyCache;

/* Result of matching a label against a journey. */
typedef enum JourneyMatch
{
	JM_FOUND,
	JM_UNKNOWN,
	JM_AMBIGUOUS
} JourneyMatch;

/* cx_metrics.journey_stage_output: how text output spells a stage. */
typedef enum JourneyOutputMode
{
	JOURNEY_OUTPUT_AUTO,		/* portable for pg_dump, label otherwise */
	JOURNEY_OUTPUT_LABEL,		/* journey:Label */
	JOURNEY_OUTPUT_PORTABLE		/* journey#id.position:Label */
} JourneyOutputMode;

extern int	journey_stage_output;
extern bool journey_output_portable(void);

extern JourneyCache *journey_cache_get(void);
extern JourneyCache *journey_cache_refresh_on_miss(void);
extern JourneyInfo *journey_cache_find_id(JourneyCache *cache, int32 id);
extern JourneyInfo *journey_cache_find_name(JourneyCache *cache, const char *name);
extern int	journey_find_position(const JourneyInfo *j, int64 position);
extern Oid	journey_catalog_relid(int which);

/* journey_icu.c */
extern JourneyMatch journey_match_label(JourneyCache *cache, JourneyInfo *j,
										const char *label, int len,
										int *stage, int *other);
extern char *journey_canonical_locale_cstr(const char *locale);
extern char *journey_valid_labels(const JourneyInfo *j);

#endif							/* CX_JOURNEY_CACHE_H */
