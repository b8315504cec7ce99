/*
 * journey_cache.c
 *		Backend cache of the journey catalog, its invalidation, and the
 *		module's _PG_init.
 *
 * The catalog is three extension-owned tables in the extension's schema:
 *
 *		cx_journey				(journey_id int4, name text, locale text, ...)
 *		cx_journey_stage		(journey_id int4, stage_position int8, label text,
 *								 retired bool, optional bool)
 *		cx_journey_stage_alias	(journey_id int4, stage_position int8, alias text,
 *								 locale text)
 *
 * They are small, so the cache holds all of them: an array of journeys by
 * ascending id, each with its stages by ascending position.  The tables are
 * read with a fresh catalog snapshot (latest committed rows plus the
 * current transaction's own), like system catalogs are.
 *
 * Invalidation (the TimescaleDB pattern): an AFTER ... FOR EACH STATEMENT
 * trigger on each table calls journey_catalog_changed(), which registers a
 * relcache invalidation of that table.  It reaches this backend at the next
 * command boundary and every other backend when the transaction commits
 * (never before), where journey_relcache_callback() marks the cache stale.
 * The next journey_cache_get() rebuilds it; so does a lookup that misses
 * (journey_cache_find_*), once per miss, in case a change arrived without a
 * trigger (e.g. a restore with triggers disabled).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "fmgr.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "journey/journey_cache.h"

PG_FUNCTION_INFO_V1(journey_catalog_changed);

void		_PG_init(void);

int			journey_stage_output = JOURNEY_OUTPUT_AUTO;

static const struct config_enum_entry journey_output_options[] = {
	{"auto", JOURNEY_OUTPUT_AUTO, false},
	{"label", JOURNEY_OUTPUT_LABEL, false},
	{"portable", JOURNEY_OUTPUT_PORTABLE, false},
	{NULL, 0, false}
};

#define JOURNEY_REL_JOURNEY		0
#define JOURNEY_REL_STAGE		1
#define JOURNEY_REL_ALIAS		2
#define JOURNEY_NRELS			3

static const char *const journey_relnames[JOURNEY_NRELS] = {
	"cx_journey", "cx_journey_stage", "cx_journey_stage_alias"
};

static Oid	journey_relids[JOURNEY_NRELS];
static JourneyCache *journey_cache = NULL;
static bool journey_cache_valid = false;
static uint64 journey_cache_generation = 0;
/* (transaction, command) of the last load: a miss reloads at most once per command */
#if PG_VERSION_NUM >= 170000
#define JOURNEY_MY_LXID (MyProc->vxid.lxid)	/* 17 moved lxid into PGPROC.vxid */
#else
#define JOURNEY_MY_LXID (MyProc->lxid)
#endif
static LocalTransactionId journey_loaded_lxid = InvalidLocalTransactionId;
static CommandId journey_loaded_cid = InvalidCommandId;

/* Mark the cache stale when one of the catalog tables (or everything) changed. */
static void
journey_relcache_callback(Datum arg, Oid relid)
{
	int			i;

	if (relid == InvalidOid)
	{
		journey_cache_valid = false;
		for (i = 0; i < JOURNEY_NRELS; i++)
			journey_relids[i] = InvalidOid;
		return;
	}
	for (i = 0; i < JOURNEY_NRELS; i++)
	{
		if (relid == journey_relids[i])
		{
			journey_cache_valid = false;
			/* the extension may have been dropped: look the tables up again */
			for (i = 0; i < JOURNEY_NRELS; i++)
				journey_relids[i] = InvalidOid;
			return;
		}
	}
}

