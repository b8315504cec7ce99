/*
 * funnel_window.c
 *		window_funnel(window, [mode,] ts, VARIADIC steps boolean[]): the highest
 *		step of a funnel reached by one chain, ClickHouse windowFunnel semantics.
 *
 * A chain starts at an event matching step 1 and reaches step k when events
 * matching steps 2..k follow it in event order, each no later than the chain's
 * start plus the window (inclusive).  Event order is (ts, step): a row that
 * matches several steps is one event per matched step at its timestamp, and
 * at equal timestamps lower steps come first (rows matching no step, which
 * only strict_order keeps, come before step 1).  This is ClickHouse's order;
 * the result depends only on the multiset of (ts, step) events, never on the
 * order rows arrive in.  Modes (comma-separated text): strict_order,
 * strict_deduplication, strict_increase, strict_once, allow_reentry (with
 * strict_order); the scan in window_funnel_level documents each.
 *
 * State (internal, in the aggregate context): the window in microseconds, the
 * number of steps, the mode bits and a growable array of FunnelEvent
 * {ts, step, row}.  Rows that match no step are not stored (except the
 * strict_order "step 0" marker).  When the array must grow past
 * FUNNEL_COMPACT_MIN events it is first sorted and compacted: duplicate
 * (ts, step) events are dropped (one is kept, two with strict_deduplication,
 * all with strict_once whose row identity matters), and in the default mode,
 * where more events can only raise the level, a state that already reaches the
 * last step drops its events and ignores further rows ("saturated").  The
 * final sort packs each event into one 64-bit key and distributes the keys
 * into buckets by time (linear for evenly spread timestamps); the default
 * mode scans bucket by bucket and stops at the last step.  The per-row path
 * (funnel_trans_common) keeps to a few dozen instructions: see there.
 *
 * NULL rules: a NULL step condition is false; a NULL steps array matches no
 * step; a row with a NULL ts is ignored; a NULL window or mode is an error.
 * A group with no row with a non-NULL ts gives NULL; otherwise the result is
 * 0..number of steps.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "journey/funnel_window.h"

#define FUNNEL_COMPACT_MIN	1024	/* compact before growing past this */
#define FUNNEL_INITIAL		8		/* events stored inline with the state */
#define FUNNEL_SERIAL_VERSION 1

/* ---------- events and sorting ---------- */

static inline int
funnel_event_cmp(const FunnelEvent *a, const FunnelEvent *b)
{
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->step != b->step)
		return a->step < b->step ? -1 : 1;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return 0;
}

#define ST_SORT funnel_sort_events
#define ST_ELEMENT_TYPE FunnelEvent
#define ST_COMPARE(a, b) funnel_event_cmp(a, b)
#define ST_SCOPE static
#define ST_DECLARE
#define ST_DEFINE
#include "lib/sort_template.h"

#define ST_SORT funnel_sort_keys
#define ST_ELEMENT_TYPE uint64
#define ST_COMPARE(a, b) (*(a) < *(b) ? -1 : *(a) > *(b) ? 1 : 0)
#define ST_SCOPE static
#define ST_DECLARE
#define ST_DEFINE
#include "lib/sort_template.h"

/* Insertion sort of a few events. */
static inline void
funnel_sort_small(FunnelEvent *ev, int64 n)
{
	int64		i,
				j;

	for (i = 1; i < n; i++)
	{
		FunnelEvent x = ev[i];

		for (j = i; j > 0 && funnel_event_cmp(&ev[j - 1], &x) > 0; j--)
			ev[j] = ev[j - 1];
		ev[j] = x;
	}
}

/* Insertion sort of a few keys. */
static inline void
funnel_sort_small_keys(uint64 *k, int64 n)
{
	int64		i,
				j;

	for (i = 1; i < n; i++)
	{
		uint64		x = k[i];

		for (j = i; j > 0 && k[j - 1] > x; j--)
			k[j] = k[j - 1];
		k[j] = x;
	}
}

#define FUNNEL_SMALL_SORT	16	/* insertion sort up to this many elements */
#define FUNNEL_MAX_BUCKET_BITS 16
#define FUNNEL_KEYS_INLINE	512

/*
 * The events of a state as packed keys ((ts - lo) << 8 | step), distributed
 * by their top bits into about n/2 buckets (each bucket unsorted yet):
 * bucket b is keys[b == 0 ? 0 : ends[b - 1] .. ends[b]).
 */
typedef struct FunnelKeys
{
	int64		lo;
	int64		nb;
	uint64	   *keys;
	uint32	   *ends;
	uint64		kbuf[FUNNEL_KEYS_INLINE];
	uint32		cbuf[FUNNEL_KEYS_INLINE + 1];
} FunnelKeys;

/*
 * Distribute the events of st into fk (a counting pass and a scatter pass).
 * False, and nothing to free, when the events do not pack: strict_once (the
 * row numbers matter), 256 steps or more, or timestamps spanning 2^55
 * microseconds (over a thousand years) or more.
 */
static bool
funnel_keys_distribute(const FunnelState *st, FunnelKeys *fk)
{
	const FunnelEvent *ev = st->events;
	int64		i,
				n = st->nevents;
	int64		lo,
				hi,
				span,
				b;
	uint64		maxkey;
	int			nbits,
				shift;
	uint32		sum;
	uint32	   *cnt;

	if ((st->flags & FUNNEL_STRICT_ONCE) || st->nsteps >= 256 || n < 2)
		return false;
	lo = hi = ev[0].ts;
	for (i = 1; i < n; i++)
	{
		lo = Min(lo, ev[i].ts);
		hi = Max(hi, ev[i].ts);
	}
	if (pg_sub_s64_overflow(hi, lo, &span) || span >= (INT64CONST(1) << 55))
		return false;
	maxkey = ((uint64) span << 8) | 0xFF;
	nbits = Min(pg_leftmost_one_pos64((uint64) n), FUNNEL_MAX_BUCKET_BITS);
	shift = Max(pg_leftmost_one_pos64(maxkey) + 1 - nbits, 0);
	fk->lo = lo;
	fk->nb = (int64) (maxkey >> shift) + 1;
	fk->keys = n <= FUNNEL_KEYS_INLINE ? fk->kbuf : palloc_extended(n * sizeof(uint64), MCXT_ALLOC_HUGE);
	cnt = fk->nb <= FUNNEL_KEYS_INLINE ? fk->cbuf : palloc((fk->nb + 1) * sizeof(uint32));
	fk->ends = cnt;

	/* count per bucket, then turn the counts into bucket starts */
	memset(cnt, 0, (fk->nb + 1) * sizeof(uint32));
	for (i = 0; i < n; i++)
		cnt[(((uint64) (ev[i].ts - lo) << 8) | ev[i].step) >> shift]++;
	sum = 0;
	for (b = 0; b <= fk->nb; b++)
	{
		uint32		c = cnt[b];

		cnt[b] = sum;
		sum += c;
	}
	/* scatter: afterwards cnt[b] is the end of bucket b */
	for (i = 0; i < n; i++)
	{
		uint64		key = ((uint64) (ev[i].ts - lo) << 8) | ev[i].step;

		fk->keys[cnt[key >> shift]++] = key;
	}
	return true;
}

