/*
 * journey_stage.c
 *		The journey_stage type: text and binary I/O, the typmod that names a
 *		journey, and the catalog-backed accessors and arithmetic.
 *
 * Layout: see journey_stage.h (int64: journey id << 48 | stage position).
 *
 * Text input, in this order:
 *		name#id.position:Label	portable form; trusted without the catalog
 *								(what pg_dump writes, see below); the label
 *								part is informational
 *		journey:Label			the label is matched through ICU
 *								(journey_icu.c) against the stages of journey
 *		Label					a bare label: matched against the journey of
 *								the typmod when there is one, else against
 *								every journey (it must match exactly one)
 * An unknown or ambiguous label, or a retired stage, raises 22P02 with the
 * valid labels in the detail.  A typmod'd input rejects other journeys.
 *
 * Text output is journey:Label, or the portable form when
 * cx_metrics.journey_stage_output is 'portable' (or 'auto', the default, in
 * a pg_dump session): user tables can then be restored before the journey
 * catalog.  A value whose journey or stage is not in the catalog (ids given in
 * the portable form, rows restored before the catalog) always prints portably.
 *
 * Binary: version byte 1, journey name and label as counted text.  Binary
 * data is meant to move between databases, whose catalogs may give the same
 * journey other ids, so receive matches the name and label (exactly, else
 * through ICU) in the receiving catalog; retired stages are accepted there
 * (the data already exists).
 *
 * I/O, typmod functions and accessors read the catalog (STABLE); comparison,
 * hashing, min/max and the typmod coercion do not (IMMUTABLE).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "parser/scansup.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

#include "journey/journey_cache.h"

PG_FUNCTION_INFO_V1(journey_stage_in);
PG_FUNCTION_INFO_V1(journey_stage_out);
PG_FUNCTION_INFO_V1(journey_stage_recv);
PG_FUNCTION_INFO_V1(journey_stage_send);
PG_FUNCTION_INFO_V1(journey_stage_typmod_in);
PG_FUNCTION_INFO_V1(journey_stage_typmod_out);
PG_FUNCTION_INFO_V1(journey_stage_enforce_typmod);
PG_FUNCTION_INFO_V1(journey_stage_eq);
PG_FUNCTION_INFO_V1(journey_stage_ne);
PG_FUNCTION_INFO_V1(journey_stage_lt);
PG_FUNCTION_INFO_V1(journey_stage_le);
PG_FUNCTION_INFO_V1(journey_stage_gt);
PG_FUNCTION_INFO_V1(journey_stage_ge);
PG_FUNCTION_INFO_V1(journey_stage_cmp);
PG_FUNCTION_INFO_V1(journey_stage_sortsupport);
PG_FUNCTION_INFO_V1(journey_stage_hash);
PG_FUNCTION_INFO_V1(journey_stage_hash_extended);
PG_FUNCTION_INFO_V1(journey_stage_smaller);
PG_FUNCTION_INFO_V1(journey_stage_larger);
PG_FUNCTION_INFO_V1(journey_stage_ordinal_fn);
PG_FUNCTION_INFO_V1(journey_stage_label);
PG_FUNCTION_INFO_V1(journey_stage_journey);
PG_FUNCTION_INFO_V1(journey_stage_next);
PG_FUNCTION_INFO_V1(journey_stage_is_retired);
PG_FUNCTION_INFO_V1(journey_stage_is_optional);
PG_FUNCTION_INFO_V1(journey_stage_distance);
PG_FUNCTION_INFO_V1(journey_stage_plus);
PG_FUNCTION_INFO_V1(journey_stage_minus);
PG_FUNCTION_INFO_V1(journey_make_stage);
PG_FUNCTION_INFO_V1(journey_canonical_locale);
PG_FUNCTION_INFO_V1(journey_check_labels);
PG_FUNCTION_INFO_V1(journey_stage_from_ids);
PG_FUNCTION_INFO_V1(journey_stage_position_fn);

#define JOURNEY_NAME_MAXLEN		63

/* ---------------------------------------------------------------------------
 * Resolving labels
 * ---------------------------------------------------------------------------
 */

/* Copy of s[0..len) without surrounding ASCII white space. */
static char *
journey_trim(const char *s, int len)
{
	while (len > 0 && scanner_isspace(*s))
		s++, len--;
	while (len > 0 && scanner_isspace(s[len - 1]))
		len--;
	return pnstrdup(s, len);
}

