-- src/journey/40_journey.sql: journeys defined as data.  The journey catalog
-- (extension-owned tables, dumped by pg_dump), the journey_stage type (int64
-- by value: journey id << 48 | stage position), its operators and opclasses,
-- and the functions that define and evolve journeys.

-- ---------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.journey_stage;

CREATE FUNCTION @extschema@.journey_stage_in(cstring, oid, integer) RETURNS @extschema@.journey_stage
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_stage_out(@extschema@.journey_stage) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_stage_recv(internal, oid, integer) RETURNS @extschema@.journey_stage
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_stage_send(@extschema@.journey_stage) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_stage_typmod_in(cstring[]) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_stage_typmod_out(integer) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.journey_stage (
	INPUT = @extschema@.journey_stage_in,
	OUTPUT = @extschema@.journey_stage_out,
	RECEIVE = @extschema@.journey_stage_recv,
	SEND = @extschema@.journey_stage_send,
	TYPMOD_IN = @extschema@.journey_stage_typmod_in,
	TYPMOD_OUT = @extschema@.journey_stage_typmod_out,
	INTERNALLENGTH = 8,
	PASSEDBYVALUE,
	ALIGNMENT = double,
	STORAGE = plain
);
COMMENT ON TYPE @extschema@.journey_stage IS
	'a stage of a customer journey defined with define_journey(); ordered by the journey''s stage order; text form journey:Label';

-- ---------------------------------------------------------------------------
-- The journey catalog (extension-owned tables, dumped by pg_dump)
-- ---------------------------------------------------------------------------
-- No foreign keys between the three tables: pg_restore -j loads their data in
-- parallel, in any order.  The catalog functions keep them consistent, and the
-- backend cache ignores stage and alias rows whose journey or stage is missing.