/* Module load: the output GUC and the relcache callback. */
void
_PG_init(void)
{
	DefineCustomEnumVariable("cx_metrics.journey_stage_output",
							 "How journey_stage values are written as text.",
							 "label writes journey:Label; portable adds the stored ids "
							 "(journey#id.position:Label) so that the text can be read back "
							 "without the journey catalog; auto (the default) is portable "
							 "in pg_dump sessions and label otherwise.",
							 &journey_stage_output,
							 JOURNEY_OUTPUT_AUTO,
							 journey_output_options,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	CacheRegisterRelcacheCallback(journey_relcache_callback, (Datum) 0);
}

/* True when text output should use the portable form in this session. */
bool
journey_output_portable(void)
{
	if (journey_stage_output == JOURNEY_OUTPUT_PORTABLE)
		return true;
	if (journey_stage_output == JOURNEY_OUTPUT_LABEL)
		return false;
	return application_name != NULL &&
		(strcmp(application_name, "pg_dump") == 0 ||
		 strcmp(application_name, "pg_dumpall") == 0);
}

/* The schema of the installed extension. */
static Oid
journey_extension_schema(void)
{
	Oid			extoid = get_extension_oid("cx_metrics", true);
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			nsp = InvalidOid;

	if (!OidIsValid(extoid))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("extension \"cx_metrics\" is not installed in this database")));
	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(extoid));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
		nsp = ((Form_pg_extension) GETSTRUCT(tup))->extnamespace;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	if (!OidIsValid(nsp))
		elog(ERROR, "extension cx_metrics has no schema");
	return nsp;
}

/* OID of catalog table number which (JOURNEY_REL_*), looked up once. */
Oid
journey_catalog_relid(int which)
{
	if (!OidIsValid(journey_relids[which]))
	{
		Oid			nsp = journey_extension_schema();
		int			i;

		for (i = 0; i < JOURNEY_NRELS; i++)
		{
			Oid			relid = get_relname_relid(journey_relnames[i], nsp);

			if (!OidIsValid(relid))
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("journey catalog table \"%s\" is missing",
								journey_relnames[i])));
			journey_relids[i] = relid;
		}
	}
	return journey_relids[which];
}

/* Text column of a catalog row, copied into the cache context. */
static char *
journey_text_attr(Datum d)
{
	return text_to_cstring(DatumGetTextPP(d));
}

static int
journey_cmp_by_id(const void *a, const void *b)
{
	int32		x = (*(JourneyInfo *const *) a)->id;
	int32		y = (*(JourneyInfo *const *) b)->id;

	return (x > y) - (x < y);
}

static int
journey_cmp_stage(const void *a, const void *b)
{
	int64		x = ((const JourneyStageInfo *) a)->position;
	int64		y = ((const JourneyStageInfo *) b)->position;

	return (x > y) - (x < y);
}

/* Row of one of the tables, deformed; the scan hands rows to the loader. */
typedef struct JourneyRow
{
	int32		journey_id;
	int64		position;
	char	   *text1;
	char	   *text2;
	bool		flag;
	bool		flag2;
} JourneyRow;