/* Sort bucket b of fk in place; returns its start, sets *end. */
static inline uint32
funnel_keys_sort_bucket(FunnelKeys *fk, int64 b, uint32 *end)
{
	uint32		start = b == 0 ? 0 : fk->ends[b - 1];
	int64		size = (int64) fk->ends[b] - start;

	*end = fk->ends[b];
	if (size > FUNNEL_SMALL_SORT)
		funnel_sort_keys(fk->keys + start, size);
	else if (size > 1)
		funnel_sort_small_keys(fk->keys + start, size);
	return start;
}

static inline void
funnel_keys_free(FunnelKeys *fk)
{
	if (fk->keys != fk->kbuf)
		pfree(fk->keys);
	if (fk->ends != fk->cbuf)
		pfree(fk->ends);
}

/*
 * Sort the events of a state (a no-op when they arrived in order): a few by
 * insertion sort; more, when they pack into 64-bit keys, by distribution (the
 * buckets above, each sorted by insertion, or by the inlined quicksort
 * template when large: linear for timestamps spread evenly over the group's
 * span, never worse than O(n log n)); else by the inlined quicksort template.
 */
void
funnel_state_sort(FunnelState *st)
{
	int64		n = st->nevents;
	FunnelKeys	fk;

	if (st->sorted)
		return;
	if (n <= FUNNEL_SMALL_SORT)
		funnel_sort_small(st->events, n);
	else if (funnel_keys_distribute(st, &fk))
	{
		FunnelEvent *ev = st->events;
		int64		b,
					i;
		uint32		end;

		for (b = 0; b < fk.nb; b++)
			(void) funnel_keys_sort_bucket(&fk, b, &end);
		for (i = 0; i < n; i++)
		{
			ev[i].ts = fk.lo + (int64) (fk.keys[i] >> 8);
			ev[i].step = (uint32) (fk.keys[i] & 0xFF);
			ev[i].row = 0;
		}
		funnel_keys_free(&fk);
	}
	else
		funnel_sort_events(st->events, n);
	st->sorted = true;
}

/* ---------- mode and window parsing ---------- */

/* Parse a comma-separated mode list into FUNNEL_* bits. */
static uint32
funnel_parse_mode(text *mode)
{
	char	   *s = text_to_cstring(mode);
	char	   *p = s;
	uint32		flags = 0;

	while (*p)
	{
		char	   *start,
				   *end;
		size_t		len;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ',')
			p++;
		end = p;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		len = end - start;
#define MODE_IS(name) (len == strlen(name) && strncmp(start, name, len) == 0)
		if (MODE_IS("strict_order"))
			flags |= FUNNEL_STRICT_ORDER;
		else if (MODE_IS("strict_deduplication"))
			flags |= FUNNEL_STRICT_DEDUP;
		else if (MODE_IS("strict_increase"))
			flags |= FUNNEL_STRICT_INCREASE;
		else if (MODE_IS("strict_once"))
			flags |= FUNNEL_STRICT_ONCE;
		else if (MODE_IS("allow_reentry"))
			flags |= FUNNEL_ALLOW_REENTRY;
		else if (MODE_IS("strict"))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("funnel mode \"strict\" is not supported"),
					 errdetail("ClickHouse renamed this mode to strict_deduplication."),
					 errhint("Use 'strict_deduplication'.")));
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown funnel mode \"%.*s\"", (int) len, start),
					 errdetail("Valid modes are strict_order, strict_deduplication, strict_increase, strict_once and allow_reentry."),
					 errhint("Combine modes with commas, for example 'strict_order, strict_increase'.")));
#undef MODE_IS
	}
	if ((flags & FUNNEL_ALLOW_REENTRY) && !(flags & FUNNEL_STRICT_ORDER))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel mode allow_reentry requires strict_order"),
				 errhint("Use 'strict_order, allow_reentry'.")));
	pfree(s);
	return flags;
}

/* Convert a window interval to microseconds; months are refused. */
int64
funnel_window_usecs(const Interval *w)
{
	int64		days_us;
	int64		us;

	if (w->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window must not contain months or years"),
				 errdetail("Months have no fixed length; the window is a fixed duration and a day counts as 24 hours."),
				 errhint("Write the window in days, for example '30 days'.")));
	if (pg_mul_s64_overflow((int64) w->day, USECS_PER_DAY, &days_us) ||
		pg_add_s64_overflow(days_us, w->time, &us))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("funnel window is out of range")));
	if (us < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window must not be negative")));
	return us;
}

/* ---------- state ---------- */

/* New state in the aggregate context with FUNNEL_INITIAL inline events. */
FunnelState *
funnel_state_new(MemoryContext cxt, int64 window, int32 nsteps, uint32 flags)
{
	FunnelState *st;

	st = MemoryContextAlloc(cxt, sizeof(FunnelState) + FUNNEL_INITIAL * sizeof(FunnelEvent));
	memset(st, 0, sizeof(FunnelState));
	st->window = window;
	st->nsteps = nsteps;
	st->flags = flags;
	st->sorted = true;
	st->check_args = true;
	st->cxt = cxt;
	st->capacity = FUNNEL_INITIAL;
	st->events = (FunnelEvent *) ((char *) st + sizeof(FunnelState));
	return st;
}

