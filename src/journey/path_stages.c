/*
 * path_stages.c
 *		Paths through a journey, per group (typically per customer):
 *		stage_transitions(stage, ts) and time_in_stage(stage, ts).
 *
 * Events are ordered by (ts, stage order); a run of consecutive events at
 * the same stage is one visit.  stage_transitions counts the moves from one
 * visit to the next, as stage_transition (from_stage, to_stage, transitions)
 * elements ordered by (from_stage, to_stage).  time_in_stage gives, per stage
 * visited, stage_dwell (stage, visits, dwell, censored): dwell sums, over the
 * visits, the time from the visit's first event to the first event of the
 * next visit; the last visit has no next event and is right-censored at the
 * group's last event (its dwell runs to that event, censored = true).
 *
 * State: window_funnel's FunnelState (funnel_window.h) with the FUNNEL_JOURNEY
 * flag, events (ts, ordinal), the same combine and serialization functions.
 * NULL rules: a row with a NULL stage or ts is ignored; a group without such
 * rows gives NULL; stages of two journeys in one group are an error (22023).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "journey/funnel_window.h"
#include "journey/journey_stage.h"

PG_FUNCTION_INFO_V1(path_stages_trans);
/* Transition: (state, stage, ts). */
Datum
path_stages_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FunnelState *st = PG_ARGISNULL(0) ? NULL : (FunnelState *) PG_GETARG_POINTER(0);
	JourneyStage stage;
	int32		jid;
	int32		ord;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "path aggregate transition function called in non-aggregate context");
	if (st == NULL)
		st = funnel_state_new(aggcxt, 0, -1, FUNNEL_JOURNEY);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(st);
	stage = PG_GETARG_JOURNEY_STAGE(1);
	jid = journey_stage_journey_id(stage);
	if (st->journey_id == 0)
		st->journey_id = jid;
	else if (jid != st->journey_id)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("path aggregates need the stages of one journey in a group"),
				 errhint("Add the journey to GROUP BY, or filter the rows with WHERE journey(stage) = '...'.")));
	ord = journey_stage_ordinal(stage);
	if (ord > st->nsteps)
		st->nsteps = ord;
	st->has_rows = true;
	funnel_state_append(st, PG_GETARG_TIMESTAMPTZ(2), (uint32) ord, aggcxt);
	PG_RETURN_POINTER(st);
}

/* The stage value of an ordinal of the state's journey. */
static Datum
path_stage_datum(const FunnelState *st, const int64 *positions, int npos, int32 ord)
{
	if (ord < 1 || ord > npos)
		elog(ERROR, "stage ordinal %d is out of range for journey %d", ord, st->journey_id);
	return JourneyStageGetDatum(journey_stage_make(st->journey_id, positions[ord - 1]));
}

/* Element type and its storage parameters of the function's array result. */
static TupleDesc
path_result_tupdesc(FunctionCallInfo fcinfo, Oid *elemtype, int16 *typlen, bool *typbyval, char *typalign)
{
	Oid			arrtype = get_fn_expr_rettype(fcinfo->flinfo);

	*elemtype = get_element_type(arrtype);
	if (!OidIsValid(*elemtype))
		elog(ERROR, "path aggregate must return an array of a composite type");
	get_typlenbyvalalign(*elemtype, typlen, typbyval, typalign);
	return BlessTupleDesc(lookup_rowtype_tupdesc_copy(*elemtype, -1));
}

/* qsort comparator of (from, to) pairs. */
static int
path_pair_cmp(const void *x, const void *y)
{
	uint64		a = *(const uint64 *) x;
	uint64		b = *(const uint64 *) y;

	return a < b ? -1 : a > b ? 1 : 0;
}