/*
 * Lower-cased copy of s when it has the shape of a journey name
 * ([a-z_][a-z0-9_]*, at most 63 bytes, ASCII letters in any case), else NULL.
 */
static char *
journey_name_shape(const char *s, int len)
{
	char	   *out;
	int			i;

	if (len <= 0 || len > JOURNEY_NAME_MAXLEN)
		return NULL;
	out = palloc(len + 1);
	for (i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!((c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9')))
		{
			pfree(out);
			return NULL;
		}
		out[i] = c;
	}
	out[len] = '\0';
	return out;
}

/*
 * journey_name_shape without allocation: s[0..len) with surrounding ASCII
 * white space removed, lower-cased into buf (JOURNEY_NAME_MAXLEN + 1 bytes);
 * false when it is not a journey name.
 */
static bool
journey_name_shape_buf(const char *s, int len, char *buf)
{
	int			i;

	while (len > 0 && scanner_isspace(*s))
		s++, len--;
	while (len > 0 && scanner_isspace(s[len - 1]))
		len--;
	if (len <= 0 || len > JOURNEY_NAME_MAXLEN)
		return false;
	for (i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!((c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9')))
			return false;
		buf[i] = c;
	}
	buf[len] = '\0';
	return true;
}

/* Journey by name, refreshing the cache once on a miss. */
static JourneyInfo *
journey_by_name(JourneyCache **cache, const char *name)
{
	JourneyInfo *j = journey_cache_find_name(*cache, name);

	if (j == NULL)
	{
		*cache = journey_cache_refresh_on_miss();
		j = journey_cache_find_name(*cache, name);
	}
	return j;
}

/* Journey by id, refreshing the cache once on a miss. */
static JourneyInfo *
journey_by_id(JourneyCache **cache, int32 id)
{
	JourneyInfo *j = journey_cache_find_id(*cache, id);

	if (j == NULL)
	{
		*cache = journey_cache_refresh_on_miss();
		j = journey_cache_find_id(*cache, id);
	}
	return j;
}

/* Journey and stage index of a value, refreshing once on a miss; NULL if unknown. */
static JourneyInfo *
journey_stage_find(JourneyCache **cache, JourneyStage s, int *idx)
{
	JourneyInfo *j = journey_cache_find_id(*cache, journey_stage_journey_id(s));

	*idx = j ? journey_find_position(j, journey_stage_position(s)) : -1;
	if (*idx < 0)
	{
		*cache = journey_cache_refresh_on_miss();
		j = journey_cache_find_id(*cache, journey_stage_journey_id(s));
		*idx = j ? journey_find_position(j, journey_stage_position(s)) : -1;
	}
	return *idx >= 0 ? j : NULL;
}

/* Journey and stage index of a value; raises 22023 when it is not in the catalog. */
static JourneyInfo *
journey_stage_get(JourneyCache **cache, JourneyStage s, int *idx)
{
	JourneyInfo *j = journey_stage_find(cache, s, idx);

	if (j == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey stage #%d.%lld is not in the journey catalog",
						journey_stage_journey_id(s),
						(long long) journey_stage_position(s)),
				 errdetail("The value refers to a journey or stage that does not exist in this database.")));
	return j;
}

/*
 * Match label against journey j; on success return the stage value, else
 * raise errcode naming the problem (unknown, ambiguous, retired unless
 * allow_retired).
 */
static JourneyStage
journey_resolve_label_len(JourneyCache *cache, JourneyInfo *j, const char *label,
						  int len, bool allow_retired, int sqlstate)
{
	int			st = -1,
				other = -1;
	JourneyMatch m = journey_match_label(cache, j, label, len, &st, &other);

	if (m == JM_UNKNOWN)
	{
		/* a miss may be a stale cache (e.g. rows restored with triggers off): reload once */
		uint64		gen = cache->generation;
		int32		jid = j->id;
		JourneyCache *fresh = journey_cache_refresh_on_miss();

		if (fresh->generation != gen &&
			(j = journey_cache_find_id(fresh, jid)) != NULL)
		{
			cache = fresh;
			m = journey_match_label(cache, j, label, len, &st, &other);
		}
		else if (fresh->generation != gen)
			elog(ERROR, "journey #%d disappeared from the catalog", jid);
	}
	if (m == JM_FOUND && (allow_retired || !j->stages[st].retired))
		return journey_stage_make(j->id, j->stages[st].position);
	label = pnstrdup(label, len);	/* for the messages below */

	if (m == JM_UNKNOWN)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("\"%s\" is not a stage of journey \"%s\"", label, j->name),
				 errdetail("Valid stages are: %s.", journey_valid_labels(j)),
				 errhint("Labels match ignoring case, accents, width and surrounding spaces; add_stage_alias() adds other spellings.")));
	if (m == JM_AMBIGUOUS)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("stage label \"%s\" of journey \"%s\" is ambiguous", label, j->name),
				 errdetail("It matches both \"%s\" and \"%s\". Valid stages are: %s.",
						   j->stages[st].label, j->stages[other].label,
						   journey_valid_labels(j))));
	if (j->stages[st].retired && !allow_retired)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("stage \"%s\" of journey \"%s\" is retired", j->stages[st].label, j->name),
				 errdetail("Retired stages keep their stored values but accept no new input. Valid stages are: %s.",
						   journey_valid_labels(j))));
	return journey_stage_make(j->id, j->stages[st].position);
}

