-- demo/sql/20_accounts.sql: 20,000 accounts (scaled by :scale, at least 2,000).
-- Low ids are the big accounts: 1.5% enterprise, 13.5% business, the rest starter.
-- Enterprise accounts hold about half of the revenue.
SELECT setseed(0.17) AS seeded \gset

SELECT greatest(2000, round(20000 * :scale))::int AS n_accounts \gset
INSERT INTO accounts
SELECT id,
	format('%s %s', (ARRAY['Acme','Globex','Initech','Umbrella','Hooli','Stark','Wayne','Wonka','Tyrell','Cyberdyne',
	                       'Soylent','Vandelay','Pied Piper','Monarch','Aperture','Massive','Dunder','Prestige'])[1 + (id * 7) % 18],
	                id),
	CASE WHEN r_region < 0.40 THEN 'North America' WHEN r_region < 0.70 THEN 'EMEA'
	     WHEN r_region < 0.90 THEN 'APAC' ELSE 'LATAM' END,
	tier,
	round(CASE tier WHEN 'enterprise' THEN 120000 + 2500000 * power(r_arr, 3)
	                WHEN 'business'   THEN 15000 + 90000 * r_arr
	                ELSE 600 + 9000 * power(r_arr, 2) END::numeric, 2),
	DATE '2018-01-01' + (r_created * 2500)::int
FROM (
	SELECT id,
		CASE WHEN id <= :n_accounts * 0.015 THEN 'enterprise'
		     WHEN id <= :n_accounts * 0.15 THEN 'business' ELSE 'starter' END AS tier,
		random() AS r_region, random() AS r_arr, random() AS r_created
	FROM generate_series(1, :n_accounts) id
	OFFSET 0
) g;
ALTER TABLE accounts ADD PRIMARY KEY (account_id);
