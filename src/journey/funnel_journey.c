/*
 * funnel_journey.c
 *		journey_funnel(stage journey_stage, ts timestamptz, window interval):
 *		a funnel over the stage order of a journey, returning a funnel_summary.
 *
 * Step k of the funnel is the stage of ordinal k of the stage's journey (its
 * rank in the catalog, retired stages included).  Events are ordered by (ts,
 * ordinal).  The chain rule is window_funnel's default mode: a chain starts at
 * the first stage and reaches stage k when events at stages 2..k follow, each
 * at most window after the chain's first event; the reached stage is the
 * highest stage of any chain, and its chain (the one started last among those
 * reaching it) gives the time each stage was reached.  Over the whole event
 * sequence (not only the chain): skipped counts the stages jumped over by
 * forward moves (ordinal +3 skips 2), regressions the moves to a lower stage,
 * reentries the events at the first stage that follow an event at a later one.
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
#include "journey/journey_stage.h"

PG_FUNCTION_INFO_V1(journey_funnel_trans);
/* Transition: (state, stage, ts, window). */
Datum
journey_funnel_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FunnelState *st = PG_ARGISNULL(0) ? NULL : (FunnelState *) PG_GETARG_POINTER(0);
	Interval   *win;
	JourneyStage stage;
	int32		jid;
	int32		ord;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "journey_funnel transition function called in non-aggregate context");
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("funnel window must not be null")));
	win = PG_GETARG_INTERVAL_P(3);
	if (st == NULL)
	{
		st = funnel_state_new(aggcxt, funnel_window_usecs(win), -1, FUNNEL_JOURNEY);
		st->win_day = win->day;
		st->win_time = win->time;
	}
	else if ((win->day != st->win_day || win->time != st->win_time || win->month != 0) &&
			 (win->month != 0 || funnel_window_usecs(win) != st->window))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window must be the same for every row of a group")));
	if (PG_ARGISNULL(2))
		PG_RETURN_POINTER(st);
	st->has_rows = true;		/* like window_funnel: a row in time, maybe no stage */
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);

	stage = PG_GETARG_JOURNEY_STAGE(1);
	jid = journey_stage_journey_id(stage);
	if (st->journey_id == 0)
	{
		int64	   *positions;
		int			n;

		n = journey_stage_positions(jid, &positions, NULL);
		pfree(positions);
		st->journey_id = jid;
		st->nsteps = n;
	}
	else if (jid != st->journey_id)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey_funnel needs the stages of one journey in a group"),
				 errhint("Add the journey to GROUP BY, or filter the rows with WHERE journey(stage) = '...'.")));
	ord = journey_stage_ordinal(stage);
	if (ord > st->nsteps)
		st->nsteps = ord;		/* a stage added during the query */
	funnel_state_append(st, PG_GETARG_TIMESTAMPTZ(2), (uint32) ord, aggcxt);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(journey_funnel_final);
/* Final: the funnel_summary of the group. */
Datum
journey_funnel_final(PG_FUNCTION_ARGS)
{
	FunnelState *st = PG_ARGISNULL(0) ? NULL : (FunnelState *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	int			n,
				k,
				level = 0;
	int64		i;
	int64	  **chain;			/* chain[k]: timestamps of the chain at level k+1 */
	bool	   *reached;
	int32		skipped = 0,
				regressions = 0,
				reentries = 0;
	int32		prev = 0;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};
	Datum	   *ts_d;
	int64	   *positions;

	if (st == NULL || !st->has_rows)
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "journey_funnel_final must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);

	n = Max(st->nsteps, 0);
	funnel_state_sort(st);
	chain = palloc0(n * sizeof(int64 *));
	reached = palloc0(n * sizeof(bool));
	for (k = 0; k < n; k++)
		chain[k] = palloc((k + 1) * sizeof(int64));

	for (i = 0; i < st->nevents; i++)
	{
		const FunnelEvent *e = &st->events[i];
		int32		ord = (int32) e->step;

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		/* path metrics over consecutive events */
		if (prev > 0)
		{
			if (ord > prev + 1)
				skipped += ord - prev - 1;
			else if (ord < prev)
			{
				regressions++;
				if (ord == 1)
					reentries++;
			}
		}
		prev = ord;

		/* chains: window_funnel's default rule, keeping each chain's timestamps */
		k = ord - 1;
		if (k == 0)
		{
			reached[0] = true;
			chain[0][0] = e->ts;
		}
		else if (reached[k - 1])
		{
			int64		diff;

			if (!pg_sub_s64_overflow(e->ts, chain[k - 1][0], &diff) && diff <= st->window)
			{
				reached[k] = true;
				memcpy(chain[k], chain[k - 1], k * sizeof(int64));
				chain[k][k] = e->ts;
			}
		}
	}
	while (level < n && reached[level])
		level++;

	/* reached stage: the stage value of ordinal "level" */
	if (level > 0 && journey_stage_positions(st->journey_id, &positions, NULL) >= level)
		values[0] = JourneyStageGetDatum(journey_stage_make(st->journey_id, positions[level - 1]));
	else
		nulls[0] = true;
	values[1] = Int32GetDatum(level);
	if (level > 0)
	{
		ts_d = palloc(level * sizeof(Datum));
		for (k = 0; k < level; k++)
			ts_d[k] = TimestampTzGetDatum(chain[level - 1][k]);
		values[2] = PointerGetDatum(construct_array(ts_d, level, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	}
	else
		values[2] = PointerGetDatum(construct_empty_array(TIMESTAMPTZOID));
	values[3] = Int32GetDatum(skipped);
	values[4] = Int32GetDatum(regressions);
	values[5] = Int32GetDatum(reentries);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
