/*
 * funnel_journey.c
 *		journey_funnel(stage journey_stage, ts timestamptz, window interval):
 *		a funnel over the stage order of a journey, returning a funnel_summary.
 *
 * Step k of the funnel is the stage of ordinal k of the stage's journey (its
 * rank in the catalog, retired stages included).  Events are ordered by (ts,
 * ordinal).  The chain rule is window_funnel's default mode, widened by
 * skippable stages (marked optional in the catalog, or retired): a chain is a
 * sequence of events at increasing stages, each at most window after the
 * chain's first event, that passes over no required stage (so it starts at
 * the first required stage or at an optional stage before it).  Without
 * skippable stages this is exactly window_funnel's default mode.  The
 * reached stage is the highest stage of any chain; its chain (the one
 * started last among those reaching it, and of those the one that got there
 * first) gives the time each stage was first reached, NULL for the stages it
 * passed over.  Over the whole event sequence (not only the chain): skipped
 * counts the required stages jumped over by forward moves (ordinal +3 skips
 * 2 when both stages between are required), regressions the moves to a lower
 * stage, reentries the events at the first stage that follow an event at a
 * later one.
 *
 * State: the FunnelState of window_funnel (funnel_window.h) with the
 * FUNNEL_JOURNEY flag (every event kept, no saturation) and the journey id;
 * it shares window_funnel's combine and serialization functions.  NULL rules:
 * a row with a NULL ts is ignored, a NULL stage is no event; a NULL window is
 * an error; a group without rows gives NULL; stages of two journeys in one group are an
 * error (22023).  A row with a non-NULL ts and a NULL stage counts as a row
 * of the group (level 0 when it has no stage at all), as window_funnel counts
 * a row matching no step.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "journey/funnel_window.h"
#include "journey/journey_cache.h"
#include "journey/journey_stage.h"

/*
 * Per call site (fn_extra): the ordinals of recently seen stage values and
 * the stage count of the last journey, valid for one generation of the
 * journey cache (a reload of the catalog empties them).
 */
#define JF_SLOTS 64				/* a power of 2 */
#define JF_PROBES 8

typedef struct JourneyFunnelCache
{
	FunnelArgsCache args;		/* first: see funnel_call_cache */
	uint64		generation;
	int32		journey_id;		/* the journey whose stage count is nstages */
	int32		nstages;
	JourneyStage stage[JF_SLOTS];	/* 0: empty */
	int32		ordinal[JF_SLOTS];
} JourneyFunnelCache;

/* The cache of this call site, emptied when the journey cache was reloaded. */
static inline JourneyFunnelCache *
journey_funnel_cache(FunctionCallInfo fcinfo)
{
	JourneyFunnelCache *c = (JourneyFunnelCache *) fcinfo->flinfo->fn_extra;
	JourneyCache *jc = journey_cache_get();

	if (unlikely(c == NULL))
		c = funnel_call_cache(fcinfo, 3, -1, sizeof(JourneyFunnelCache));
	if (unlikely(c->generation != jc->generation))
	{
		memset(c->stage, 0, sizeof(c->stage));
		c->journey_id = 0;
		c->generation = jc->generation;
	}
	return c;
}

/*
 * The ordinal of a stage, from the cache when it is there (open addressing:
 * Fibonacci hash of the folded value, linear probing; the stages of a
 * journey differ in the upper half, where define_journey puts them).
 */
static inline int32
journey_funnel_ordinal(JourneyFunnelCache *c, JourneyStage stage)
{
	uint32		h = (uint32) ((uint64) stage >> 32) ^ (uint32) stage;
	int			slot = (int) ((h * 0x9E3779B1U) >> 26);	/* 6 bits: JF_SLOTS */
	int			i;
	int32		ord;

	StaticAssertStmt(JF_SLOTS == 64, "the hash gives 6 bits");
	for (i = 0; i < JF_PROBES; i++)
	{
		int			s = (slot + i) & (JF_SLOTS - 1);

		if (likely(c->stage[s] == stage))
			return c->ordinal[s];
		if (c->stage[s] == 0)
		{
			ord = journey_stage_ordinal(stage);
			c->stage[s] = stage;
			c->ordinal[s] = ord;
			return ord;
		}
	}
	return journey_stage_ordinal(stage);	/* crowded: not cached */
}

PG_FUNCTION_INFO_V1(journey_funnel_trans);
/*
 * Transition: (state, stage, ts, window).  Per row: no context check after
 * the first row, no window check when it is a constant, the stage's ordinal
 * from the call site's cache.
 */