CREATE TABLE @extschema@.cx_journey (
	journey_id	integer PRIMARY KEY CHECK (journey_id BETWEEN 1 AND 32767),
	name		text NOT NULL UNIQUE
				CHECK (name ~ '^[a-z_][a-z0-9_]*$' AND octet_length(name) <= 63),
	locale		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.cx_journey IS
	'journey catalog: one row per journey (change it through define_journey() and friends)';

CREATE TABLE @extschema@.cx_journey_stage (
	journey_id	integer NOT NULL,
	stage_position bigint NOT NULL CHECK (stage_position BETWEEN 1 AND 281474976710655),
	label		text NOT NULL CHECK (pg_catalog.length(label) BETWEEN 1 AND 200 AND label !~ '[[:cntrl:]]'),
	retired		boolean NOT NULL DEFAULT false,
	optional	boolean NOT NULL DEFAULT false,
	PRIMARY KEY (journey_id, stage_position)
);
COMMENT ON TABLE @extschema@.cx_journey_stage IS
	'journey catalog: the stages of each journey, ordered by stage_position (positions never change)';

CREATE TABLE @extschema@.cx_journey_stage_alias (
	journey_id	integer NOT NULL,
	stage_position bigint NOT NULL,
	alias		text NOT NULL CHECK (pg_catalog.length(alias) BETWEEN 1 AND 200 AND alias !~ '[[:cntrl:]]'),
	locale		text NOT NULL,
	PRIMARY KEY (journey_id, stage_position, alias, locale)
);
COMMENT ON TABLE @extschema@.cx_journey_stage_alias IS
	'journey catalog: other spellings of stage labels, matched with the collator of their locale';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.cx_journey', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.cx_journey_stage', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.cx_journey_stage_alias', '');

-- Everybody may read the catalog; only the extension's owner may change it
-- (the catalog functions run with the caller's rights: GRANT INSERT, UPDATE on
-- these tables to let another role define journeys, see the README).
GRANT SELECT ON @extschema@.cx_journey, @extschema@.cx_journey_stage,
	@extschema@.cx_journey_stage_alias TO PUBLIC;

-- Cache invalidation: every change of the catalog tables reaches every backend's cache.
CREATE FUNCTION @extschema@.journey_catalog_changed() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.journey_catalog_changed() IS
	'statement trigger on the journey catalog: invalidates the journey caches of all sessions at commit';
CREATE TRIGGER cx_journey_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.cx_journey
	FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.journey_catalog_changed();
CREATE TRIGGER cx_journey_stage_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.cx_journey_stage
	FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.journey_catalog_changed();
CREATE TRIGGER cx_journey_stage_alias_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.cx_journey_stage_alias
	FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.journey_catalog_changed();

-- ---------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------

-- typmod coercion: a journey_stage(retail) column takes only stages of retail
CREATE FUNCTION @extschema@.journey_stage(@extschema@.journey_stage, integer, boolean)
	RETURNS @extschema@.journey_stage
	AS 'MODULE_PATHNAME', 'journey_stage_enforce_typmod' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_stage(@extschema@.journey_stage, integer, boolean) IS
	'typmod coercion: checks that the stage belongs to the journey named by the typmod';

-- comparison and hashing: plain int64 operations, no catalog access
CREATE FUNCTION @extschema@.journey_stage_eq(@extschema@.journey_stage, @extschema@.journey_stage) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.journey_stage_ne(@extschema@.journey_stage, @extschema@.journey_stage) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.journey_stage_lt(@extschema@.journey_stage, @extschema@.journey_stage) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.journey_stage_le(@extschema@.journey_stage, @extschema@.journey_stage) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.journey_stage_gt(@extschema@.journey_stage, @extschema@.journey_stage) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.journey_stage_ge(@extschema@.journey_stage, @extschema@.journey_stage) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.journey_stage_cmp(@extschema@.journey_stage, @extschema@.journey_stage) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.journey_stage_sortsupport(internal) RETURNS void
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_stage_hash(@extschema@.journey_stage) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.journey_stage_hash_extended(@extschema@.journey_stage, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.journey_stage_smaller(@extschema@.journey_stage, @extschema@.journey_stage)
	RETURNS @extschema@.journey_stage
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.journey_stage_larger(@extschema@.journey_stage, @extschema@.journey_stage)
	RETURNS @extschema@.journey_stage
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_stage_eq(@extschema@.journey_stage, @extschema@.journey_stage) IS 'implementation of = for journey_stage';
COMMENT ON FUNCTION @extschema@.journey_stage_ne(@extschema@.journey_stage, @extschema@.journey_stage) IS 'implementation of <> for journey_stage';
COMMENT ON FUNCTION @extschema@.journey_stage_lt(@extschema@.journey_stage, @extschema@.journey_stage) IS 'implementation of < for journey_stage';
COMMENT ON FUNCTION @extschema@.journey_stage_le(@extschema@.journey_stage, @extschema@.journey_stage) IS 'implementation of <= for journey_stage';
COMMENT ON FUNCTION @extschema@.journey_stage_gt(@extschema@.journey_stage, @extschema@.journey_stage) IS 'implementation of > for journey_stage';
COMMENT ON FUNCTION @extschema@.journey_stage_ge(@extschema@.journey_stage, @extschema@.journey_stage) IS 'implementation of >= for journey_stage';
COMMENT ON FUNCTION @extschema@.journey_stage_cmp(@extschema@.journey_stage, @extschema@.journey_stage) IS 'btree comparison: -1, 0 or 1 by journey id, then stage order';
COMMENT ON FUNCTION @extschema@.journey_stage_sortsupport(internal) IS 'btree sort support for journey_stage';
COMMENT ON FUNCTION @extschema@.journey_stage_hash(@extschema@.journey_stage) IS 'hash support for journey_stage';
COMMENT ON FUNCTION @extschema@.journey_stage_hash_extended(@extschema@.journey_stage, bigint) IS 'seeded 64-bit hash support for journey_stage';
COMMENT ON FUNCTION @extschema@.journey_stage_smaller(@extschema@.journey_stage, @extschema@.journey_stage) IS 'the earlier of two stages (min transition)';
COMMENT ON FUNCTION @extschema@.journey_stage_larger(@extschema@.journey_stage, @extschema@.journey_stage) IS 'the later of two stages (max transition)';

-- accessors: labels and ordinals come from the catalog (STABLE)
CREATE FUNCTION @extschema@.ordinal(@extschema@.journey_stage) RETURNS integer
	AS 'MODULE_PATHNAME', 'journey_stage_ordinal_fn' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ordinal(@extschema@.journey_stage) IS
	'1-based number of the stage in its journey (retired stages count)';
CREATE FUNCTION @extschema@.label(@extschema@.journey_stage) RETURNS text
	AS 'MODULE_PATHNAME', 'journey_stage_label' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.label(@extschema@.journey_stage) IS 'current label of the stage';
CREATE FUNCTION @extschema@.journey(@extschema@.journey_stage) RETURNS text
	AS 'MODULE_PATHNAME', 'journey_stage_journey' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey(@extschema@.journey_stage) IS 'name of the stage''s journey';
CREATE FUNCTION @extschema@.next_stage(@extschema@.journey_stage) RETURNS @extschema@.journey_stage
	AS 'MODULE_PATHNAME', 'journey_stage_next' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.next_stage(@extschema@.journey_stage) IS
	'the next stage of the journey that is not retired; NULL after the last one';
CREATE FUNCTION @extschema@.is_retired(@extschema@.journey_stage) RETURNS boolean
	AS 'MODULE_PATHNAME', 'journey_stage_is_retired' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_retired(@extschema@.journey_stage) IS 'true when the stage was retired';
CREATE FUNCTION @extschema@.is_optional(@extschema@.journey_stage) RETURNS boolean
	AS 'MODULE_PATHNAME', 'journey_stage_is_optional' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_optional(@extschema@.journey_stage) IS
	'true when the stage is marked optional (journey_funnel lets a chain pass over it)';
CREATE FUNCTION @extschema@.stage_position(@extschema@.journey_stage) RETURNS bigint
	AS 'MODULE_PATHNAME', 'journey_stage_position_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.stage_position(@extschema@.journey_stage) IS
	'stored position of the stage inside its journey (gapped, never changes)';
CREATE FUNCTION @extschema@.journey_stage_from_ids(journey_id integer, stage_position bigint)
	RETURNS @extschema@.journey_stage
	AS 'MODULE_PATHNAME', 'journey_stage_from_ids' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_stage_from_ids(integer, bigint) IS
	'the stage value with these stored ids (range-checked, not looked up)';
CREATE FUNCTION @extschema@.make_stage(journey text, label text, allow_retired boolean DEFAULT false)
	RETURNS @extschema@.journey_stage
	AS 'MODULE_PATHNAME', 'journey_make_stage' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.make_stage(text, text, boolean) IS
	'the stage of a journey whose label or alias matches label (ICU matching, as text input)';

CREATE FUNCTION @extschema@.journey_stage_distance(@extschema@.journey_stage, @extschema@.journey_stage) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_stage_distance(@extschema@.journey_stage, @extschema@.journey_stage) IS
	'implementation of stage - stage: ordinal(a) - ordinal(b), same journey only';
CREATE FUNCTION @extschema@.journey_stage_plus(@extschema@.journey_stage, integer) RETURNS @extschema@.journey_stage
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_stage_plus(@extschema@.journey_stage, integer) IS
	'implementation of stage + n: the stage n ordinals later';
CREATE FUNCTION @extschema@.journey_stage_minus(@extschema@.journey_stage, integer) RETURNS @extschema@.journey_stage
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_stage_minus(@extschema@.journey_stage, integer) IS
	'implementation of stage - n: the stage n ordinals earlier';

-- catalog helpers used by the functions below
CREATE FUNCTION @extschema@.journey_canonical_locale(locale text) RETURNS text
	AS 'MODULE_PATHNAME', 'journey_canonical_locale' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_canonical_locale(text) IS
	'the canonical BCP 47 form of an ICU locale tag; error if ICU cannot use it';
CREATE FUNCTION @extschema@.journey_check_labels(journey text) RETURNS void
	AS 'MODULE_PATHNAME', 'journey_check_labels' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.journey_check_labels(text) IS
	'error unless every label and alias of the journey matches only its own stage';

CREATE FUNCTION @extschema@.journey_check_label_text(label text) RETURNS text
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	t text := btrim(journey_check_label_text.label, E' \t\n\r\f\v');
BEGIN
	IF t = '' THEN
		RAISE EXCEPTION 'stage label "%" is empty', journey_check_label_text.label USING ERRCODE = '22023',
			DETAIL = 'A label or alias needs at least one character that is not white space.';
	END IF;
	IF length(t) > 200 THEN
		RAISE EXCEPTION 'stage label "%..." is too long', left(t, 20) USING ERRCODE = '22023',
			DETAIL = 'Labels and aliases have at most 200 characters.';
	END IF;
	IF t ~ '[[:cntrl:]]' THEN
		RAISE EXCEPTION 'stage label "%" contains a control character', t USING ERRCODE = '22023',
			DETAIL = 'Labels and aliases are printable text.';
	END IF;
	RETURN t;
END
$$;
COMMENT ON FUNCTION @extschema@.journey_check_label_text(text) IS
	'the label without surrounding white space; error if empty, longer than 200 characters or with control characters';

-- Defining and evolving journeys.  SECURITY INVOKER: the caller needs
-- INSERT/UPDATE on the catalog tables (the extension owner has them).

CREATE FUNCTION @extschema@.define_journey(name text, stages text[], locale text DEFAULT 'und')
	RETURNS integer LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	jid integer;
	loc text;
BEGIN
	IF define_journey.name IS NULL OR define_journey.stages IS NULL OR define_journey.locale IS NULL THEN
		RAISE EXCEPTION 'journey name, stages and locale must not be NULL' USING ERRCODE = '22023';
	END IF;
	IF define_journey.name !~ '^[a-z_][a-z0-9_]*$' OR octet_length(define_journey.name) > 63 THEN
		RAISE EXCEPTION 'journey name "%" is invalid', define_journey.name USING ERRCODE = '22023',
			DETAIL = 'Journey names are lower-case identifiers of at most 63 characters (letters, digits, underscores), so that they can be written as journey_stage(name).';
	END IF;
	IF coalesce(array_ndims(define_journey.stages), 0) <> 1 OR cardinality(define_journey.stages) = 0 THEN
		RAISE EXCEPTION 'journey "%" needs at least one stage', define_journey.name USING ERRCODE = '22023',
			DETAIL = 'Stages are a one-dimensional text array, in journey order.';
	END IF;
	IF array_position(define_journey.stages, NULL) IS NOT NULL THEN
		RAISE EXCEPTION 'stage labels must not be NULL' USING ERRCODE = '22023';
	END IF;
	IF cardinality(define_journey.stages) > 65535 THEN
		RAISE EXCEPTION 'journey "%" has too many stages', define_journey.name USING ERRCODE = '54000',
			DETAIL = 'A journey has at most 65535 stages.';
	END IF;
	loc := @extschema@.journey_canonical_locale(define_journey.locale);

	LOCK TABLE @extschema@.cx_journey IN SHARE ROW EXCLUSIVE MODE;
	IF EXISTS (SELECT 1 FROM @extschema@.cx_journey j WHERE j.name = define_journey.name) THEN
		RAISE EXCEPTION 'journey "%" already exists', define_journey.name USING ERRCODE = '42710',
			HINT = 'Use add_stage(), rename_stage() or retire_stage() to change it.';
	END IF;
	SELECT coalesce(max(j.journey_id), 0) + 1 INTO jid FROM @extschema@.cx_journey j;
	IF jid > 32767 THEN
		RAISE EXCEPTION 'too many journeys' USING ERRCODE = '54000',
			DETAIL = 'Journey ids range from 1 to 32767.';
	END IF;
	INSERT INTO @extschema@.cx_journey (journey_id, name, locale) VALUES (jid, define_journey.name, loc);
	INSERT INTO @extschema@.cx_journey_stage (journey_id, stage_position, label)
		SELECT jid, t.o * 4294967296, @extschema@.journey_check_label_text(t.s)
		FROM unnest(define_journey.stages) WITH ORDINALITY AS t(s, o);
	PERFORM @extschema@.journey_check_labels(define_journey.name);
	RETURN jid;
END
$$;
COMMENT ON FUNCTION @extschema@.define_journey(text, text[], text) IS
	'define a journey: its name, its stages in order, and the ICU locale its labels are matched in; returns the journey id';

-- The journey id of a journey name, or an error.
CREATE FUNCTION @extschema@.journey_id(journey text) RETURNS integer
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	jid integer;
BEGIN
	SELECT j.journey_id INTO jid FROM @extschema@.cx_journey j WHERE j.name = lower(journey_id.journey);
	IF jid IS NULL THEN
		RAISE EXCEPTION 'journey "%" does not exist', journey_id.journey USING ERRCODE = '22023',
			HINT = 'The view cx_journeys lists the journeys.';
	END IF;
	RETURN jid;
END
$$;
COMMENT ON FUNCTION @extschema@.journey_id(text) IS 'the id of a journey, by name';

CREATE FUNCTION @extschema@.add_stage(journey text, label text, before text DEFAULT NULL, after text DEFAULT NULL)
	RETURNS @extschema@.journey_stage LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	jid integer;
	lo bigint;
	hi bigint;
	newpos bigint;
	maxpos constant bigint := 281474976710655;
	gap constant bigint := 4294967296;
BEGIN
	IF add_stage.journey IS NULL OR add_stage.label IS NULL THEN
		RAISE EXCEPTION 'journey and label must not be NULL' USING ERRCODE = '22023';
	END IF;
	IF add_stage.before IS NOT NULL AND add_stage.after IS NOT NULL THEN
		RAISE EXCEPTION 'a new stage goes either before or after another stage, not both' USING ERRCODE = '22023';
	END IF;
	jid := @extschema@.journey_id(add_stage.journey);
	-- serialise position allocation and label changes
	LOCK TABLE @extschema@.cx_journey_stage IN SHARE ROW EXCLUSIVE MODE;
	IF add_stage.after IS NOT NULL THEN
		lo := @extschema@.stage_position(@extschema@.make_stage(add_stage.journey, add_stage.after, true));
		SELECT min(s.stage_position) INTO hi FROM @extschema@.cx_journey_stage s
			WHERE s.journey_id = jid AND s.stage_position > lo;
	ELSIF add_stage.before IS NOT NULL THEN
		hi := @extschema@.stage_position(@extschema@.make_stage(add_stage.journey, add_stage.before, true));
		SELECT coalesce(max(s.stage_position), 0) INTO lo FROM @extschema@.cx_journey_stage s
			WHERE s.journey_id = jid AND s.stage_position < hi;
	ELSE
		SELECT coalesce(max(s.stage_position), 0) INTO lo FROM @extschema@.cx_journey_stage s
			WHERE s.journey_id = jid;
	END IF;
	IF hi IS NULL THEN
		-- after the last stage: the usual gap, or half of what is left
		newpos := CASE WHEN lo <= maxpos - gap THEN lo + gap ELSE lo + (maxpos + 1 - lo) / 2 END;
	ELSE
		newpos := lo + (hi - lo) / 2;
	END IF;
	IF newpos <= lo OR newpos > maxpos THEN
		RAISE EXCEPTION 'no room left for a new stage there in journey "%"', add_stage.journey USING ERRCODE = '54000',
			DETAIL = 'Stage positions are 48-bit integers that never change; each stage added between the same two stages halves the gap, which starts at 2^32.',
			HINT = 'Add the stage next to another neighbour, or define a new journey with the stages in the order you need.';
	END IF;
	INSERT INTO @extschema@.cx_journey_stage (journey_id, stage_position, label)
		VALUES (jid, newpos, @extschema@.journey_check_label_text(add_stage.label));
	PERFORM @extschema@.journey_check_labels(lower(add_stage.journey));
	RETURN @extschema@.journey_stage_from_ids(jid, newpos);
END
$$;
COMMENT ON FUNCTION @extschema@.add_stage(text, text, text, text) IS
	'add a stage to a journey, before or after an existing stage (default: at the end); stored values keep their order';

CREATE FUNCTION @extschema@.retire_stage(journey text, label text)
	RETURNS @extschema@.journey_stage LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	st @extschema@.journey_stage;
BEGIN
	IF retire_stage.journey IS NULL OR retire_stage.label IS NULL THEN
		RAISE EXCEPTION 'journey and label must not be NULL' USING ERRCODE = '22023';
	END IF;
	st := @extschema@.make_stage(retire_stage.journey, retire_stage.label, true);
	UPDATE @extschema@.cx_journey_stage s SET retired = true
		WHERE s.journey_id = @extschema@.journey_id(retire_stage.journey)
		  AND s.stage_position = @extschema@.stage_position(st) AND NOT s.retired;
	RETURN st;
END
$$;
COMMENT ON FUNCTION @extschema@.retire_stage(text, text) IS
	'retire a stage: stored values keep working and keep their order, new input of the label is refused';

CREATE FUNCTION @extschema@.set_stage_optional(journey text, label text, optional boolean DEFAULT true)
	RETURNS @extschema@.journey_stage LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	st @extschema@.journey_stage;
BEGIN
	IF set_stage_optional.journey IS NULL OR set_stage_optional.label IS NULL OR set_stage_optional.optional IS NULL THEN
		RAISE EXCEPTION 'journey, label and optional must not be NULL' USING ERRCODE = '22023';
	END IF;
	st := @extschema@.make_stage(set_stage_optional.journey, set_stage_optional.label, true);
	UPDATE @extschema@.cx_journey_stage s SET optional = set_stage_optional.optional
		WHERE s.journey_id = @extschema@.journey_id(set_stage_optional.journey)
		  AND s.stage_position = @extschema@.stage_position(st)
		  AND s.optional IS DISTINCT FROM set_stage_optional.optional;
	RETURN st;
END
$$;
COMMENT ON FUNCTION @extschema@.set_stage_optional(text, text, boolean) IS
	'mark a stage optional (or required again): journey_funnel chains may pass over optional stages; stored values are unchanged';

CREATE FUNCTION @extschema@.rename_stage(journey text, label text, new_label text)
	RETURNS @extschema@.journey_stage LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	st @extschema@.journey_stage;
BEGIN
	IF rename_stage.journey IS NULL OR rename_stage.label IS NULL OR rename_stage.new_label IS NULL THEN
		RAISE EXCEPTION 'journey, label and new label must not be NULL' USING ERRCODE = '22023';
	END IF;
	-- serialise label changes with add_stage and add_stage_alias (see journey_check_labels)
	LOCK TABLE @extschema@.cx_journey_stage IN SHARE ROW EXCLUSIVE MODE;
	st := @extschema@.make_stage(rename_stage.journey, rename_stage.label, true);
	UPDATE @extschema@.cx_journey_stage s SET label = @extschema@.journey_check_label_text(rename_stage.new_label)
		WHERE s.journey_id = @extschema@.journey_id(rename_stage.journey)
		  AND s.stage_position = @extschema@.stage_position(st);
	PERFORM @extschema@.journey_check_labels(lower(rename_stage.journey));
	RETURN st;
END
$$;
COMMENT ON FUNCTION @extschema@.rename_stage(text, text, text) IS
	'change the label of a stage; stored values (which hold ids) show the new label';

CREATE FUNCTION @extschema@.add_stage_alias(journey text, stage text, alias text, locale text DEFAULT NULL)
	RETURNS @extschema@.journey_stage LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	st @extschema@.journey_stage;
	jid integer;
	loc text;
BEGIN
	IF add_stage_alias.journey IS NULL OR add_stage_alias.stage IS NULL OR add_stage_alias.alias IS NULL THEN
		RAISE EXCEPTION 'journey, stage and alias must not be NULL' USING ERRCODE = '22023';
	END IF;
	jid := @extschema@.journey_id(add_stage_alias.journey);
	-- serialise label changes with add_stage and rename_stage (see journey_check_labels)
	LOCK TABLE @extschema@.cx_journey_stage IN SHARE ROW EXCLUSIVE MODE;
	st := @extschema@.make_stage(add_stage_alias.journey, add_stage_alias.stage, true);
	IF add_stage_alias.locale IS NULL THEN
		SELECT j.locale INTO loc FROM @extschema@.cx_journey j WHERE j.journey_id = jid;
	ELSE
		loc := @extschema@.journey_canonical_locale(add_stage_alias.locale);
	END IF;
	INSERT INTO @extschema@.cx_journey_stage_alias (journey_id, stage_position, alias, locale)
		VALUES (jid, @extschema@.stage_position(st), @extschema@.journey_check_label_text(add_stage_alias.alias), loc);
	PERFORM @extschema@.journey_check_labels(lower(add_stage_alias.journey));
	RETURN st;
END
$$;
COMMENT ON FUNCTION @extschema@.add_stage_alias(text, text, text, text) IS
	'add another spelling of a stage label, matched with the collator of locale (default: the journey''s)';

-- ---------------------------------------------------------------------------
-- Casts
-- ---------------------------------------------------------------------------

CREATE CAST (@extschema@.journey_stage AS @extschema@.journey_stage)
	WITH FUNCTION @extschema@.journey_stage(@extschema@.journey_stage, integer, boolean) AS IMPLICIT;
CREATE CAST (@extschema@.journey_stage AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (text AS @extschema@.journey_stage) WITH INOUT;

-- ---------------------------------------------------------------------------
-- Operators
-- ---------------------------------------------------------------------------

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.journey_stage, RIGHTARG = @extschema@.journey_stage,
	FUNCTION = @extschema@.journey_stage_eq,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.journey_stage, RIGHTARG = @extschema@.journey_stage,
	FUNCTION = @extschema@.journey_stage_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.journey_stage, RIGHTARG = @extschema@.journey_stage,
	FUNCTION = @extschema@.journey_stage_lt,
	COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.journey_stage, RIGHTARG = @extschema@.journey_stage,
	FUNCTION = @extschema@.journey_stage_le,
	COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.journey_stage, RIGHTARG = @extschema@.journey_stage,
	FUNCTION = @extschema@.journey_stage_gt,
	COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.journey_stage, RIGHTARG = @extschema@.journey_stage,
	FUNCTION = @extschema@.journey_stage_ge,
	COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
CREATE OPERATOR @extschema@.- (
	LEFTARG = @extschema@.journey_stage, RIGHTARG = @extschema@.journey_stage,
	FUNCTION = @extschema@.journey_stage_distance
);
CREATE OPERATOR @extschema@.+ (
	LEFTARG = @extschema@.journey_stage, RIGHTARG = integer,
	FUNCTION = @extschema@.journey_stage_plus
);
CREATE OPERATOR @extschema@.- (
	LEFTARG = @extschema@.journey_stage, RIGHTARG = integer,
	FUNCTION = @extschema@.journey_stage_minus
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.journey_stage, @extschema@.journey_stage) IS 'same stage';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.journey_stage, @extschema@.journey_stage) IS 'different stages';
COMMENT ON OPERATOR @extschema@.< (@extschema@.journey_stage, @extschema@.journey_stage) IS 'earlier stage (journey id first)';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.journey_stage, @extschema@.journey_stage) IS 'earlier or same stage';
COMMENT ON OPERATOR @extschema@.> (@extschema@.journey_stage, @extschema@.journey_stage) IS 'later stage (journey id first)';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.journey_stage, @extschema@.journey_stage) IS 'later or same stage';
COMMENT ON OPERATOR @extschema@.- (@extschema@.journey_stage, @extschema@.journey_stage) IS 'number of stages from the right to the left stage (same journey)';
COMMENT ON OPERATOR @extschema@.+ (@extschema@.journey_stage, integer) IS 'the stage n stages later';
COMMENT ON OPERATOR @extschema@.- (@extschema@.journey_stage, integer) IS 'the stage n stages earlier';