/* journey_resolve_label_len for a NUL-terminated label. */
static JourneyStage
journey_resolve_label(JourneyCache *cache, JourneyInfo *j, const char *label,
					  bool allow_retired, int sqlstate)
{
	return journey_resolve_label_len(cache, j, label, strlen(label),
									 allow_retired, sqlstate);
}

/* Raise 22P02 unless the value belongs to the journey of typmod (if any). */
static void
journey_check_typmod_input(JourneyStage v, int32 typmod, const char *input)
{
	JourneyInfo *j;

	if (typmod < 0 || journey_stage_journey_id(v) == typmod)
		return;
	j = journey_cache_find_id(journey_cache_get(), typmod);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("stage \"%s\" does not belong to journey \"%s\"", input,
					j ? j->name : psprintf("#%d", typmod)),
			 errdetail("The column's type is journey_stage(%s).",
					   j ? j->name : psprintf("%d", typmod))));
}

/*
 * Parse the portable form name#id.position:label.  Returns false when str
 * does not have that shape (so it is read as another form).
 */
static bool
journey_parse_portable(const char *str, const char *colon, JourneyStage *v,
					   char **name)
{
	const char *hash = memchr(str, '#', colon - str);
	const char *p;
	int64		id = 0,
				pos = 0;
	int			nd;

	if (hash == NULL)
		return false;
	*name = journey_trim(str, hash - str);
	if (**name != '\0' && journey_name_shape(*name, strlen(*name)) == NULL)
		return false;
	p = hash + 1;
	for (nd = 0; *p >= '0' && *p <= '9' && nd < 6; p++, nd++)
		id = id * 10 + (*p - '0');
	if (nd == 0 || *p != '.')
		return false;
	p++;
	for (nd = 0; *p >= '0' && *p <= '9' && nd < 16; p++, nd++)
		pos = pos * 10 + (*p - '0');
	if (nd == 0 || p != colon)
		return false;
	if (id < 1 || id > JOURNEY_MAX_ID || pos < 1 || pos > JOURNEY_MAX_POSITION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type journey_stage: \"%s\"", str),
				 errdetail("Journey ids range from 1 to %d and positions from 1 to %lld.",
						   JOURNEY_MAX_ID, (long long) JOURNEY_MAX_POSITION)));
	*v = journey_stage_make((int32) id, pos);
	return true;
}