/*
 * Sort and drop events that cannot change the result.  Keeps the value of the
 * state (the level it finalises to) unchanged.
 */
void
funnel_state_compact(FunnelState *st)
{
	int64		i,
				j,
				run;
	int			keep;

	funnel_state_sort(st);
	if (st->flags & FUNNEL_STRICT_ONCE)
		return;
	keep = (st->flags & FUNNEL_STRICT_DEDUP) ? 2 : 1;
	j = 0;
	run = 0;
	for (i = 0; i < st->nevents; i++)
	{
		if (j > 0 && st->events[i].ts == st->events[j - 1].ts &&
			st->events[i].step == st->events[j - 1].step)
		{
			if (++run >= keep)
				continue;
		}
		else
			run = 0;
		st->events[j++] = st->events[i];
	}
	st->nevents = j;

	/* Default mode is monotone: once the last step is reached, it stays so. */
	if (st->flags == 0 && st->nevents > 0 &&	/* never FUNNEL_JOURNEY */
		funnel_window_level(st) == st->nsteps)
	{
		st->saturated = true;
		st->nevents = 0;
	}
}

/* Make room for n more events: compact first, then grow (huge allocations). */
static pg_noinline void
funnel_state_grow(FunnelState *st, int64 n, MemoryContext cxt)
{
	int64		newcap;
	FunnelEvent *ev;
	if (st->nevents >= FUNNEL_COMPACT_MIN)
	{
		funnel_state_compact(st);
		if (st->nevents + n <= st->capacity / 2 || (st->saturated && n <= st->capacity))
			return;
	}
	newcap = Max(st->capacity * 2, st->nevents + n);
	if ((Size) newcap > MaxAllocHugeSize / sizeof(FunnelEvent))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many funnel events in one group")));
	ev = MemoryContextAllocHuge(cxt, newcap * sizeof(FunnelEvent));
	memcpy(ev, st->events, st->nevents * sizeof(FunnelEvent));
	if (st->events != (FunnelEvent *) ((char *) st + sizeof(FunnelState)))
		pfree(st->events);
	st->events = ev;
	st->capacity = newcap;
}

/* Make room for n more events (the common case inline). */
static inline void
funnel_state_reserve(FunnelState *st, int64 n, MemoryContext cxt)
{
	if (unlikely(st->nevents + n > st->capacity))
		funnel_state_grow(st, n, cxt);
}

/* Append one event, tracking whether the array is still in sort order. */
static inline void
funnel_state_add(FunnelState *st, int64 ts, uint32 step, uint32 row)
{
	FunnelEvent *e = &st->events[st->nevents];

	e->ts = ts;
	e->step = step;
	e->row = row;
	if (st->sorted && st->nevents > 0 && funnel_event_cmp(e - 1, e) > 0)
		st->sorted = false;
	st->nevents++;
}

/* Append one event (reserving room first); for other modules of the funnel. */
void
funnel_state_append(FunnelState *st, int64 ts, uint32 step, MemoryContext cxt)
{
	funnel_state_reserve(st, 1, cxt);
	funnel_state_add(st, ts, step, 0);
}

/* ---------- the scan ---------- */

/* Highest level reached (0..n): the number of leading reached levels. */
static int
funnel_max_level(const bool *reached, int n)
{
	int			k;

	for (k = 0; k < n; k++)
		if (!reached[k])
			return k;
	return n;
}

/*
 * Greedy scan of sorted events (every mode but strict_once), ClickHouse's
 * algorithm: for each level keep the (start, last) of the chain that reached
 * it most recently.  A new step-1 event restarts level 1; an event of step k
 * extends level k-1 when it is within the window of that chain's start (and,
 * with strict_increase, strictly after the chain's last event).
 *	strict_deduplication: an event of step k >= 2 when level k is already
 *		reached ends the scan.
 *	strict_order: once a chain started, an event matching no step, or a step
 *		whose predecessor is not reached, ends the scan (allow_reentry ignores
 *		the latter instead).
 */
static int
funnel_level_greedy(const FunnelState *st)
{
	int			n = st->nsteps;
	uint32		flags = st->flags;
	bool		reached_buf[64];
	int64		first_buf[64],
				last_buf[64];
	bool	   *reached = n <= 64 ? reached_buf : palloc(n * sizeof(bool));
	int64	   *first = n <= 64 ? first_buf : palloc(n * sizeof(int64));
	int64	   *last = n <= 64 ? last_buf : palloc(n * sizeof(int64));
	bool		started = false;
	int64		i;
	int			result = -1;

	memset(reached, 0, n * sizeof(bool));
	for (i = 0; i < st->nevents && result < 0; i++)
	{
		const FunnelEvent *e = &st->events[i];
		int			k = (int) e->step - 1;

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (k < 0)
		{
			/* a row matching no step (stored only in strict_order mode) */
			if (started)
				break;
			continue;
		}
		if (k == 0)
		{
			reached[0] = true;
			first[0] = last[0] = e->ts;
			started = true;
		}
		else if ((flags & FUNNEL_STRICT_DEDUP) && reached[k])
			break;
		else if ((flags & FUNNEL_STRICT_ORDER) && started && !reached[k - 1])
		{
			if (flags & FUNNEL_ALLOW_REENTRY)
				continue;
			break;
		}
		else if (reached[k - 1])
		{
			int64		diff;
			bool		ok;

			ok = !pg_sub_s64_overflow(e->ts, first[k - 1], &diff) && diff <= st->window;
			if (ok && (flags & FUNNEL_STRICT_INCREASE))
				ok = last[k - 1] < e->ts;
			if (ok)
			{
				reached[k] = true;
				first[k] = first[k - 1];
				last[k] = e->ts;
				if (k + 1 == n)
					result = n;
			}
		}
	}
	if (result < 0)
		result = funnel_max_level(reached, n);
	if (n > 64)
	{
		pfree(reached);
		pfree(first);
		pfree(last);
	}
	return result;
}

/* A candidate chain of strict_once: start, last event, rows used at the current ts. */
typedef struct FunnelChain
{
	int64		first;
	int64		last;
	int			nrows;
	uint32	   *rows;
} FunnelChain;

