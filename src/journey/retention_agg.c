/*
 * retention_agg.c
 *		retention(VARIADIC conditions boolean[]): ClickHouse's retention array.
 *
 * Element 1 of the result is 1 when condition 1 held on some row of the
 * group; element k (k >= 2) is 1 when condition 1 held on some row and
 * condition k held on some row (not necessarily the same row, in any order),
 * else 0.  The result is smallint[] of 0/1 so that sum() over customers
 * counts them, as ClickHouse's UInt8 array does.
 *
 * State (internal): the number of conditions and a bitmap of the conditions
 * that held on some row; merging is a bitwise OR, so it is O(1) per row and
 * the state never grows.  NULL rules: a NULL condition is false, a NULL array
 * matches nothing, a group without rows gives NULL.  Every row of a group must
 * pass the same number of conditions.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#define RETENTION_SERIAL_VERSION 1

typedef struct RetentionState
{
	int32		n;				/* number of conditions; -1 until known */
	int32		nwords;			/* words allocated in bits */
	bool		has_rows;
	uint64	   *bits;			/* bit i: condition i+1 held on some row */
	uint64		inline_bits[2];
} RetentionState;

/* A new state in the aggregate context. */
static RetentionState *
retention_state_new(MemoryContext cxt)
{
	RetentionState *st = MemoryContextAllocZero(cxt, sizeof(RetentionState));

	st->n = -1;
	st->nwords = 2;
	st->bits = st->inline_bits;
	return st;
}

/* Fix the number of conditions of a state, or check it. */
static void
retention_set_n(RetentionState *st, int32 n, MemoryContext cxt)
{
	if (st->n == n)
		return;
	if (st->n >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of retention conditions differs between rows of a group (%d and %d)", st->n, n),
				 errdetail("Every row of a group must pass the same number of conditions.")));
	if (n < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("retention needs at least one condition")));
	st->n = n;
	if ((n + 63) / 64 > st->nwords)
	{
		st->nwords = (n + 63) / 64;
		st->bits = MemoryContextAllocZero(cxt, st->nwords * sizeof(uint64));
	}
}

PG_FUNCTION_INFO_V1(retention_trans);
/* Transition: set the bit of every condition that holds on this row. */
Datum
retention_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	RetentionState *st = PG_ARGISNULL(0) ? NULL : (RetentionState *) PG_GETARG_POINTER(0);
	ArrayType  *arr;
	const bool *vals;
	const uint8 *nulls;	/* not bits8: that typedef is gone in 19 */
	int			n,
				i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "retention transition function called in non-aggregate context");
	if (st == NULL)
		st = retention_state_new(aggcxt);
	st->has_rows = true;
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	arr = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_ELEMTYPE(arr) != BOOLOID)
		elog(ERROR, "retention conditions must be boolean");
	n = ARR_NDIM(arr) == 0 ? 0 : ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	retention_set_n(st, n, aggcxt);
	vals = (const bool *) ARR_DATA_PTR(arr);
	nulls = ARR_NULLBITMAP(arr);
	if (nulls == NULL)
	{
		for (i = 0; i < n; i++)
			if (vals[i])
				st->bits[i >> 6] |= UINT64CONST(1) << (i & 63);
	}
	else
	{
		for (i = 0; i < n; i++)
			if ((nulls[i >> 3] & (1 << (i & 7))) && *vals++)
				st->bits[i >> 6] |= UINT64CONST(1) << (i & 63);
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(retention_final);
/* Final: the 0/1 smallint array, NULL for a group without rows. */
Datum
retention_final(PG_FUNCTION_ARGS)
{
	RetentionState *st = PG_ARGISNULL(0) ? NULL : (RetentionState *) PG_GETARG_POINTER(0);
	Datum	   *d;
	bool		first;
	int			i;

	if (st == NULL || !st->has_rows)
		PG_RETURN_NULL();
	if (st->n < 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(INT2OID));
	d = palloc(st->n * sizeof(Datum));
	first = (st->bits[0] & 1) != 0;
	for (i = 0; i < st->n; i++)
		d[i] = Int16GetDatum(first && (st->bits[i >> 6] & (UINT64CONST(1) << (i & 63))) ? 1 : 0);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, st->n, INT2OID, 2, true, TYPALIGN_SHORT));
}

PG_FUNCTION_INFO_V1(retention_combine);
/* Combine: bitwise OR. */
Datum
retention_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	RetentionState *a = PG_ARGISNULL(0) ? NULL : (RetentionState *) PG_GETARG_POINTER(0);
	RetentionState *b = PG_ARGISNULL(1) ? NULL : (RetentionState *) PG_GETARG_POINTER(1);
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "retention_combine called in non-aggregate context");
	if (b == NULL)
		PG_RETURN_POINTER(a);
	if (a == NULL)
		a = retention_state_new(aggcxt);
	a->has_rows |= b->has_rows;
	if (b->n < 0)
		PG_RETURN_POINTER(a);
	retention_set_n(a, b->n, aggcxt);
	for (i = 0; i < (b->n + 63) / 64; i++)
		a->bits[i] |= b->bits[i];
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(retention_serialize);
/* Serialize: version, has_rows, n, bitmap words. */
Datum
retention_serialize(PG_FUNCTION_ARGS)
{
	RetentionState *st = (RetentionState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RETENTION_SERIAL_VERSION);
	pq_sendbyte(&buf, st->has_rows);
	pq_sendint32(&buf, st->n);
	for (i = 0; i < (st->n + 63) / 64; i++)
		pq_sendint64(&buf, st->bits[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(retention_deserialize);
/* Deserialize and validate. */
Datum
retention_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	RetentionState *st;
	int32		n;
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "retention_deserialize called in non-aggregate context");
	buf.data = VARDATA_ANY(b);
	buf.len = VARSIZE_ANY_EXHDR(b);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < 6 || pq_getmsgbyte(&buf) != RETENTION_SERIAL_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid retention state")));
	st = retention_state_new(aggcxt);
	st->has_rows = pq_getmsgbyte(&buf) != 0;
	n = pq_getmsgint(&buf, 4);
	if (n == 0 || n < -1 || (n > 0 && buf.len - buf.cursor != ((n + 63) / 64) * 8))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid retention state")));
	if (n > 0)
	{
		retention_set_n(st, n, aggcxt);
		for (i = 0; i < (n + 63) / 64; i++)
			st->bits[i] = pq_getmsgint64(&buf);
	}
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(st);
}