/* Text input: see the file header. */
static JourneyStage
journey_stage_from_text(const char *str, int32 typmod)
{
	const char *colon = strchr(str, ':');
	JourneyCache *cache;
	JourneyStage v;
	char	   *name = NULL;
	JourneyInfo *j;
	char	   *label;
	int			i,
				nfound;

	if (colon != NULL && journey_parse_portable(str, colon, &v, &name))
	{
		cache = journey_cache_get();
		j = journey_by_id(&cache, journey_stage_journey_id(v));
		if (j != NULL && *name != '\0' && strcmp(j->name, journey_name_shape(name, strlen(name))) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("journey_stage \"%s\" names journey \"%s\", but journey #%d is \"%s\" in this database",
							str, name, j->id, j->name),
					 errhint("The portable form (with #ids) only reads back into the database it was written from, or into a restore of it.")));
		journey_check_typmod_input(v, typmod, str);
		return v;
	}

	cache = journey_cache_get();
	if (colon != NULL)
	{
		char		jnamebuf[JOURNEY_NAME_MAXLEN + 1];
		char	   *jname = NULL;

		if (journey_name_shape_buf(str, colon - str, jnamebuf))
			jname = jnamebuf;
		if (jname != NULL)
		{
			j = journey_by_name(&cache, jname);
			if (j != NULL)
			{
				/* the label without surrounding ASCII white space, not copied */
				const char *l = colon + 1;
				int			llen = strlen(l);

				while (llen > 0 && scanner_isspace(*l))
					l++, llen--;
				while (llen > 0 && scanner_isspace(l[llen - 1]))
					llen--;
				v = journey_resolve_label_len(cache, j, l, llen, false,
											  ERRCODE_INVALID_TEXT_REPRESENTATION);
				journey_check_typmod_input(v, typmod, str);
				return v;
			}
			if (typmod < 0)
			{
				/* a bare label with a colon in it, or an unknown journey */
				label = journey_trim(str, strlen(str));
				for (i = 0; i < cache->njourneys; i++)
				{
					int			st,
								other;

					if (journey_match_label(cache, cache->journeys[i], label,
											strlen(label), &st, &other) != JM_UNKNOWN)
						break;
				}
				if (i == cache->njourneys)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
							 errmsg("journey \"%s\" does not exist", pstrdup(jname)),
							 errdetail("The input \"%s\" names a journey before the colon.", str),
							 errhint("List the journeys in the view cx_journeys.")));
			}
		}
	}

	/* a bare label */
	label = journey_trim(str, strlen(str));
	if (typmod >= 0)
	{
		j = journey_by_id(&cache, typmod);
		if (j == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("journey #%d of the column's type does not exist", typmod)));
		return journey_resolve_label(cache, j, label, false,
									 ERRCODE_INVALID_TEXT_REPRESENTATION);
	}

	/* no typmod: the label must match a stage of exactly one journey */
	for (;;)
	{
		uint64		gen = cache->generation;

		nfound = 0;
		j = NULL;
		for (i = 0; i < cache->njourneys; i++)
		{
			int			st,
						other;

			if (journey_match_label(cache, cache->journeys[i], label, strlen(label),
									&st, &other) == JM_UNKNOWN)
				continue;
			nfound++;
			j = cache->journeys[i];
		}
		if (nfound > 0)
			break;
		/* nothing matched: reload a possibly stale cache once, then decide */
		cache = journey_cache_refresh_on_miss();
		if (cache->generation == gen)
			break;
	}
	if (nfound == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type journey_stage: \"%s\"", str),
				 cache->njourneys == 0 ?
				 errdetail("No journey is defined.") :
				 errdetail("No journey has a stage with this label."),
				 errhint("Write journey:Label, as in retail:Purchase.")));
	if (nfound > 1)
	{
		StringInfoData matches;

		initStringInfo(&matches);
		for (i = 0, nfound = 0; i < cache->njourneys; i++)
		{
			JourneyInfo *cand = cache->journeys[i];
			int			st,
						other;

			if (journey_match_label(cache, cand, label, strlen(label), &st, &other) == JM_UNKNOWN)
				continue;
			appendStringInfo(&matches, "%s%s:%s", nfound++ ? ", " : "", cand->name,
							 cand->stages[st].label);
		}
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("stage label \"%s\" matches stages of several journeys", label),
				 errdetail("It matches %s.", matches.data),
				 errhint("Write journey:Label, as in %s:%s.", j->name, label)));
	}
	return journey_resolve_label(cache, j, label, false,
								 ERRCODE_INVALID_TEXT_REPRESENTATION);
}

/* ---------------------------------------------------------------------------
 * I/O
 * ---------------------------------------------------------------------------
 */

/* journey_stage_in(cstring, oid, int4): see the file header. */
Datum
journey_stage_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int32		typmod = PG_NARGS() > 2 ? PG_GETARG_INT32(2) : -1;

	PG_RETURN_JOURNEY_STAGE(journey_stage_from_text(str, typmod));
}

/* journey_stage_out: journey:Label, or the portable form. */
Datum
journey_stage_out(PG_FUNCTION_ARGS)
{
	JourneyStage v = PG_GETARG_JOURNEY_STAGE(0);
	JourneyCache *cache = journey_cache_get();
	int			idx;
	JourneyInfo *j = journey_stage_find(&cache, v, &idx);

	if (j != NULL && !journey_output_portable())
		PG_RETURN_CSTRING(psprintf("%s:%s", j->name, j->stages[idx].label));
	if (j == NULL)
		j = journey_cache_find_id(cache, journey_stage_journey_id(v));
	PG_RETURN_CSTRING(psprintf("%s#%d.%lld:%s",
							   j ? j->name : "",
							   journey_stage_journey_id(v),
							   (long long) journey_stage_position(v),
							   (j && idx >= 0) ? j->stages[idx].label : ""));
}