/* Read every row of catalog table which into a palloc'd array. */
static JourneyRow *
journey_read_table(int which, int *nrows)
{
	Relation	rel = table_open(journey_catalog_relid(which), AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	SysScanDesc scan;
	HeapTuple	tup;
	int			n = 0,
				cap = 16;
	JourneyRow *rows = palloc(cap * sizeof(JourneyRow));

	int			natts = (which == JOURNEY_REL_STAGE) ? 5 : 4;

	if (desc->natts < natts)
		elog(ERROR, "journey catalog table \"%s\" has an unexpected layout",
			 journey_relnames[which]);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Datum		values[5];
		bool		isnull[5];
		JourneyRow *r;
		int			i;

		for (i = 0; i < natts; i++)
			values[i] = heap_getattr(tup, i + 1, desc, &isnull[i]);
		if (isnull[0] || isnull[1] || isnull[2] ||
			(which != JOURNEY_REL_JOURNEY && isnull[3]) ||
			(which == JOURNEY_REL_STAGE && isnull[4]))
			continue;			/* NOT NULL columns; cannot happen */
		if (n == cap)
		{
			cap *= 2;
			rows = repalloc(rows, cap * sizeof(JourneyRow));
		}
		r = &rows[n++];
		memset(r, 0, sizeof(*r));
		r->journey_id = DatumGetInt32(values[0]);
		switch (which)
		{
			case JOURNEY_REL_JOURNEY:
				r->text1 = journey_text_attr(values[1]);	/* name */
				r->text2 = journey_text_attr(values[2]);	/* locale */
				break;
			case JOURNEY_REL_STAGE:
				r->position = DatumGetInt64(values[1]);
				r->text1 = journey_text_attr(values[2]);	/* label */
				r->flag = DatumGetBool(values[3]);	/* retired */
				r->flag2 = DatumGetBool(values[4]); /* optional */
				break;
			case JOURNEY_REL_ALIAS:
				r->position = DatumGetInt64(values[1]);
				r->text1 = journey_text_attr(values[2]);	/* alias */
				r->text2 = journey_text_attr(values[3]);	/* locale */
				break;
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	*nrows = n;
	return rows;
}

/* Build the cache from the tables. */
static void
journey_cache_load(void)
{
	MemoryContext cxt,
				old;
	JourneyRow *jr,
			   *sr,
			   *ar;
	int			nj,
				ns,
				na,
				i;
	JourneyCache *cache;

	if (journey_cache != NULL)
	{
		MemoryContextDelete(journey_cache->cxt);
		journey_cache = NULL;
	}
	/* set before reading: an invalidation arriving meanwhile clears it again */
	journey_cache_valid = true;
	journey_loaded_lxid = JOURNEY_MY_LXID;
	journey_loaded_cid = GetCurrentCommandId(false);

	cxt = AllocSetContextCreate(CacheMemoryContext, "cx_metrics journey cache",
								ALLOCSET_SMALL_SIZES);
	old = CurrentMemoryContext;
	PG_TRY();
	{
		MemoryContextSwitchTo(cxt);
		cache = palloc0(sizeof(JourneyCache));
		cache->cxt = cxt;
		cache->generation = ++journey_cache_generation;

		jr = journey_read_table(JOURNEY_REL_JOURNEY, &nj);
		sr = journey_read_table(JOURNEY_REL_STAGE, &ns);
		ar = journey_read_table(JOURNEY_REL_ALIAS, &na);

		cache->njourneys = nj;
		cache->journeys = palloc0(Max(nj, 1) * sizeof(JourneyInfo *));
		for (i = 0; i < nj; i++)
		{
			JourneyInfo *j = palloc0(sizeof(JourneyInfo));

			j->id = jr[i].journey_id;
			j->name = jr[i].text1;
			j->locale = jr[i].text2;
			cache->journeys[i] = j;
		}
		qsort(cache->journeys, nj, sizeof(JourneyInfo *), journey_cmp_by_id);

		/* stages: count per journey, then fill and sort */
		for (i = 0; i < ns; i++)
		{
			JourneyInfo *j = journey_cache_find_id(cache, sr[i].journey_id);

			if (j != NULL)
				j->nstages++;
		}
		for (i = 0; i < nj; i++)
		{
			JourneyInfo *j = cache->journeys[i];

			j->stages = palloc0(Max(j->nstages, 1) * sizeof(JourneyStageInfo));
			j->nstages = 0;
		}
		for (i = 0; i < ns; i++)
		{
			JourneyInfo *j = journey_cache_find_id(cache, sr[i].journey_id);
			JourneyStageInfo *s;

			if (j == NULL)
				continue;
			s = &j->stages[j->nstages++];
			s->position = sr[i].position;
			s->label = sr[i].text1;
			s->retired = sr[i].flag;
			s->optional = sr[i].flag2;
		}
		for (i = 0; i < nj; i++)
			qsort(cache->journeys[i]->stages, cache->journeys[i]->nstages,
				  sizeof(JourneyStageInfo), journey_cmp_stage);

		/* aliases */
		for (i = 0; i < na; i++)
		{
			JourneyInfo *j = journey_cache_find_id(cache, ar[i].journey_id);

			if (j != NULL)
				j->naliases++;
		}
		for (i = 0; i < nj; i++)
		{
			JourneyInfo *j = cache->journeys[i];

			j->aliases = palloc0(Max(j->naliases, 1) * sizeof(JourneyAliasInfo));
			j->naliases = 0;
		}
		for (i = 0; i < na; i++)
		{
			JourneyInfo *j = journey_cache_find_id(cache, ar[i].journey_id);
			int			st;
			JourneyAliasInfo *a;

			if (j == NULL || (st = journey_find_position(j, ar[i].position)) < 0)
				continue;
			a = &j->aliases[j->naliases++];
			a->stage = st;
			a->alias = ar[i].text1;
			a->locale = ar[i].text2;
		}
		MemoryContextSwitchTo(old);
	}
	PG_CATCH();
	{
		journey_cache_valid = false;
		MemoryContextSwitchTo(old);
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();

	journey_cache = cache;
}

/*
 * The current cache, rebuilt if stale.  Call it once per entry point; the
 * pointers it leads to stay valid until the next call.
 */
JourneyCache *
journey_cache_get(void)
{
	if (!journey_cache_valid || journey_cache == NULL)
		journey_cache_load();
	return journey_cache;
}

/*
 * After a lookup missed: reload the cache unless it was loaded during this
 * very command already (then the miss is real).  Returns the cache to use.
 */
JourneyCache *
journey_cache_refresh_on_miss(void)
{
	if (journey_loaded_lxid != JOURNEY_MY_LXID ||
		journey_loaded_cid != GetCurrentCommandId(false))
		journey_cache_valid = false;
	return journey_cache_get();
}

/* Journey with this id, or NULL. */
JourneyInfo *
journey_cache_find_id(JourneyCache *cache, int32 id)
{
	int			lo = 0,
				hi = cache->njourneys - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int32		mid_id = cache->journeys[mid]->id;

		if (mid_id == id)
			return cache->journeys[mid];
		if (mid_id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* Journey with this name, or NULL. */
JourneyInfo *
journey_cache_find_name(JourneyCache *cache, const char *name)
{
	int			i;

	for (i = 0; i < cache->njourneys; i++)
		if (strcmp(cache->journeys[i]->name, name) == 0)
			return cache->journeys[i];
	return NULL;
}

/* Index of the stage at position in j->stages, or -1. */
int
journey_find_position(const JourneyInfo *j, int64 position)
{
	int			lo = 0,
				hi = j->nstages - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int64		p = j->stages[mid].position;

		if (p == position)
			return mid;
		if (p < position)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * Journey of a stage value and the stage's index, refreshing the cache once
 * on a miss; raises 22023 when the value is not in the catalog.
 */
static JourneyInfo *
journey_lookup_stage(JourneyStage s, int *index)
{
	JourneyCache *cache = journey_cache_get();
	JourneyInfo *j = journey_cache_find_id(cache, journey_stage_journey_id(s));
	int			idx = j ? journey_find_position(j, journey_stage_position(s)) : -1;

	if (idx < 0)
	{
		cache = journey_cache_refresh_on_miss();
		j = journey_cache_find_id(cache, journey_stage_journey_id(s));
		idx = j ? journey_find_position(j, journey_stage_position(s)) : -1;
	}
	if (idx < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey stage #%d.%lld is not in the journey catalog",
						journey_stage_journey_id(s),
						(long long) journey_stage_position(s)),
				 errdetail("The value refers to a journey or stage that does not exist in this database.")));
	*index = idx;
	return j;
}

/* See journey_stage.h. */
int32
journey_stage_ordinal(JourneyStage s)
{
	int			idx;

	(void) journey_lookup_stage(s, &idx);
	return idx + 1;
}

/* See journey_stage.h. */
int
journey_stage_positions(int32 journey_id, int64 **positions, bool **retired,
						bool **optional)
{
	JourneyCache *cache = journey_cache_get();
	JourneyInfo *j = journey_cache_find_id(cache, journey_id);
	int			i;

	if (j == NULL)
	{
		cache = journey_cache_refresh_on_miss();
		j = journey_cache_find_id(cache, journey_id);
	}
	if (j == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey #%d is not in the journey catalog", journey_id)));
	*positions = palloc(Max(j->nstages, 1) * sizeof(int64));
	if (retired)
		*retired = palloc(Max(j->nstages, 1) * sizeof(bool));
	if (optional)
		*optional = palloc(Max(j->nstages, 1) * sizeof(bool));
	for (i = 0; i < j->nstages; i++)
	{
		(*positions)[i] = j->stages[i].position;
		if (retired)
			(*retired)[i] = j->stages[i].retired;
		if (optional)
			(*optional)[i] = j->stages[i].optional;
	}
	return j->nstages;
}

/*
 * Statement trigger on the catalog tables: invalidate the table's relcache
 * entry, which reaches every backend's journey_relcache_callback.
 */
Datum
journey_catalog_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("journey_catalog_changed() must be called as a trigger")));
	CacheInvalidateRelcache(trigdata->tg_relation);
	/* this backend: also forget now, in case no command boundary follows */
	journey_cache_valid = false;
	return PointerGetDatum(NULL);
}