Datum
journey_funnel_trans(PG_FUNCTION_ARGS)
{
	FunnelState *st;
	JourneyFunnelCache *c;
	JourneyStage stage;
	int32		jid;
	int32		ord;

	if (unlikely(PG_ARGISNULL(0)))
	{
		MemoryContext aggcxt;
		Interval   *win;

		if (!AggCheckCallContext(fcinfo, &aggcxt))
			elog(ERROR, "journey_funnel transition function called in non-aggregate context");
		if (PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("funnel window must not be null")));
		win = PG_GETARG_INTERVAL_P(3);
		st = funnel_state_new(aggcxt, funnel_window_usecs(win), -1, FUNNEL_JOURNEY);
		st->win_day = win->day;
		st->win_time = win->time;
		c = funnel_call_cache(fcinfo, 3, -1, sizeof(JourneyFunnelCache));
		st->check_args = !c->args.args_const;
	}
	else
	{
		/* a later row: the window must not vary (no check when it is a constant) */
		st = (FunnelState *) PG_GETARG_POINTER(0);
		if (unlikely(st->check_args))
		{
			if (PG_ARGISNULL(3))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("funnel window must not be null")));
			funnel_check_window(st, PG_GETARG_INTERVAL_P(3));
		}
	}
	if (PG_ARGISNULL(2))
		PG_RETURN_POINTER(st);
	st->has_rows = true;		/* like window_funnel: a row in time, maybe no stage */
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);

	stage = PG_GETARG_JOURNEY_STAGE(1);
	jid = journey_stage_journey_id(stage);
	c = journey_funnel_cache(fcinfo);
	if (st->journey_id == 0)
	{
		if (c->journey_id != jid)
		{
			int64	   *positions;

			c->nstages = journey_stage_positions(jid, &positions, NULL, NULL);
			pfree(positions);
			c->journey_id = jid;
		}
		st->journey_id = jid;
		st->nsteps = c->nstages;
	}
	else if (jid != st->journey_id)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey_funnel needs the stages of one journey in a group"),
				 errhint("Add the journey to GROUP BY, or filter the rows with WHERE journey(stage) = '...'.")));
	ord = journey_funnel_ordinal(c, stage);
	if (ord > st->nsteps)
		st->nsteps = ord;		/* a stage added during the query */
	funnel_state_append(st, PG_GETARG_TIMESTAMPTZ(2), (uint32) ord, st->cxt);
	PG_RETURN_POINTER(st);
}

/*
 * The stage order of one journey as the funnel sees it: per stage, whether a
 * chain may pass over it (optional or retired), the closest required stage
 * below it (-1: none, so a chain may start there), and how many required
 * stages lie below it.
 */
typedef struct FunnelStages
{
	int			n;
	bool	   *skippable;
	int		   *lo;
	int		   *req_before;
} FunnelStages;

/* Chains reaching each stage (0-based), one slot per stage. */
typedef struct FunnelSlots
{
	bool	   *reached;
	int64	   *start;			/* start time of the slot's chain */
	int64	   *last;			/* its last event */
	int64	   *entry;			/* its event at the first required stage, or -1 */
	int		   *from;			/* the slot it extended, or -1 */
} FunnelSlots;

/* Slot arrays for n stages, in the current memory context. */
static void
funnel_slots_init(FunnelSlots *sl, int n)
{
	sl->reached = palloc0((n + 1) * sizeof(bool));
	sl->start = palloc0((n + 1) * sizeof(int64));
	sl->last = palloc0((n + 1) * sizeof(int64));
	sl->entry = palloc0((n + 1) * sizeof(int64));
	sl->from = palloc0((n + 1) * sizeof(int));
}

static void
funnel_slots_free(FunnelSlots *sl)
{
	pfree(sl->reached);
	pfree(sl->start);
	pfree(sl->last);
	pfree(sl->entry);
	pfree(sl->from);
}

/*
 * Per call site of the final function (fn_extra, in fn_mcxt): the blessed
 * result type, and for the last journey seen (one generation of the journey
 * cache, one stage count) its stage positions, the funnel's view of its
 * stages and slot arrays that every group reuses.  Groups of another journey
 * rebuild it (the old arrays are freed).
 */
typedef struct JourneyFinalCache
{
	TupleDesc	tupdesc;
	bool		built;
	uint64		generation;
	int32		journey_id;
	int			n;
	int			npos;
	int			first_req;
	int64	   *positions;
	FunnelStages fs;
	FunnelSlots sl;
	FunnelSlots core;
} JourneyFinalCache;