-- ---------------------------------------------------------------------------
-- Aggregates (after the operators: SORTOP lets min/max use an index)
-- ---------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.min(@extschema@.journey_stage) (
	SFUNC = @extschema@.journey_stage_smaller,
	STYPE = @extschema@.journey_stage,
	COMBINEFUNC = @extschema@.journey_stage_smaller,
	SORTOP = OPERATOR(@extschema@.<),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.journey_stage) IS 'earliest stage';
CREATE AGGREGATE @extschema@.max(@extschema@.journey_stage) (
	SFUNC = @extschema@.journey_stage_larger,
	STYPE = @extschema@.journey_stage,
	COMBINEFUNC = @extschema@.journey_stage_larger,
	SORTOP = OPERATOR(@extschema@.>),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.max(@extschema@.journey_stage) IS 'latest stage';

-- ---------------------------------------------------------------------------
-- Operator classes
-- ---------------------------------------------------------------------------

CREATE OPERATOR CLASS @extschema@.journey_stage_ops
	DEFAULT FOR TYPE @extschema@.journey_stage USING btree AS
	OPERATOR 1 @extschema@.<,
	OPERATOR 2 @extschema@.<=,
	OPERATOR 3 @extschema@.=,
	OPERATOR 4 @extschema@.>=,
	OPERATOR 5 @extschema@.>,
	FUNCTION 1 @extschema@.journey_stage_cmp(@extschema@.journey_stage, @extschema@.journey_stage),
	FUNCTION 2 @extschema@.journey_stage_sortsupport(internal),
	FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS @extschema@.journey_stage_hash_ops
	DEFAULT FOR TYPE @extschema@.journey_stage USING hash AS
	OPERATOR 1 @extschema@.=,
	FUNCTION 1 @extschema@.journey_stage_hash(@extschema@.journey_stage),
	FUNCTION 2 @extschema@.journey_stage_hash_extended(@extschema@.journey_stage, bigint);

-- ---------------------------------------------------------------------------
-- Views of the catalog
-- ---------------------------------------------------------------------------

CREATE VIEW @extschema@.cx_journeys AS
	SELECT j.journey_id, j.name, j.locale,
		   (SELECT count(*) FROM @extschema@.cx_journey_stage s
			 WHERE s.journey_id = j.journey_id)::integer AS stages,
		   (SELECT count(*) FROM @extschema@.cx_journey_stage s
			 WHERE s.journey_id = j.journey_id AND NOT s.retired)::integer AS active_stages,
		   j.created_at
	  FROM @extschema@.cx_journey j;
COMMENT ON VIEW @extschema@.cx_journeys IS 'the defined journeys, with their number of stages';

CREATE VIEW @extschema@.cx_journey_stages AS
	SELECT j.name AS journey,
		   @extschema@.journey_stage_from_ids(s.journey_id, s.stage_position) AS stage,
		   (row_number() OVER (PARTITION BY s.journey_id ORDER BY s.stage_position))::integer AS ordinal,
		   s.label, s.retired, s.optional, s.stage_position,
		   ARRAY(SELECT a.alias || ' (' || a.locale || ')' FROM @extschema@.cx_journey_stage_alias a
				  WHERE a.journey_id = s.journey_id AND a.stage_position = s.stage_position
				  ORDER BY a.locale, a.alias) AS aliases
	  FROM @extschema@.cx_journey_stage s
	  JOIN @extschema@.cx_journey j ON j.journey_id = s.journey_id;
COMMENT ON VIEW @extschema@.cx_journey_stages IS 'the stages of every journey in order, with their aliases';

GRANT SELECT ON @extschema@.cx_journeys, @extschema@.cx_journey_stages TO PUBLIC;