/* journey_stage_send: version 1, journey name, label. */
Datum
journey_stage_send(PG_FUNCTION_ARGS)
{
	JourneyStage v = PG_GETARG_JOURNEY_STAGE(0);
	JourneyCache *cache = journey_cache_get();
	int			idx;
	JourneyInfo *j = journey_stage_find(&cache, v, &idx);
	StringInfoData buf;

	if (j == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey stage #%d.%lld is not in the journey catalog",
						journey_stage_journey_id(v),
						(long long) journey_stage_position(v)),
				 errdetail("The binary form carries the journey name and stage label, which this value does not have.")));
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, 1);
#if PG_VERSION_NUM >= 170000
	/* 17 dropped the countincludesself argument (the count never includes itself) */
	pq_sendcountedtext(&buf, j->name, strlen(j->name));
	pq_sendcountedtext(&buf, j->stages[idx].label, strlen(j->stages[idx].label));
#else
	pq_sendcountedtext(&buf, j->name, strlen(j->name), false);
	pq_sendcountedtext(&buf, j->stages[idx].label, strlen(j->stages[idx].label), false);
#endif
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* One counted text field of the binary form. */
static char *
journey_recv_text(StringInfo buf, const char *what)
{
	int32		len = pq_getmsgint(buf, 4);
	int			nbytes;

	if (len < 0 || len > buf->len - buf->cursor)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid %s length %d in binary journey_stage", what, len)));
	return pq_getmsgtext(buf, len, &nbytes);
}

/* journey_stage_recv(internal, oid, int4): match name and label in this catalog. */
Datum
journey_stage_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		typmod = PG_NARGS() > 2 ? PG_GETARG_INT32(2) : -1;
	int			version = pq_getmsgbyte(buf);
	char	   *name,
			   *label;
	JourneyCache *cache;
	JourneyInfo *j;
	JourneyStage v;
	int			i;

	if (version != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary journey_stage version %d", version)));
	name = journey_recv_text(buf, "journey name");
	label = journey_recv_text(buf, "label");
	if (buf->cursor != buf->len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("trailing bytes in binary journey_stage")));
	cache = journey_cache_get();
	j = journey_by_name(&cache, name);
	if (j == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("journey \"%s\" does not exist", name),
				 errhint("Define the journey in the receiving database first.")));
	for (i = 0; i < j->nstages; i++)
		if (strcmp(j->stages[i].label, label) == 0)
			break;
	if (i < j->nstages)
		v = journey_stage_make(j->id, j->stages[i].position);
	else
		v = journey_resolve_label(cache, j, label, true,
								  ERRCODE_INVALID_BINARY_REPRESENTATION);
	/* (the cache may have been reloaded: use only v and a fresh lookup below) */
	if (typmod >= 0 && journey_stage_journey_id(v) != typmod)
	{
		JourneyInfo *tj = journey_cache_find_id(journey_cache_get(), typmod);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("stage \"%s:%s\" does not belong to journey \"%s\"", name, label,
						tj ? tj->name : psprintf("#%d", typmod))));
	}
	PG_RETURN_JOURNEY_STAGE(v);
}

/* typmod input: journey_stage(name) or journey_stage(id). */
Datum
journey_stage_typmod_in(PG_FUNCTION_ARGS)
{
	ArrayType  *ta = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	int			n;
	char	   *arg,
			   *name;
	JourneyCache *cache;
	JourneyInfo *j;

	deconstruct_array(ta, CSTRINGOID, -2, false, TYPALIGN_CHAR, &elems, NULL, &n);
	if (n != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("type journey_stage takes one modifier, the journey name")));
	arg = DatumGetCString(elems[0]);
	if (arg[0] >= '0' && arg[0] <= '9')
	{
		char	   *end;
		long		id = strtol(arg, &end, 10);

		if (*end != '\0' || id < 1 || id > JOURNEY_MAX_ID)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("journey id %s is out of range", arg),
					 errdetail("Journey ids range from 1 to %d.", JOURNEY_MAX_ID)));
		/* an id is taken as is: this is how pg_dump writes the type */
		PG_RETURN_INT32((int32) id);
	}
	name = journey_name_shape(arg, strlen(arg));
	cache = journey_cache_get();
	j = name ? journey_by_name(&cache, name) : NULL;
	if (j == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey \"%s\" does not exist", arg),
				 errhint("Define it with define_journey(); the view cx_journeys lists the journeys.")));
	PG_RETURN_INT32(j->id);
}

