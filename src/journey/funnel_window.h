/*
 * funnel_window.h
 *		The state of window_funnel: matched (ts, step) events of one group, and
 *		the scan that turns them into the highest funnel level reached.
 *		See funnel_window.c for the semantics.
 */
#ifndef CX_FUNNEL_WINDOW_H
#define CX_FUNNEL_WINDOW_H

#include "datatype/timestamp.h"
#include "fmgr.h"

/* Mode bits (the mode argument is a comma-separated list of their names). */
#define FUNNEL_STRICT_ORDER		0x01
#define FUNNEL_STRICT_DEDUP		0x02
#define FUNNEL_STRICT_INCREASE	0x04
#define FUNNEL_STRICT_ONCE		0x08
#define FUNNEL_ALLOW_REENTRY	0x10
#define FUNNEL_JOURNEY			0x20	/* journey_funnel: keep every event (no saturation) */
#define FUNNEL_ALL_FLAGS		0x3F


/* One event: a row matching one step (step 0: a row matching none, strict_order only). */
typedef struct FunnelEvent
{
	int64		ts;				/* microseconds, as timestamptz */
	uint32		step;			/* 1-based step, 0 = no step */
	uint32		row;			/* row number within the group (strict_once only) */
} FunnelEvent;

typedef struct FunnelState
{
	int64		window;			/* microseconds, >= 0 */
	int32		nsteps;			/* -1 until a row with a steps array arrives */
	uint32		flags;			/* FUNNEL_* */
	int32		win_day;		/* the window as given, for the per-row check */
	int64		win_time;
	bool		has_rows;		/* a row with a non-NULL ts was seen */
	bool		sorted;			/* events are in (ts, step, row) order */
	bool		saturated;		/* default mode reached the last step: events dropped */
	int32		modelen;		/* the mode text as given (mode forms only), */
	char	   *mode;			/* for the per-row equality check */
	uint32		nrows;			/* rows seen (strict_once row ids) */
	int32		journey_id;		/* journey_funnel: the journey of every stage, 0 before */
	bool		check_args;		/* re-check window (and mode) on every row */
	MemoryContext cxt;			/* the aggregate context the state lives in */
	int64		nevents;
	int64		capacity;
	FunnelEvent *events;
} FunnelState;

extern int64 funnel_window_usecs(const Interval *w);
extern void funnel_window_mismatch(FunnelState *st, const Interval *win);
extern bool funnel_args_const(FunctionCallInfo fcinfo, int argwin, int argmode);

/* What funnel_call_cache keeps in fn_extra; a caller may extend it (this first). */
typedef struct FunnelArgsCache
{
	Size		size;			/* of the whole block */
	bool		args_const;		/* window (and mode) arguments are constants */
} FunnelArgsCache;

extern void *funnel_call_cache(FunctionCallInfo fcinfo, int argwin, int argmode, Size size);
extern FunnelState *funnel_state_new(MemoryContext cxt, int64 window, int32 nsteps, uint32 flags);
extern void funnel_state_sort(FunnelState *st);
extern void funnel_state_compact(FunnelState *st);
extern int	funnel_window_level(FunnelState *st);
extern void funnel_state_append(FunnelState *st, int64 ts, uint32 step, MemoryContext cxt);

/*
 * Per-row check that the window argument is the state's (an error otherwise);
 * the common case, the same value as given to the first row, inline.
 */
static inline void
funnel_check_window(FunnelState *st, const Interval *win)
{
	if (unlikely(win->time != st->win_time || win->day != st->win_day || win->month != 0))
		funnel_window_mismatch(st, win);
}

#endif							/* CX_FUNNEL_WINDOW_H */