static JourneyFinalCache *
journey_final_cache(FunctionCallInfo fcinfo, int32 journey_id, int n)
{
	JourneyFinalCache *c = (JourneyFinalCache *) fcinfo->flinfo->fn_extra;
	MemoryContext old;
	uint64		generation = journey_cache_get()->generation;
	bool	   *retired = NULL;
	bool	   *optional = NULL;
	int			k;

	if (c == NULL)
	{
		TupleDesc	tupdesc;

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "journey_funnel_final must return a composite type");
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(JourneyFinalCache));
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		c->tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = c;
	}
	if (c->built && c->generation == generation && c->journey_id == journey_id && c->n == n)
		return c;

	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (c->built)
	{
		if (c->positions)
			pfree(c->positions);
		pfree(c->fs.skippable);
		pfree(c->fs.lo);
		pfree(c->fs.req_before);
		funnel_slots_free(&c->sl);
		funnel_slots_free(&c->core);
		c->built = false;
	}
	c->positions = NULL;
	c->npos = journey_id != 0 ?
		journey_stage_positions(journey_id, &c->positions, &retired, &optional) : 0;
	c->fs.n = n;
	c->fs.skippable = palloc0((n + 1) * sizeof(bool));
	c->fs.lo = palloc((n + 1) * sizeof(int));
	c->fs.req_before = palloc((n + 1) * sizeof(int));
	c->first_req = n;
	for (k = 0; k < n; k++)
	{
		/* a stage added to the catalog during the query counts as required */
		c->fs.skippable[k] = k < c->npos && (retired[k] || optional[k]);
		c->fs.lo[k] = k == 0 ? -1 : (c->fs.skippable[k - 1] ? c->fs.lo[k - 1] : k - 1);
		c->fs.req_before[k] = k == 0 ? 0 : c->fs.req_before[k - 1] + (c->fs.skippable[k - 1] ? 0 : 1);
		if (!c->fs.skippable[k] && c->first_req == n)
			c->first_req = k;
	}
	if (retired)
		pfree(retired);
	if (optional)
		pfree(optional);
	funnel_slots_init(&c->sl, n);
	funnel_slots_init(&c->core, n);
	MemoryContextSwitchTo(old);
	c->generation = generation;
	c->journey_id = journey_id;
	c->n = n;
	c->built = true;
	return c;
}

/*
 * The reported chain of level "level" (reached_at): sets ts_d/ts_null[k] for
 * the stages it went through.  The entry e is the event of the latest-started
 * chain at the first required stage (or its last event when the level is
 * below that stage), which is the latest entry of any chain reaching the
 * level.  After e, each stage is taken at its first reach from e within the
 * window of e (core).  Before e, leading optional stages are taken from the
 * earliest event that keeps the whole chain within the window, then first
 * come (prefix).
 */
