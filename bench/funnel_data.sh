# bench/funnel_data.sh: the two generated funnel data sets of bench/suites/50_funnel.sh and
# bench/callgrind_funnel.sh.  funnel_data_sql N prints the SQL that creates, for N events
# each, fb_sparse (N/10 customers x 10 events over 3 days) and fb_dense (N/500 customers x
# 500 events over 60 days): columns customer, ts, e (event type 0..6; the funnel steps are
# 0..3) and stage (the journey_stage of fb_funnel for e 0..3, else NULL), ordered by
# customer, with an index on (customer, e, ts).  hashint4 gives the same data everywhere.
funnel_data_sql() {
	local n=$1 sparse_c dense_c per_sparse per_dense
	sparse_c=$(( (n + 9) / 10 ))
	dense_c=$(( (n + 499) / 500 ))
	per_sparse=$(( (n + sparse_c - 1) / sparse_c ))
	per_dense=$(( (n + dense_c - 1) / dense_c ))
	cat <<SQL
SELECT define_journey('fb_funnel', ARRAY['Visit', 'Cart', 'Checkout', 'Purchase']);
CREATE TABLE fb_stages AS SELECT ordinal - 1 AS e, stage FROM cx_journey_stages WHERE journey = 'fb_funnel';
CREATE TABLE fb_sparse0 AS
SELECT (i / $per_sparse)::bigint AS customer,
       timestamptz '2026-01-01 00:00+00' + (abs(hashint4(i::int)) % 259200) * interval '1 s' AS ts,
       (abs(hashint4(i::int + 7777777)) % 7)::int AS e
FROM generate_series(0, $n - 1) i;
CREATE TABLE fb_dense0 AS
SELECT (i / $per_dense)::bigint AS customer,
       timestamptz '2026-01-01 00:00+00' + (abs(hashint4(i::int)) % 5184000) * interval '1 s' AS ts,
       (abs(hashint4(i::int + 7777777)) % 7)::int AS e
FROM generate_series(0, $n - 1) i;
-- the same events with a journey_stage column (NULL for the event types that are no stage)
CREATE TABLE fb_sparse AS SELECT r.*, s.stage FROM fb_sparse0 r LEFT JOIN fb_stages s USING (e) ORDER BY customer;
CREATE TABLE fb_dense AS SELECT r.*, s.stage FROM fb_dense0 r LEFT JOIN fb_stages s USING (e) ORDER BY customer;
DROP TABLE fb_sparse0, fb_dense0;
CREATE INDEX ON fb_sparse (customer, e, ts);
CREATE INDEX ON fb_dense (customer, e, ts);
SQL
}