/* typmod output: (name), or (id) in portable mode or when the journey is unknown. */
Datum
journey_stage_typmod_out(PG_FUNCTION_ARGS)
{
	int32		typmod = PG_GETARG_INT32(0);
	JourneyCache *cache;
	JourneyInfo *j;

	if (typmod < 0)
		PG_RETURN_CSTRING(pstrdup(""));
	if (journey_output_portable())
		PG_RETURN_CSTRING(psprintf("(%d)", typmod));
	cache = journey_cache_get();
	j = journey_by_id(&cache, typmod);
	if (j == NULL)
		PG_RETURN_CSTRING(psprintf("(%d)", typmod));
	PG_RETURN_CSTRING(psprintf("(%s)", j->name));
}

/* Typmod coercion journey_stage(stage, typmod, explicit): the journey must match. */
Datum
journey_stage_enforce_typmod(PG_FUNCTION_ARGS)
{
	JourneyStage v = PG_GETARG_JOURNEY_STAGE(0);
	int32		typmod = PG_GETARG_INT32(1);

	if (typmod >= 0 && journey_stage_journey_id(v) != typmod)
	{
		JourneyCache *cache = journey_cache_get();
		JourneyInfo *vj = journey_cache_find_id(cache, journey_stage_journey_id(v));
		JourneyInfo *tj = journey_cache_find_id(cache, typmod);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a stage of journey \"%s\" is not a journey_stage(%s)",
						vj ? vj->name : psprintf("#%d", journey_stage_journey_id(v)),
						tj ? tj->name : psprintf("%d", typmod))));
	}
	PG_RETURN_JOURNEY_STAGE(v);
}

/* ---------------------------------------------------------------------------
 * Comparison and hashing: plain int64 operations, no catalog
 * ---------------------------------------------------------------------------
 */

#define JS_ARGS \
	JourneyStage a = PG_GETARG_JOURNEY_STAGE(0); \
	JourneyStage b = PG_GETARG_JOURNEY_STAGE(1)

Datum
journey_stage_eq(PG_FUNCTION_ARGS)
{
	JS_ARGS;
	PG_RETURN_BOOL(a == b);
}

Datum
journey_stage_ne(PG_FUNCTION_ARGS)
{
	JS_ARGS;
	PG_RETURN_BOOL(a != b);
}

Datum
journey_stage_lt(PG_FUNCTION_ARGS)
{
	JS_ARGS;
	PG_RETURN_BOOL(a < b);
}

Datum
journey_stage_le(PG_FUNCTION_ARGS)
{
	JS_ARGS;
	PG_RETURN_BOOL(a <= b);
}

Datum
journey_stage_gt(PG_FUNCTION_ARGS)
{
	JS_ARGS;
	PG_RETURN_BOOL(a > b);
}

Datum
journey_stage_ge(PG_FUNCTION_ARGS)
{
	JS_ARGS;
	PG_RETURN_BOOL(a >= b);
}

/* btree support 1: three-way comparison. */
Datum
journey_stage_cmp(PG_FUNCTION_ARGS)
{
	JS_ARGS;
	PG_RETURN_INT32((a > b) - (a < b));
}

/* btree support 2: the signed-Datum comparator (PostgreSQL's own fast path). */
Datum
journey_stage_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = ssup_datum_signed_cmp;
	PG_RETURN_VOID();
}

/* The 32 bits hashed, folded like hashint8 (equal to int8's hash of the value). */
static inline uint32
journey_stage_fold(JourneyStage v)
{
	uint32		lohalf = (uint32) v;
	uint32		hihalf = (uint32) (v >> 32);

	lohalf ^= (v >= 0) ? hihalf : ~hihalf;
	return lohalf;
}

/* hash support 1. */
Datum
journey_stage_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32(journey_stage_fold(PG_GETARG_JOURNEY_STAGE(0)));
}

/* hash support 2: seeded 64-bit hash. */
Datum
journey_stage_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended(journey_stage_fold(PG_GETARG_JOURNEY_STAGE(0)),
								PG_GETARG_INT64(1));
}

/* min() transition. */
Datum
journey_stage_smaller(PG_FUNCTION_ARGS)
{
	JS_ARGS;
	PG_RETURN_JOURNEY_STAGE(a <= b ? a : b);
}

/* max() transition. */
Datum
journey_stage_larger(PG_FUNCTION_ARGS)
{
	JS_ARGS;
	PG_RETURN_JOURNEY_STAGE(a >= b ? a : b);
}