typedef struct FunnelChainList
{
	int			n;
	int			cap;
	FunnelChain *c;
} FunnelChainList;

/* Is every row of a also in b? */
static bool
funnel_rows_subset(const FunnelChain *a, const FunnelChain *b)
{
	int			i,
				j;

	for (i = 0; i < a->nrows; i++)
	{
		for (j = 0; j < b->nrows; j++)
			if (a->rows[i] == b->rows[j])
				break;
		if (j == b->nrows)
			return false;
	}
	return true;
}

/* Does chain a make chain b useless (at least as good for every extension)? */
static bool
funnel_chain_dominates(const FunnelChain *a, const FunnelChain *b, bool increase)
{
	return a->first >= b->first && (!increase || a->last <= b->last) &&
		funnel_rows_subset(a, b);
}

/* Do two chains share a row? */
static bool
funnel_rows_overlap(const FunnelChain *a, const FunnelChain *b)
{
	int			i,
				j;

	for (i = 0; i < a->nrows; i++)
		for (j = 0; j < b->nrows; j++)
			if (a->rows[i] == b->rows[j])
				return true;
	return false;
}

/*
 * Add a chain to a level unless it is useless; drop the chains it dominates.
 * A chain is useless when another one dominates it, or when "need" pairwise
 * disjoint chains each start no earlier and end no later: the chain can still
 * be extended by at most need-1 more rows, and at least one of the disjoint
 * chains avoids any such set of rows.  This keeps the lists short when many
 * rows share one timestamp.
 */
static void
funnel_chain_add(FunnelChainList *l, const FunnelChain *c, bool increase, int need)
{
	int			i,
				j,
				ndisjoint = 0;
	int			picked[64];

	for (i = 0; i < l->n; i++)
	{
		const FunnelChain *o = &l->c[i];

		if (funnel_chain_dominates(o, c, increase))
			return;
		if (o->first >= c->first && (!increase || o->last <= c->last) && ndisjoint < 64)
		{
			for (j = 0; j < ndisjoint; j++)
				if (funnel_rows_overlap(&l->c[picked[j]], o))
					break;
			if (j == ndisjoint)
			{
				picked[ndisjoint++] = i;
				if (ndisjoint >= need)
					return;
			}
		}
	}
	for (i = 0, j = 0; i < l->n; i++)
		if (!funnel_chain_dominates(c, &l->c[i], increase))
			l->c[j++] = l->c[i];
	l->n = j;
	if (l->n == l->cap)
	{
		l->cap *= 2;
		l->c = repalloc(l->c, l->cap * sizeof(FunnelChain));
	}
	l->c[l->n++] = *c;
}

/*
 * strict_once scan: an event (a row) serves at most one step of a chain.
 * Like ClickHouse it follows every candidate chain, but keeps only chains
 * that no other chain dominates (a later start, an earlier last event, a
 * subset of the rows used at the current timestamp, see funnel_chain_add).
 * When the timestamp
 * advances, no later event shares a row with a stored chain and every chain's
 * last event is earlier, so each level keeps just its latest start.  Memory
 * and time per event are bounded by a function of the number of steps.
 */