static void
funnel_report_chain(FunnelState *st, const FunnelStages *fs, FunnelSlots *core_slots,
					int64 e, int level, Datum *ts_d, bool *ts_null)
{
	const FunnelEvent *ev = st->events;
	int			se = (int) ev[e].step - 1;
	int			n = fs->n;
	FunnelSlots core = *core_slots;
	int64		i,
				tmin,
				floor_ts,
				first = -1;
	int			cur,
				k;

	ts_d[se] = TimestampTzGetDatum(ev[e].ts);
	ts_null[se] = false;

	/* core: first reach of every stage above se, from e */
	memset(core.reached, 0, (n + 1) * sizeof(bool));
	core.reached[se] = true;
	core.last[se] = e;
	tmin = ev[e].ts;
	for (i = e + 1; i < st->nevents && !core.reached[level - 1]; i++)
	{
		int			p;
		int64		diff;

		k = (int) ev[i].step - 1;
		if (k <= se || k >= n || core.reached[k])
			continue;
		if (pg_sub_s64_overflow(ev[i].ts, ev[e].ts, &diff) || diff > st->window)
			break;				/* later events are later still */
		for (p = k - 1; p >= Max(fs->lo[k], se); p--)
			if (core.reached[p])
				break;
		if (p < Max(fs->lo[k], se))
			continue;
		core.reached[k] = true;
		core.last[k] = i;
		core.from[k] = p;
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (level - 1 > se && core.reached[level - 1])
	{
		tmin = ev[core.last[level - 1]].ts;
		for (k = level - 1; k > se; k = core.from[k])
		{
			ts_d[k] = TimestampTzGetDatum(ev[core.last[k]].ts);
			ts_null[k] = false;
		}
	}

	/* prefix: leading optional stages before e, from the earliest event allowed */
	if (se == 0 || pg_sub_s64_overflow(tmin, st->window, &floor_ts))
		return;
	for (i = 0; i < e; i++)
		if ((int) ev[i].step - 1 < se && ev[i].ts >= floor_ts)
		{
			first = i;
			break;
		}
	if (first < 0)
		return;
	cur = -1;
	for (i = first; i < e; i++)
	{
		k = (int) ev[i].step - 1;
		if (k > cur && k < se)
		{
			ts_d[k] = TimestampTzGetDatum(ev[i].ts);
			ts_null[k] = false;
			cur = k;
		}
	}
}

PG_FUNCTION_INFO_V1(journey_funnel_final);
/*
 * Final: the funnel_summary of the group.
 *
 * The level: one pass over the events in (ts, ordinal) order keeps, for every
 * stage k, the chain that reached k and started last (ties: the one that got
 * there first), which is exact (a later start leaves more of the window).  An
 * event at stage k extends the latest-started chain at a stage from lo[k] to
 * k - 1 when it is within the window of that chain's start, or starts a chain
 * itself when every stage below k is skippable.  Skippable stages (optional
 * or retired) may be passed over; skipped counts only the required stages
 * jumped over.  The reported chain: see funnel_report_chain.
 */
Datum
journey_funnel_final(PG_FUNCTION_ARGS)
{
	FunnelState *st = PG_ARGISNULL(0) ? NULL : (FunnelState *) PG_GETARG_POINTER(0);
	JourneyFinalCache *c;
	int			n,
				npos,
				k,
				first_req,
				level = 0;
	int64		i;
	FunnelStages fs;
	FunnelSlots sl;
	int64		work = 0;
	int32		skipped = 0,
				regressions = 0,
				reentries = 0;
	int32		prev = 0;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};
	int64	   *positions;

	if (st == NULL || !st->has_rows)
		PG_RETURN_NULL();

	n = Max(st->nsteps, 0);
	funnel_state_sort(st);
	c = journey_final_cache(fcinfo, st->journey_id, n);
	fs = c->fs;
	sl = c->sl;
	npos = c->npos;
	positions = c->positions;
	first_req = c->first_req;
	memset(sl.reached, 0, (n + 1) * sizeof(bool));

	for (i = 0; i < st->nevents; i++)
	{
		const FunnelEvent *e = &st->events[i];
		int32		ord = (int32) e->step;
		int			src = -1,
					p;
		int64		cstart = 0;
		int64		diff;

		if (++work >= 65536)
		{
			CHECK_FOR_INTERRUPTS();
			work = 0;
		}
		k = ord - 1;
		if (k < 0 || k >= n)
			continue;			/* cannot happen: the transition sets nsteps */
		/* path metrics over consecutive events */
		if (prev > 0)
		{
			if (ord > prev + 1)
				skipped += fs.req_before[ord - 1] - fs.req_before[prev];
			else if (ord < prev)
			{
				regressions++;
				if (ord == 1)
					reentries++;
			}
		}
		prev = ord;

		/* the latest-started chain this event may extend (highest stage on ties) */
		for (p = k - 1; p >= Max(fs.lo[k], 0); p--)
		{
			work++;
			if (sl.reached[p] && (src < 0 || sl.start[p] > cstart))
			{
				src = p;
				cstart = sl.start[p];
			}
		}
		if (fs.lo[k] < 0 && (src < 0 || e->ts > cstart))
		{
			src = -1;			/* start a chain here */
			cstart = e->ts;
		}
		else if (src < 0)
			continue;			/* nothing to extend */
		if (pg_sub_s64_overflow(e->ts, cstart, &diff) || diff > st->window)
			continue;			/* the chain started too long ago */
		if (sl.reached[k] && cstart <= sl.start[k])
			continue;			/* keep the chain that got here first */
		sl.reached[k] = true;
		sl.start[k] = cstart;
		sl.last[k] = i;
		sl.from[k] = src;
		sl.entry[k] = k == first_req ? i : (src >= 0 ? sl.entry[src] : -1);
	}
	for (k = n - 1; k >= 0; k--)
		if (sl.reached[k])
		{
			level = k + 1;
			break;
		}

	/* reached stage: the stage value of ordinal "level" */
	if (level > 0 && npos >= level)
		values[0] = JourneyStageGetDatum(journey_stage_make(st->journey_id, positions[level - 1]));
	else
		nulls[0] = true;
	values[1] = Int32GetDatum(level);
	if (level > 0)
	{
		Datum	   *ts_d = palloc0(level * sizeof(Datum));
		bool	   *ts_null = palloc(level * sizeof(bool));
		int			dims[1] = {level};
		int			lbs[1] = {1};

		for (k = 0; k < level; k++)
			ts_null[k] = true;
		funnel_report_chain(st, &fs, &c->core,
							level - 1 >= first_req ? sl.entry[level - 1] : sl.last[level - 1],
							level, ts_d, ts_null);
		values[2] = PointerGetDatum(construct_md_array(ts_d, ts_null, 1, dims, lbs, TIMESTAMPTZOID,
													   8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	}
	else
		values[2] = PointerGetDatum(construct_empty_array(TIMESTAMPTZOID));
	values[3] = Int32GetDatum(skipped);
	values[4] = Int32GetDatum(regressions);
	values[5] = Int32GetDatum(reentries);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(c->tupdesc, values, nulls)));
}