/* ---------------------------------------------------------------------------
 * Catalog-backed accessors and arithmetic (STABLE)
 * ---------------------------------------------------------------------------
 */

/* ordinal(stage): 1-based rank among all stages of the journey. */
Datum
journey_stage_ordinal_fn(PG_FUNCTION_ARGS)
{
	JourneyCache *cache = journey_cache_get();
	int			idx;

	(void) journey_stage_get(&cache, PG_GETARG_JOURNEY_STAGE(0), &idx);
	PG_RETURN_INT32(idx + 1);
}

/* label(stage): the stage's current label. */
Datum
journey_stage_label(PG_FUNCTION_ARGS)
{
	JourneyCache *cache = journey_cache_get();
	int			idx;
	JourneyInfo *j = journey_stage_get(&cache, PG_GETARG_JOURNEY_STAGE(0), &idx);

	PG_RETURN_TEXT_P(cstring_to_text(j->stages[idx].label));
}

/* journey(stage): the journey's name. */
Datum
journey_stage_journey(PG_FUNCTION_ARGS)
{
	JourneyCache *cache = journey_cache_get();
	int			idx;
	JourneyInfo *j = journey_stage_get(&cache, PG_GETARG_JOURNEY_STAGE(0), &idx);

	PG_RETURN_TEXT_P(cstring_to_text(j->name));
}

/* next_stage(stage): the next stage that is not retired, or NULL. */
Datum
journey_stage_next(PG_FUNCTION_ARGS)
{
	JourneyCache *cache = journey_cache_get();
	int			idx;
	JourneyInfo *j = journey_stage_get(&cache, PG_GETARG_JOURNEY_STAGE(0), &idx);

	for (idx++; idx < j->nstages; idx++)
		if (!j->stages[idx].retired)
			PG_RETURN_JOURNEY_STAGE(journey_stage_make(j->id, j->stages[idx].position));
	PG_RETURN_NULL();
}

/* The catalog entry of a stage value (valid until the next cache access). */
static const JourneyStageInfo *
journey_stage_info(JourneyStage s)
{
	JourneyCache *cache = journey_cache_get();
	int			idx;
	JourneyInfo *j = journey_stage_get(&cache, s, &idx);

	return &j->stages[idx];
}

/* is_retired(stage). */
Datum
journey_stage_is_retired(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(journey_stage_info(PG_GETARG_JOURNEY_STAGE(0))->retired);
}

/* is_optional(stage). */
Datum
journey_stage_is_optional(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(journey_stage_info(PG_GETARG_JOURNEY_STAGE(0))->optional);
}

/* stage - stage: difference of ordinals; the journeys must be the same. */
Datum
journey_stage_distance(PG_FUNCTION_ARGS)
{
	JS_ARGS;
	JourneyCache *cache = journey_cache_get();
	int			ia,
				ib;
	JourneyInfo *ja,
			   *jb;

	if (journey_stage_journey_id(a) != journey_stage_journey_id(b))
	{
		ja = journey_cache_find_id(cache, journey_stage_journey_id(a));
		jb = journey_cache_find_id(cache, journey_stage_journey_id(b));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot subtract stages of different journeys"),
				 errdetail("The stages belong to the journeys \"%s\" and \"%s\".",
						   ja ? ja->name : "?", jb ? jb->name : "?")));
	}
	(void) journey_stage_get(&cache, a, &ia);
	(void) journey_stage_get(&cache, b, &ib);
	PG_RETURN_INT32(ia - ib);
}

/* The stage n ordinals after s (n may be negative); 22003 past either end. */
static JourneyStage
journey_stage_offset(JourneyStage s, int64 n)
{
	JourneyCache *cache = journey_cache_get();
	int			idx;
	JourneyInfo *j = journey_stage_get(&cache, s, &idx);
	int64		target = idx + n;

	if (target < 0 || target >= j->nstages)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s:%s %s %lld is outside journey \"%s\"",
						j->name, j->stages[idx].label, n >= 0 ? "+" : "-",
						(long long) (n >= 0 ? n : -n), j->name),
				 errdetail("The journey has %d stages and this one is number %d.",
						   j->nstages, idx + 1)));
	return journey_stage_make(j->id, j->stages[target].position);
}

/* stage + int: the stage that many ordinals later. */
Datum
journey_stage_plus(PG_FUNCTION_ARGS)
{
	PG_RETURN_JOURNEY_STAGE(journey_stage_offset(PG_GETARG_JOURNEY_STAGE(0),
												 PG_GETARG_INT32(1)));
}

