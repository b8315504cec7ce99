\set ECHO none
-- test/sql/expect_error.sql: include from a pg_regress file with
--   \getenv abs_srcdir PG_ABS_SRCDIR
--   \i :abs_srcdir/test/sql/expect_error.sql
-- then  SELECT expect_error($$SELECT nps(11)$$);
-- prints the SQLSTATE, message, detail and hint of the error the statement raises
-- (or 'no error'), without the C source location that VERBOSITY verbose would add,
-- so expected files do not change when C code moves.
CREATE FUNCTION pg_temp.expect_error(stmt text) RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
	st text;
	msg text;
	det text;
	hnt text;
BEGIN
	EXECUTE stmt;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
		det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
	RETURN st || ': ' || msg
		|| coalesce(E'\nDETAIL: ' || nullif(det, ''), '')
		|| coalesce(E'\nHINT: ' || nullif(hnt, ''), '');
END
$fn$;
-- probe(stmt): 'ok: <first value>' or 'SQLSTATE: message'; probe_full(stmt):
-- (state, message, detail, hint) with state 00000 when the statement succeeds.
CREATE FUNCTION pg_temp.probe(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r text;
	st text;
	msg text;
BEGIN
	EXECUTE q INTO r;
	RETURN 'ok: ' || coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
	RETURN st || ': ' || msg;
END
$$;


CREATE FUNCTION pg_temp.probe_full(q text, OUT state text, OUT message text, OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	state := '00000';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
		detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END
$$;
\set ECHO all