PG_FUNCTION_INFO_V1(stage_transitions_final);
/* Final: stage_transition[] (from_stage, to_stage, transitions). */
Datum
stage_transitions_final(PG_FUNCTION_ARGS)
{
	FunnelState *st = PG_ARGISNULL(0) ? NULL : (FunnelState *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	Oid			elemtype;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	int64	   *positions;
	int			npos,
				a,
				b;
	uint64	   *pairs;
	int64		npairs = 0,
				nelems = 0;
	int64		i;
	Datum	   *elems;

	if (st == NULL || !st->has_rows)
		PG_RETURN_NULL();
	tupdesc = path_result_tupdesc(fcinfo, &elemtype, &typlen, &typbyval, &typalign);
	npos = journey_stage_positions(st->journey_id, &positions, NULL, NULL);
	funnel_state_sort(st);
	/* (from, to) pairs of consecutive different stages, sorted, then counted */
	pairs = palloc_extended(sizeof(uint64) * Max(1, st->nevents), MCXT_ALLOC_HUGE);
	for (i = 1; i < st->nevents; i++)
	{
		a = (int) st->events[i - 1].step;
		b = (int) st->events[i].step;
		if (a != b)
			pairs[npairs++] = ((uint64) a << 32) | (uint64) b;
	}
	qsort(pairs, npairs, sizeof(uint64), path_pair_cmp);
	elems = palloc_extended(sizeof(Datum) * Max(1, npairs), MCXT_ALLOC_HUGE);
	for (i = 0; i < npairs;)
	{
		Datum		v[3];
		bool		nulls[3] = {false, false, false};
		int64		j = i;

		CHECK_FOR_INTERRUPTS();
		while (j < npairs && pairs[j] == pairs[i])
			j++;
		v[0] = path_stage_datum(st, positions, npos, (int32) (pairs[i] >> 32));
		v[1] = path_stage_datum(st, positions, npos, (int32) (pairs[i] & 0xFFFFFFFF));
		v[2] = Int64GetDatum(j - i);
		elems[nelems++] = HeapTupleGetDatum(heap_form_tuple(tupdesc, v, nulls));
		i = j;
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, nelems, elemtype, typlen, typbyval, typalign));
}

PG_FUNCTION_INFO_V1(time_in_stage_final);
/* Final: stage_dwell[] (stage, visits, dwell, censored). */
Datum
time_in_stage_final(PG_FUNCTION_ARGS)
{
	FunnelState *st = PG_ARGISNULL(0) ? NULL : (FunnelState *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	Oid			elemtype;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	int64	   *positions;
	int			npos,
				n,
				s,
				nelems = 0;
	int64	   *visits;
	int64	   *dwell;
	int			censored_stage;
	int64		i,
				run_start;
	Datum	   *elems;

	if (st == NULL || !st->has_rows)
		PG_RETURN_NULL();
	tupdesc = path_result_tupdesc(fcinfo, &elemtype, &typlen, &typbyval, &typalign);
	npos = journey_stage_positions(st->journey_id, &positions, NULL, NULL);
	n = Max(st->nsteps, npos);
	funnel_state_sort(st);
	visits = palloc0(n * sizeof(int64));
	dwell = palloc0(n * sizeof(int64));
	run_start = st->events[0].ts;
	visits[st->events[0].step - 1]++;
	for (i = 1; i < st->nevents; i++)
	{
		const FunnelEvent *p = &st->events[i - 1];
		const FunnelEvent *e = &st->events[i];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (e->step != p->step)
		{
			/* the visit of p->step ends where the next visit starts */
			dwell[p->step - 1] += e->ts - run_start;
			visits[e->step - 1]++;
			run_start = e->ts;
		}
	}
	/* the last visit is right-censored at the last event */
	censored_stage = (int) st->events[st->nevents - 1].step;
	dwell[censored_stage - 1] += st->events[st->nevents - 1].ts - run_start;

	elems = palloc(sizeof(Datum) * n);
	for (s = 0; s < n; s++)
	{
		Datum		v[4];
		bool		nulls[4] = {false, false, false, false};
		Interval   *iv;

		if (visits[s] == 0)
			continue;
		iv = palloc0(sizeof(Interval));
		iv->time = dwell[s];
		v[0] = path_stage_datum(st, positions, npos, s + 1);
		v[1] = Int64GetDatum(visits[s]);
		v[2] = IntervalPGetDatum(iv);
		v[3] = BoolGetDatum(s + 1 == censored_stage);
		elems[nelems++] = HeapTupleGetDatum(heap_form_tuple(tupdesc, v, nulls));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, nelems, elemtype, typlen, typbyval, typalign));
}