/* stage - int: the stage that many ordinals earlier. */
Datum
journey_stage_minus(PG_FUNCTION_ARGS)
{
	PG_RETURN_JOURNEY_STAGE(journey_stage_offset(PG_GETARG_JOURNEY_STAGE(0),
												 -(int64) PG_GETARG_INT32(1)));
}

/* make_stage(journey, label [, allow_retired]): resolve a label (22023 if it cannot). */
Datum
journey_make_stage(PG_FUNCTION_ARGS)
{
	char	   *jarg = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *label = text_to_cstring(PG_GETARG_TEXT_PP(1));
	bool		allow_retired = PG_GETARG_BOOL(2);
	char	   *name = journey_name_shape(jarg, strlen(jarg));
	JourneyCache *cache = journey_cache_get();
	JourneyInfo *j = name ? journey_by_name(&cache, name) : NULL;

	if (j == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey \"%s\" does not exist", jarg),
				 errhint("The view cx_journeys lists the journeys.")));
	PG_RETURN_JOURNEY_STAGE(journey_resolve_label(cache, j, journey_trim(label, strlen(label)),
												  allow_retired,
												  ERRCODE_INVALID_PARAMETER_VALUE));
}

/* journey_canonical_locale(text): validated, canonical BCP 47 tag. */
Datum
journey_canonical_locale(PG_FUNCTION_ARGS)
{
	char	   *loc = text_to_cstring(PG_GETARG_TEXT_PP(0));

	PG_RETURN_TEXT_P(cstring_to_text(journey_canonical_locale_cstr(loc)));
}

/*
 * journey_check_labels(journey): every label and alias of the journey must
 * match its own stage and no other (23505 otherwise).  The catalog functions
 * call it after each change, inside their transaction.
 */
Datum
journey_check_labels(PG_FUNCTION_ARGS)
{
	char	   *jarg = text_to_cstring(PG_GETARG_TEXT_PP(0));
	JourneyCache *cache = journey_cache_get();
	JourneyInfo *j = journey_cache_find_name(cache, jarg);
	int			i;

	if (j == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey \"%s\" does not exist", jarg)));
	for (i = 0; i < j->nstages + j->naliases; i++)
	{
		bool		is_alias = i >= j->nstages;
		const char *text = is_alias ? j->aliases[i - j->nstages].alias : j->stages[i].label;
		int			own = is_alias ? j->aliases[i - j->nstages].stage : i;
		int			st = -1,
					other = -1;
		JourneyMatch m = journey_match_label(cache, j, text, strlen(text), &st, &other);

		if (m == JM_UNKNOWN)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("stage %s \"%s\" of journey \"%s\" is empty",
							is_alias ? "alias" : "label", text, j->name),
					 errdetail("A label or alias needs at least one character that is not white space.")));
		if (m == JM_AMBIGUOUS || st != own)
		{
			int			clash = (m == JM_AMBIGUOUS) ? (st == own ? other : st) : st;

			ereport(ERROR,
					(errcode(ERRCODE_UNIQUE_VIOLATION),
					 errmsg("stage %s \"%s\" of journey \"%s\" is the same as stage \"%s\"",
							is_alias ? "alias" : "label", text, j->name,
							j->stages[clash].label),
					 errdetail("Labels and aliases match ignoring case, accents, width and surrounding spaces, so each must differ from every other stage's."),
					 errhint("Choose another spelling.")));
		}
	}
	PG_RETURN_VOID();
}

/* journey_stage_from_ids(journey_id, stage_position): the value, range-checked only. */
Datum
journey_stage_from_ids(PG_FUNCTION_ARGS)
{
	int32		id = PG_GETARG_INT32(0);
	int64		pos = PG_GETARG_INT64(1);

	if (id < 1 || id > JOURNEY_MAX_ID || pos < 1 || pos > JOURNEY_MAX_POSITION)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("journey id %d or stage position %lld is out of range",
						id, (long long) pos),
				 errdetail("Journey ids range from 1 to %d and positions from 1 to %lld.",
						   JOURNEY_MAX_ID, (long long) JOURNEY_MAX_POSITION)));
	PG_RETURN_JOURNEY_STAGE(journey_stage_make(id, pos));
}

/* stage_position(stage): the stored position (no catalog). */
Datum
journey_stage_position_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(journey_stage_position(PG_GETARG_JOURNEY_STAGE(0)));
}