static int
funnel_level_once(const FunnelState *st)
{
	int			n = st->nsteps;
	uint32		flags = st->flags;
	bool		increase = (flags & FUNNEL_STRICT_INCREASE) != 0;
	MemoryContext tmp,
				rowscxt,
				old;
	FunnelChainList *lv;
	bool	   *reached;
	bool		started = false;
	int64		i;
	int64		cur_ts = 0;
	int			result = -1;
	int			same = 0;
	int			k;

	tmp = AllocSetContextCreate(CurrentMemoryContext, "window_funnel strict_once",
								ALLOCSET_DEFAULT_SIZES);
	rowscxt = AllocSetContextCreate(tmp, "window_funnel strict_once rows",
									ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(tmp);
	lv = palloc(n * sizeof(FunnelChainList));
	reached = palloc0(n * sizeof(bool));
	for (k = 0; k < n; k++)
	{
		lv[k].n = 0;
		lv[k].cap = 4;
		lv[k].c = palloc(4 * sizeof(FunnelChain));
	}

	for (i = 0; i < st->nevents && result < 0; i++)
	{
		const FunnelEvent *e = &st->events[i];
		FunnelChain nc;

		k = (int) e->step - 1;
		if ((i & 0xFFF) == 0)
			CHECK_FOR_INTERRUPTS();

		if (i == 0 || e->ts != cur_ts)
		{
			/* new timestamp: keep the latest start per level, forget rows */
			for (k = 0; k < n; k++)
			{
				int			j,
							best = 0;

				if (lv[k].n == 0)
					continue;
				for (j = 1; j < lv[k].n; j++)
					if (lv[k].c[j].first > lv[k].c[best].first)
						best = j;
				lv[k].c[0] = lv[k].c[best];
				lv[k].c[0].nrows = 0;
				lv[k].c[0].rows = NULL;
				lv[k].n = 1;
			}
			MemoryContextReset(rowscxt);
			cur_ts = e->ts;
			k = (int) e->step - 1;
		}

		/*
		 * Of the events of one (ts, step), the first nsteps + 1 are enough: a
		 * chain holds at most nsteps rows, so if any of them can serve this
		 * step one of the first nsteps can, and one more is kept so that a
		 * repeat still ends the scan under strict_deduplication.
		 */
		if (i > 0 && e->step == e[-1].step && e->ts == e[-1].ts)
		{
			if (++same >= n + 1)
				continue;
		}
		else
			same = 0;

		if (k < 0)
		{
			if (started)
				break;
			continue;
		}
		if (k == 0)
		{
			nc.first = nc.last = e->ts;
			nc.nrows = 1;
			nc.rows = MemoryContextAlloc(rowscxt, sizeof(uint32));
			nc.rows[0] = e->row;
			funnel_chain_add(&lv[0], &nc, increase, n);
			reached[0] = true;
			started = true;
		}
		else if ((flags & FUNNEL_STRICT_DEDUP) && reached[k])
			break;
		else if ((flags & FUNNEL_STRICT_ORDER) && started && !reached[k - 1])
		{
			if (flags & FUNNEL_ALLOW_REENTRY)
				continue;
			break;
		}
		else if (reached[k - 1])
		{
			int			j,
						r;
			int			nprev = lv[k - 1].n;

			for (j = 0; j < nprev && result < 0; j++)
			{
				FunnelChain *p = &lv[k - 1].c[j];
				int64		diff;
				bool		ok;

				CHECK_FOR_INTERRUPTS();
				ok = !pg_sub_s64_overflow(e->ts, p->first, &diff) && diff <= st->window;
				if (ok && increase)
					ok = p->last < e->ts;
				for (r = 0; ok && r < p->nrows; r++)
					if (p->rows[r] == e->row)
						ok = false;
				if (!ok)
					continue;
				if (k + 1 == n)
				{
					result = n;
					break;
				}
				nc.first = p->first;
				nc.last = e->ts;
				nc.nrows = p->nrows + 1;
				nc.rows = MemoryContextAlloc(rowscxt, nc.nrows * sizeof(uint32));
				if (p->nrows > 0)
					memcpy(nc.rows, p->rows, p->nrows * sizeof(uint32));
				nc.rows[p->nrows] = e->row;
				funnel_chain_add(&lv[k], &nc, increase, n - k);
				reached[k] = true;
			}
		}
	}
	if (result < 0)
		result = funnel_max_level(reached, n);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(tmp);
	return result;
}

/*
 * One event of the greedy scan of the default mode (no mode bits): the
 * reached levels are always a prefix, so "level k reached" is k <= *best and
 * no reached array is needed; first[k] is the start of the latest-started
 * chain at level k + 1.  True once the last step is reached.
 */
static pg_attribute_always_inline bool
funnel_default_event(int64 ts, int k, int64 *first, int *best, int n, int64 window)
{
	int64		diff;

	if (k == 0)
	{
		first[0] = ts;
		if (*best == 0)
			*best = 1;
	}
	else if (k <= *best && !pg_sub_s64_overflow(ts, first[k - 1], &diff) && diff <= window)
	{
		first[k] = first[k - 1];
		if (k == *best)
			*best = k + 1;
	}
	return *best == n;
}

/*
 * The default mode's scan.  Sorted events: one pass.  Unsorted events that
 * pack into keys: distribute them into buckets and sort and scan bucket by
 * bucket, stopping at the last step (often long before the last bucket); the
 * state stays unsorted.
 */
static int
funnel_level_default(FunnelState *st)
{
	int			n = st->nsteps;
	int64		first_buf[64];
	int64	   *first = n <= 64 ? first_buf : palloc(n * sizeof(int64));
	int64		window = st->window;
	int			best = 0;
	int64		i;
	FunnelKeys	fk;

	if (!st->sorted && st->nevents > FUNNEL_SMALL_SORT && funnel_keys_distribute(st, &fk))
	{
		int64		b;
		bool		done = false;

		for (b = 0; b < fk.nb && !done; b++)
		{
			uint32		end,
						j = funnel_keys_sort_bucket(&fk, b, &end);

			if (unlikely((b & 0xFFF) == 0xFFF))
				CHECK_FOR_INTERRUPTS();
			for (; j < end; j++)
			{
				uint64		key = fk.keys[j];

				if (funnel_default_event(fk.lo + (int64) (key >> 8), (int) (key & 0xFF) - 1,
										 first, &best, n, window))
				{
					done = true;
					break;
				}
			}
		}
		funnel_keys_free(&fk);
	}
	else
	{
		funnel_state_sort(st);
		for (i = 0; i < st->nevents; i++)
		{
			const FunnelEvent *e = &st->events[i];

			if (unlikely((i & 0xFFFF) == 0xFFFF))
				CHECK_FOR_INTERRUPTS();
			if (funnel_default_event(e->ts, (int) e->step - 1, first, &best, n, window))
				break;
		}
	}
	if (first != first_buf)
		pfree(first);
	return best;
}

/* The level a state finalises to (sorts the events, which keeps its value). */
int
funnel_window_level(FunnelState *st)
{
	if (st->saturated)
		return st->nsteps;
	if (st->nevents == 0)
		return 0;
	if (st->flags == 0)
		return funnel_level_default(st);
	funnel_state_sort(st);
	if (st->flags & FUNNEL_STRICT_ONCE)
		return funnel_level_once(st);
	return funnel_level_greedy(st);
}

/* ---------- fmgr wrappers ---------- */

/* Error unless win (which differs from the window as first given) has the same length. */
void
funnel_window_mismatch(FunnelState *st, const Interval *win)
{
	if (win->month != 0 || funnel_window_usecs(win) != st->window)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window must be the same for every row of a group")));
}

/* True when argument i (0-based, of the aggregate call) is a constant. */
static bool
funnel_aggref_arg_const(Aggref *aggref, int i)
{
	TargetEntry *tle;

	if (i < 0 || i >= list_length(aggref->args))
		return false;
	tle = (TargetEntry *) list_nth(aggref->args, i);
	return tle != NULL && IsA(tle, TargetEntry) && tle->expr != NULL && IsA(tle->expr, Const);
}

/*
 * The facts about an aggregate call site kept in fn_extra: a block of size
 * bytes (a caller may extend FunnelArgsCache, which comes first), zeroed and
 * filled on the first call.  args_const: the window argument (and the mode
 * argument, argmode >= 0) are constants, so they cannot differ between rows
 * and need no per-row check; false outside a plain aggregate (a window
 * aggregate checks every row).
 */
void *
funnel_call_cache(FunctionCallInfo fcinfo, int argwin, int argmode, Size size)
{
	FunnelArgsCache *c = (FunnelArgsCache *) fcinfo->flinfo->fn_extra;

	size = Max(size, sizeof(FunnelArgsCache));
	if (c != NULL && c->size < size)
	{
		/* a smaller block from an earlier call: grow it, zeroing the rest */
		FunnelArgsCache *n = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, size);

		memcpy(n, c, c->size);
		n->size = size;
		pfree(c);
		fcinfo->flinfo->fn_extra = c = n;
	}
	if (c == NULL)
	{
		Aggref	   *aggref = AggGetAggref(fcinfo);

		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, size);
		c->size = size;
		c->args_const = aggref != NULL &&
			funnel_aggref_arg_const(aggref, argwin - 1) &&
			(argmode < 0 || funnel_aggref_arg_const(aggref, argmode - 1));
		fcinfo->flinfo->fn_extra = c;
	}
	return c;
}

