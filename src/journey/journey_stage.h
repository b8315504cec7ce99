/*
 * journey_stage.h
 *		The journey_stage value and the C-level API other features (funnels,
 *		retention, paths) use to read it.
 *
 * A journey_stage is one int64 Datum, passed by value:
 *
 *		bits 63..48		journey id, 1..JOURNEY_MAX_ID (so the value is positive)
 *		bits 47..0		stage position inside the journey, 1..JOURNEY_MAX_POSITION
 *
 * Positions are allocated with gaps (the stages of define_journey() sit
 * 2^32 apart; add_stage() takes the midpoint of its neighbours), so the
 * order of stages is the order of the raw values and never changes: sorting,
 * comparing and hashing are plain int64 operations that need no catalog
 * (IMMUTABLE).  Two values of the same journey compare like their stages;
 * values of different journeys sort by journey id first.
 *
 * What depends on the catalog (and is therefore STABLE): labels, the ordinal
 * of a stage (its 1-based rank among all stages of its journey, retired ones
 * included, so that stored values keep a rank), "stages between", and
 * whether a stage is retired.  The functions below read the backend cache
 * of the catalog (src/journey/journey_cache.c), which is refreshed when the
 * catalog tables change.
 */
#ifndef CX_JOURNEY_STAGE_H
#define CX_JOURNEY_STAGE_H

#include "fmgr.h"

typedef int64 JourneyStage;

#define JOURNEY_POSITION_BITS	48
#define JOURNEY_MAX_ID			32767
#define JOURNEY_MAX_POSITION	((INT64CONST(1) << JOURNEY_POSITION_BITS) - 1)
/* Distance between consecutive stages created by define_journey(). */
#define JOURNEY_POSITION_GAP	(INT64CONST(1) << 32)

#define DatumGetJourneyStage(X)		((JourneyStage) DatumGetInt64(X))
#define JourneyStageGetDatum(X)		Int64GetDatum((int64) (X))
#define PG_GETARG_JOURNEY_STAGE(n)	DatumGetJourneyStage(PG_GETARG_DATUM(n))
#define PG_RETURN_JOURNEY_STAGE(x)	return JourneyStageGetDatum(x)

/* The journey id of a stage value (no catalog access). */
static inline int32
journey_stage_journey_id(JourneyStage s)
{
	return (int32) (s >> JOURNEY_POSITION_BITS);
}

/* The position of a stage inside its journey (no catalog access). */
static inline int64
journey_stage_position(JourneyStage s)
{
	return s & JOURNEY_MAX_POSITION;
}

/* Build a stage value from a journey id and a position (no checks). */
static inline JourneyStage
journey_stage_make(int32 journey_id, int64 position)
{
	return ((int64) journey_id << JOURNEY_POSITION_BITS) | position;
}

/* True when the bits of v could be a stage value (ranges only, no catalog). */
static inline bool
journey_stage_is_wellformed(int64 v)
{
	int32		jid = (int32) (v >> JOURNEY_POSITION_BITS);

	return v > 0 && jid >= 1 && jid <= JOURNEY_MAX_ID &&
		(v & JOURNEY_MAX_POSITION) >= 1;
}

/*
 * Catalog-backed (STABLE) helpers.  Each raises an ERROR (22023) when the
 * journey or stage of s is not in the catalog.
 */

/* 1-based rank of s among all stages of its journey (retired ones included). */
extern int32 journey_stage_ordinal(JourneyStage s);

/*
 * The stages of a journey in order: sets *positions (and *retired and
 * *optional when not NULL) to arrays palloc'd in the current memory context
 * and returns their length.  The ordinal of positions[i] is i + 1.
 */
extern int	journey_stage_positions(int32 journey_id, int64 **positions,
									bool **retired, bool **optional);

#endif							/* CX_JOURNEY_STAGE_H */