/* See funnel_call_cache (the block is there after the first call). */
bool
funnel_args_const(FunctionCallInfo fcinfo, int argwin, int argmode)
{
	FunnelArgsCache *c = (FunnelArgsCache *) fcinfo->flinfo->fn_extra;

	if (unlikely(c == NULL))
		c = funnel_call_cache(fcinfo, argwin, argmode, sizeof(FunnelArgsCache));
	return c->args_const;
}

/* The first row of a group: check the window and mode, create the state. */
static pg_noinline FunnelState *
funnel_trans_start(FunctionCallInfo fcinfo, int argwin, int argmode, int32 nsteps)
{
	MemoryContext aggcxt;
	Interval   *win;
	FunnelState *st;
	uint32		flags = 0;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "window_funnel transition function called in non-aggregate context");
	if (PG_ARGISNULL(argwin))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("funnel window must not be null")));
	win = PG_GETARG_INTERVAL_P(argwin);
	if (argmode >= 0)
	{
		if (PG_ARGISNULL(argmode))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("funnel mode must not be null"),
					 errhint("Use '' for the default mode.")));
		flags = funnel_parse_mode(PG_GETARG_TEXT_PP(argmode));
	}
	st = funnel_state_new(aggcxt, funnel_window_usecs(win), nsteps, flags);
	st->win_day = win->day;
	st->win_time = win->time;
	if (argmode >= 0)
	{
		text	   *m = PG_GETARG_TEXT_PP(argmode);

		st->modelen = VARSIZE_ANY_EXHDR(m);
		st->mode = MemoryContextAlloc(aggcxt, st->modelen + 1);
		memcpy(st->mode, VARDATA_ANY(m), st->modelen);
	}
	st->check_args = !funnel_args_const(fcinfo, argwin, argmode);
	return st;
}

/* A later row of a group whose window or mode may vary: they must not. */
static pg_noinline void
funnel_trans_check(FunctionCallInfo fcinfo, FunnelState *st, int argwin, int argmode)
{
	if (PG_ARGISNULL(argwin))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("funnel window must not be null")));
	funnel_check_window(st, PG_GETARG_INTERVAL_P(argwin));
	if (argmode >= 0)
	{
		text	   *m;

		if (PG_ARGISNULL(argmode))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("funnel mode must not be null"),
					 errhint("Use '' for the default mode.")));
		m = PG_GETARG_TEXT_PP(argmode);
		if (st->mode == NULL || VARSIZE_ANY_EXHDR(m) != st->modelen ||
			memcmp(VARDATA_ANY(m), st->mode, st->modelen) != 0)
		{
			if (funnel_parse_mode(m) != st->flags)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("funnel mode must be the same for every row of a group")));
		}
	}
}

/*
 * Append the events of one row: step i + 1 for every bit i of mask (not 0),
 * reserving room for nmatched events first.  The events of a row come in
 * step order, so only the first can break the sort order of the array.
 */
static inline void
funnel_state_add_mask(FunnelState *st, int64 ts, uint32 mask, int nmatched, uint32 row)
{
	FunnelEvent *e;
	uint32		first = (uint32) pg_rightmost_one_pos32(mask) + 1;

	funnel_state_reserve(st, nmatched, st->cxt);
	if (unlikely(st->saturated))
		return;
	e = &st->events[st->nevents];
	if (st->nevents > 0 && st->sorted &&
		(e[-1].ts > ts || (e[-1].ts == ts && e[-1].step > first)))
		st->sorted = false;
	st->nevents += nmatched;
	do
	{
		e->ts = ts;
		e->step = (uint32) pg_rightmost_one_pos32(mask) + 1;
		e->row = row;
		e++;
		mask &= mask - 1;
	} while (mask != 0);
}

/*
 * The step conditions of the fixed-arity overloads (at most 8) folded into a
 * bit mask (bit i: step i + 1 matched), unrolled (a switch falling through).
 */
#define FUNNEL_FOLD(i) \
	mask |= (uint32) (!a[i].isnull & (a[i].value != 0)) << (i)

static pg_attribute_always_inline uint32
funnel_fold_fixed(const NullableDatum *a, int nsteps)
{
	uint32		mask = 0;

	Assert(nsteps >= 1 && nsteps <= 8);
	switch (nsteps)
	{
		case 8:
			FUNNEL_FOLD(7);
			/* FALLTHROUGH */
		case 7:
			FUNNEL_FOLD(6);
			/* FALLTHROUGH */
		case 6:
			FUNNEL_FOLD(5);
			/* FALLTHROUGH */
		case 5:
			FUNNEL_FOLD(4);
			/* FALLTHROUGH */
		case 4:
			FUNNEL_FOLD(3);
			/* FALLTHROUGH */
		case 3:
			FUNNEL_FOLD(2);
			/* FALLTHROUGH */
		case 2:
			FUNNEL_FOLD(1);
			/* FALLTHROUGH */
		default:
			FUNNEL_FOLD(0);
	}
	return mask;
}

/* strict_once numbers the rows of a group: count this one. */
static inline void
funnel_next_row(FunnelState *st)
{
	if (st->flags & FUNNEL_STRICT_ONCE)
	{
		if (st->nrows == PG_UINT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many rows in one group for funnel mode strict_once")));
		st->nrows++;
	}
}

/*
 * The events of one row in a mode other than the default: strict_once
 * numbers the rows, strict_order keeps a row matching no step as step 0.
 */
static pg_noinline void
funnel_trans_add_modes(FunnelState *st, int64 ts, uint32 mask, int nmatched)
{
	uint32		row = st->nrows;

	funnel_next_row(st);
	if (mask != 0)
		funnel_state_add_mask(st, ts, mask, nmatched, row);
	else if (st->flags & FUNNEL_STRICT_ORDER)
	{
		funnel_state_reserve(st, 1, st->cxt);
		funnel_state_add(st, ts, 0, row);
	}
}

/*
 * The steps array of the VARIADIC forms: sets *mask and *nmatched for up to
 * 32 steps and returns true; with more steps appends the row's events itself
 * (every mode) and returns false.
 */
static pg_noinline bool
funnel_fold_array(FunctionCallInfo fcinfo, FunnelState *st, int argsteps, int64 ts,
				  uint32 *mask, int *nmatched)
{
	ArrayType  *arr;
	int32		nsteps;
	const bool *vals;
	const uint8 *nulls;			/* not bits8: that typedef is gone in 19 */
	uint32		m = 0;
	int			nm = 0;
	int			i;

	*mask = 0;
	*nmatched = 0;
	if (PG_ARGISNULL(argsteps))
		return true;			/* a NULL array matches no step */
	if (VARATT_IS_EXTENDED(DatumGetPointer(PG_GETARG_DATUM(argsteps))))
		arr = PG_GETARG_ARRAYTYPE_P(argsteps);
	else
		arr = (ArrayType *) DatumGetPointer(PG_GETARG_DATUM(argsteps));	/* the usual case */
	nsteps = ARR_NDIM(arr) == 1 ? ARR_DIMS(arr)[0] : ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	if (nsteps != st->nsteps)
	{
		if (st->nsteps >= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("number of funnel steps differs between rows of a group (%d and %d)", st->nsteps, nsteps),
					 errdetail("Every row of a group must pass the same number of step conditions.")));
		if (nsteps == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("funnel needs at least one step")));
		st->nsteps = nsteps;
	}
	if (ARR_ELEMTYPE(arr) != BOOLOID)
		elog(ERROR, "window_funnel steps must be boolean");
	vals = (const bool *) ARR_DATA_PTR(arr);
	nulls = ARR_NULLBITMAP(arr);

	if (nsteps > 32)
	{
		/* many steps: append one event per matched step */
		uint32		row = st->nrows;

		funnel_next_row(st);
		funnel_state_reserve(st, nsteps, st->cxt);
		if (st->saturated)
			return false;
		for (i = 0; i < nsteps; i++)
		{
			if (nulls != NULL && !(nulls[i / 8] & (1 << (i % 8))))
				continue;		/* NULL: no element in the data */
			if (*vals++)
			{
				funnel_state_add(st, ts, i + 1, row);
				nm++;
			}
		}
		if (nm == 0 && (st->flags & FUNNEL_STRICT_ORDER))
		{
			funnel_state_reserve(st, 1, st->cxt);
			funnel_state_add(st, ts, 0, row);
		}
		return false;
	}
	if (nulls == NULL)
	{
		for (i = 0; i < nsteps; i++)
		{
			uint32		bit = (uint32) vals[i];

			m |= bit << i;
			nm += bit;
		}
	}
	else
	{
		for (i = 0; i < nsteps; i++)
		{
			uint32		bit;

			if (!(nulls[i / 8] & (1 << (i % 8))))
				continue;		/* NULL: no element in the data */
			bit = (uint32) *vals++;
			m |= bit << i;
			nm += bit;
		}
	}
	*mask = m;
	*nmatched = nm;
	return true;
}

/*
 * Shared body of the transition functions.  The per-row path: no context
 * check after the first row (the state remembers its context), no window or
 * mode check when they are constants, the step conditions folded into a bit
 * mask first (a row matching no step costs a few instructions, a matching
 * one reserves exactly the room it needs), and everything that only other
 * modes need out of line.
 */
static pg_attribute_always_inline Datum
funnel_trans_common(FunctionCallInfo fcinfo, int argwin, int argmode, int argts, int argsteps,
					bool fixed)
{
	FunnelState *st;
	TimestampTz ts;
	uint32		mask;
	int			nmatched;

	if (unlikely(PG_ARGISNULL(0)))
		st = funnel_trans_start(fcinfo, argwin, argmode, fixed ? PG_NARGS() - argsteps : -1);
	else
	{
		st = (FunnelState *) PG_GETARG_POINTER(0);
		if (unlikely(st->check_args))
			funnel_trans_check(fcinfo, st, argwin, argmode);
	}

	if (PG_ARGISNULL(argts))
		PG_RETURN_POINTER(st);
	ts = PG_GETARG_TIMESTAMPTZ(argts);
	st->has_rows = true;
	if (st->saturated)
		PG_RETURN_POINTER(st);

	if (fixed)
	{
		/* steps are the arguments argsteps .. nargs-1 (fixed-arity overloads) */
		mask = funnel_fold_fixed(&fcinfo->args[argsteps], PG_NARGS() - argsteps);
		nmatched = pg_number_of_ones[mask];
	}
	else if (!funnel_fold_array(fcinfo, st, argsteps, ts, &mask, &nmatched))
		PG_RETURN_POINTER(st);

	if (likely(st->flags == 0))
	{
		if (mask != 0)
			funnel_state_add_mask(st, ts, mask, nmatched, 0);
	}
	else
		funnel_trans_add_modes(st, ts, mask, nmatched);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(window_funnel_trans);
/* Transition: (state, window, ts, steps). */
Datum
window_funnel_trans(PG_FUNCTION_ARGS)
{
	return funnel_trans_common(fcinfo, 1, -1, 2, 3, false);
}

PG_FUNCTION_INFO_V1(window_funnel_mode_trans);
/* Transition: (state, window, mode, ts, steps). */
Datum
window_funnel_mode_trans(PG_FUNCTION_ARGS)
{
	return funnel_trans_common(fcinfo, 1, 2, 3, 4, false);
}

PG_FUNCTION_INFO_V1(window_funnel_fixed_trans);
/* Transition of the fixed-arity overloads: (state, window, ts, s1, ..., sN). */
Datum
window_funnel_fixed_trans(PG_FUNCTION_ARGS)
{
	return funnel_trans_common(fcinfo, 1, -1, 2, 3, true);
}

PG_FUNCTION_INFO_V1(window_funnel_fixed_mode_trans);
/* Transition of the fixed-arity overloads with a mode: (state, window, mode, ts, s1, ..., sN). */
Datum
window_funnel_fixed_mode_trans(PG_FUNCTION_ARGS)
{
	return funnel_trans_common(fcinfo, 1, 2, 3, 4, true);
}

PG_FUNCTION_INFO_V1(window_funnel_final);
/* Final: the level reached, NULL for a group without rows. */
Datum
window_funnel_final(PG_FUNCTION_ARGS)
{
	FunnelState *st = PG_ARGISNULL(0) ? NULL : (FunnelState *) PG_GETARG_POINTER(0);

	if (st == NULL || !st->has_rows)
		PG_RETURN_NULL();
	if (st->nsteps < 0)
		PG_RETURN_INT32(0);
	PG_RETURN_INT32(funnel_window_level(st));
}

PG_FUNCTION_INFO_V1(window_funnel_combine);
/* Combine two partial states (parallel aggregation). */
Datum
window_funnel_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FunnelState *a = PG_ARGISNULL(0) ? NULL : (FunnelState *) PG_GETARG_POINTER(0);
	FunnelState *b = PG_ARGISNULL(1) ? NULL : (FunnelState *) PG_GETARG_POINTER(1);
	int64		i;
	uint32		offset;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "window_funnel_combine called in non-aggregate context");
	if (b == NULL)
		PG_RETURN_POINTER(a);
	if (a == NULL)
	{
		a = funnel_state_new(aggcxt, b->window, b->nsteps, b->flags);
		a->win_day = b->win_day;
		a->win_time = b->win_time;
	}
	else if (a->window != b->window || a->flags != b->flags)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window and mode must be the same for every row of a group")));
	if (a->journey_id == 0)
		a->journey_id = b->journey_id;
	else if (b->journey_id != 0 && a->journey_id != b->journey_id)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey_funnel needs the stages of one journey in a group")));
	if (a->nsteps < 0 || ((a->flags & FUNNEL_JOURNEY) && b->nsteps > a->nsteps))
		a->nsteps = b->nsteps;	/* journey states: the highest ordinal seen */
	else if (b->nsteps >= 0 && a->nsteps != b->nsteps && !(a->flags & FUNNEL_JOURNEY))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of funnel steps differs between rows of a group (%d and %d)", a->nsteps, b->nsteps),
				 errdetail("Every row of a group must pass the same number of step conditions.")));
	a->has_rows |= b->has_rows;
	if (a->saturated)
		PG_RETURN_POINTER(a);
	if (b->saturated)
	{
		a->saturated = true;
		a->nevents = 0;
		PG_RETURN_POINTER(a);
	}
	offset = a->nrows;
	if ((a->flags & FUNNEL_STRICT_ONCE) && (uint64) a->nrows + b->nrows > PG_UINT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many rows in one group for funnel mode strict_once")));
	funnel_state_reserve(a, b->nevents, aggcxt);
	if (a->saturated)
		PG_RETURN_POINTER(a);
	for (i = 0; i < b->nevents; i++)
	{
		const FunnelEvent *e = &b->events[i];

		funnel_state_add(a, e->ts, e->step, e->row + offset);
	}
	a->nrows += b->nrows;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(window_funnel_serialize);
/* Serialize a state to bytea (compacted; the value is unchanged). */
Datum
window_funnel_serialize(PG_FUNCTION_ARGS)
{
	FunnelState *st = (FunnelState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int64		i;

	funnel_state_compact(st);
	if ((Size) st->nevents > (MaxAllocSize - 64) / 16)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("funnel state of %lld events is too large to pass between parallel workers",
						(long long) st->nevents),
				 errhint("Set max_parallel_workers_per_gather = 0 for this query.")));
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, FUNNEL_SERIAL_VERSION);
	pq_sendint32(&buf, st->flags);
	pq_sendint32(&buf, st->nsteps);
	pq_sendint64(&buf, st->window);
	pq_sendint32(&buf, st->win_day);
	pq_sendint64(&buf, st->win_time);
	pq_sendbyte(&buf, st->has_rows);
	pq_sendbyte(&buf, st->saturated);
	pq_sendint32(&buf, st->nrows);
	pq_sendint32(&buf, st->journey_id);
	pq_sendint64(&buf, st->nevents);
	for (i = 0; i < st->nevents; i++)
	{
		pq_sendint64(&buf, st->events[i].ts);
		pq_sendint32(&buf, st->events[i].step);
		pq_sendint32(&buf, st->events[i].row);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Error for a malformed serialized state. */
static pg_noinline void
funnel_bad_state(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid window_funnel state: %s", what)));
}

PG_FUNCTION_INFO_V1(window_funnel_deserialize);
/* Deserialize and validate a state. */
Datum
window_funnel_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	FunnelState *st;
	uint32		flags;
	int32		nsteps;
	int64		window,
				n,
				i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "window_funnel_deserialize called in non-aggregate context");
	buf.data = VARDATA_ANY(b);
	buf.len = VARSIZE_ANY_EXHDR(b);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < 1 || pq_getmsgbyte(&buf) != FUNNEL_SERIAL_VERSION)
		funnel_bad_state("unknown version");
	if (buf.len < 47)
		funnel_bad_state("too short");
	flags = pq_getmsgint(&buf, 4);
	nsteps = pq_getmsgint(&buf, 4);
	window = pq_getmsgint64(&buf);
	if ((flags & ~FUNNEL_ALL_FLAGS) != 0 || nsteps == 0 || nsteps < -1 || window < 0)
		funnel_bad_state("bad header");
	st = funnel_state_new(aggcxt, window, nsteps, flags);
	st->win_day = pq_getmsgint(&buf, 4);
	st->win_time = pq_getmsgint64(&buf);
	st->has_rows = pq_getmsgbyte(&buf) != 0;
	st->saturated = pq_getmsgbyte(&buf) != 0;
	st->nrows = pq_getmsgint(&buf, 4);
	st->journey_id = pq_getmsgint(&buf, 4);
	n = pq_getmsgint64(&buf);
	if (n < 0 || n != (buf.len - buf.cursor) / 16 || (buf.len - buf.cursor) % 16 != 0)
		funnel_bad_state("bad event count");
	funnel_state_reserve(st, n, aggcxt);
	for (i = 0; i < n; i++)
	{
		int64		ts = pq_getmsgint64(&buf);
		uint32		step = pq_getmsgint(&buf, 4);
		uint32		row = pq_getmsgint(&buf, 4);

		if ((int64) step > nsteps || (step == 0 && !(flags & FUNNEL_STRICT_ORDER)))
			funnel_bad_state("step out of range");
		funnel_state_add(st, ts, step, row);
	}
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(st);
}
